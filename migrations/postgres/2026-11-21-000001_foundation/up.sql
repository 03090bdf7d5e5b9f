-- Units, users with their talent profile and roles, and the append-only audit log.

CREATE TABLE units (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('banner_county_district', 'city_department', 'college', 'enterprise', 'other')),
    district    TEXT,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX units_name_key ON units (name);

CREATE TABLE users (
    id                    BIGSERIAL PRIMARY KEY,
    email                 TEXT NOT NULL,
    name                  TEXT NOT NULL,
    unit_id               BIGINT REFERENCES units (id),
    status                TEXT NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
    locale                TEXT NOT NULL CHECK (locale IN ('zh-CN', 'en')),
    password_hash         TEXT,
    token_version         INTEGER NOT NULL DEFAULT 0,
    gender                TEXT CHECK (gender IN ('female', 'male')),
    birth_date            DATE,
    education             TEXT CHECK (education IN ('below_bachelor', 'bachelor', 'master', 'doctorate')),
    title_level           TEXT CHECK (title_level IN ('none', 'junior', 'intermediate', 'associate_senior', 'senior')),
    skill_level           TEXT CHECK (skill_level IN ('none', 'junior_worker', 'intermediate_worker', 'senior_worker', 'technician', 'senior_technician')),
    specialty             TEXT,
    phone                 TEXT,
    city_work_start_date  DATE,
    from_outside_city     BOOLEAN NOT NULL DEFAULT FALSE,
    owns_urban_housing    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_unit_id_idx ON users (unit_id);

CREATE TABLE user_roles (
    user_id  BIGINT NOT NULL REFERENCES users (id),
    role     TEXT NOT NULL CHECK (role IN ('city_admin', 'unit_admin', 'reviewer', 'mentor', 'mentee')),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role_idx ON user_roles (role, user_id);

CREATE TABLE audit_events (
    id           BIGSERIAL PRIMARY KEY,
    occurred_at  TIMESTAMP NOT NULL,
    actor_id     BIGINT REFERENCES users (id),
    action       TEXT NOT NULL,
    object_type  TEXT,
    object_id    TEXT,
    unit_id      BIGINT REFERENCES units (id),
    summary      TEXT NOT NULL,
    client_ip    TEXT,
    request_id   TEXT
);
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
