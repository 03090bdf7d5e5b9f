-- Selection rounds, their quotas, the units' nominations (application forms) and evidence files.

CREATE TABLE selection_rounds (
    id                      INTEGER PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL,
    year                    INTEGER NOT NULL,
    nomination_deadline     DATE NOT NULL,
    age_reference_date      DATE NOT NULL,
    birth_date_cutoff       DATE,
    appointment_term_years  INTEGER NOT NULL,
    status                  TEXT NOT NULL CHECK (status IN ('open', 'reviewing', 'public_notice', 'closed')),
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX selection_rounds_name_key ON selection_rounds (name);

CREATE TABLE round_quotas (
    id        INTEGER PRIMARY KEY NOT NULL,
    round_id  BIGINT NOT NULL REFERENCES selection_rounds (id),
    unit_id   BIGINT REFERENCES units (id),
    category  TEXT,
    quota     INTEGER NOT NULL CHECK (quota >= 0),
    CHECK ((unit_id IS NULL) <> (category IS NULL))
);
CREATE INDEX round_quotas_round_idx ON round_quotas (round_id);

CREATE TABLE nominations (
    id                           INTEGER PRIMARY KEY NOT NULL,
    round_id                     BIGINT NOT NULL REFERENCES selection_rounds (id),
    unit_id                      BIGINT NOT NULL REFERENCES units (id),
    candidate_id                 BIGINT NOT NULL REFERENCES users (id),
    status                       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'under_review', 'approved', 'rejected', 'withdrawn')),
    category                     TEXT,
    birth_date                   DATE,
    education                    TEXT,
    title_level                  TEXT,
    skill_level                  TEXT,
    specialty                    TEXT,
    city_work_start_date         DATE,
    from_outside_city            BOOLEAN NOT NULL,
    skills_award                 TEXT,
    honours                      TEXT NOT NULL,
    achievements                 TEXT,
    unit_opinion                 TEXT,
    outstanding_exception        BOOLEAN NOT NULL,
    exception_justification      TEXT,
    qualification_justification  TEXT,
    warnings                     TEXT NOT NULL,
    return_comment               TEXT,
    submitted_at                 TIMESTAMP,
    created_by                   BIGINT NOT NULL REFERENCES users (id),
    created_at                   TIMESTAMP NOT NULL,
    updated_at                   TIMESTAMP NOT NULL
);
CREATE INDEX nominations_round_unit_idx ON nominations (round_id, unit_id, status);
CREATE INDEX nominations_candidate_idx ON nominations (candidate_id, round_id);

CREATE TABLE nomination_files (
    id             INTEGER PRIMARY KEY NOT NULL,
    nomination_id  BIGINT NOT NULL REFERENCES nominations (id),
    sha256         TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    uploaded_by    BIGINT NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX nomination_files_nomination_idx ON nomination_files (nomination_id);
