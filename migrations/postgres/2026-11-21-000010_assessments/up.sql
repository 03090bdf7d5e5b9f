-- Annual assessment (年度考核评价): a round per year, one assessment per mentor active that year,
-- the mentor's objection to an unqualified grade with its files, and what revocation records on
-- the pool entry.

CREATE TABLE assessment_rounds (
    id                  BIGSERIAL PRIMARY KEY,
    year                INTEGER NOT NULL,
    opens_on            DATE NOT NULL,
    closes_on           DATE NOT NULL,
    objection_days      INTEGER NOT NULL,
    consequence         TEXT NOT NULL CHECK (consequence IN ('revoke', 'rectify_then_revoke')),
    rectification_days  INTEGER NOT NULL,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assessment_rounds_year_key ON assessment_rounds (year);

CREATE TABLE assessments (
    id                  BIGSERIAL PRIMARY KEY,
    round_id            BIGINT NOT NULL REFERENCES assessment_rounds (id),
    kind                TEXT NOT NULL CHECK (kind IN ('annual', 'follow_up')),
    follows_id          BIGINT REFERENCES assessments (id),
    mentor_entry_id     BIGINT NOT NULL REFERENCES mentors (id),
    mentor_user_id      BIGINT NOT NULL REFERENCES users (id),
    unit_id             BIGINT NOT NULL REFERENCES units (id),
    contract_id         BIGINT REFERENCES contracts (id),
    period_from         DATE NOT NULL,
    period_to           DATE NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'confirmed')),
    grade               TEXT CHECK (grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
    suggested_grade     TEXT CHECK (suggested_grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
    overall_comment     TEXT,
    indicator_comments  TEXT NOT NULL,
    evidence            TEXT,
    return_reason       TEXT,
    submitted_by        BIGINT REFERENCES users (id),
    submitted_at        TIMESTAMP,
    confirmed_by        BIGINT REFERENCES users (id),
    confirmed_at        TIMESTAMP,
    confirmations       INTEGER NOT NULL,
    objection_deadline  DATE,
    consequence         TEXT CHECK (consequence IN ('revoked', 'rectification', 'not_applicable')),
    consequence_at      TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assessments_mentor_key ON assessments (round_id, mentor_entry_id, kind);
CREATE INDEX assessments_unit_idx ON assessments (round_id, unit_id, status);
CREATE INDEX assessments_mentor_user_idx ON assessments (mentor_user_id);
CREATE INDEX assessments_contract_idx ON assessments (contract_id);
CREATE INDEX assessments_awaiting_consequence_idx ON assessments (objection_deadline)
    WHERE grade = 'unqualified' AND consequence IS NULL;

CREATE TABLE assessment_objections (
    id               BIGSERIAL PRIMARY KEY,
    assessment_id    BIGINT NOT NULL REFERENCES assessments (id),
    confirmation     INTEGER NOT NULL,
    mentor_user_id   BIGINT NOT NULL REFERENCES users (id),
    content          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
    decision_reason  TEXT,
    decided_by       BIGINT REFERENCES users (id),
    filed_at         TIMESTAMP NOT NULL,
    decided_at       TIMESTAMP
);
CREATE UNIQUE INDEX assessment_objections_key ON assessment_objections (assessment_id, confirmation);
CREATE INDEX assessment_objections_status_idx ON assessment_objections (status);

CREATE TABLE objection_files (
    id            BIGSERIAL PRIMARY KEY,
    objection_id  BIGINT NOT NULL REFERENCES assessment_objections (id),
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX objection_files_objection_idx ON objection_files (objection_id);

ALTER TABLE mentors ADD COLUMN revoked_on DATE;
ALTER TABLE mentors ADD COLUMN revoked_assessment_id BIGINT REFERENCES assessments (id);
