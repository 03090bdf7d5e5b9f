-- The activity log (培带活动) of a contract and each attending mentee's confirmation.

CREATE TABLE activities (
    id           BIGSERIAL PRIMARY KEY,
    contract_id  BIGINT NOT NULL REFERENCES contracts (id),
    kind         TEXT NOT NULL CHECK (kind IN ('lecture', 'technical_tutoring', 'training_class', 'exchange', 'project_practice', 'custom')),
    title        TEXT NOT NULL,
    held_on      DATE NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    place        TEXT,
    summary      TEXT,
    locked       BOOLEAN NOT NULL,
    logged_by    BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX activities_contract_idx ON activities (contract_id, held_on);

CREATE TABLE activity_attendance (
    id              BIGSERIAL PRIMARY KEY,
    activity_id     BIGINT NOT NULL REFERENCES activities (id),
    mentee_user_id  BIGINT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'disputed')),
    note            TEXT,
    responded_at    TIMESTAMP
);
CREATE UNIQUE INDEX activity_attendance_key ON activity_attendance (activity_id, mentee_user_id);
CREATE INDEX activity_attendance_mentee_idx ON activity_attendance (mentee_user_id, status);
