-- Imported pool entries have no round or nomination, so they cannot go back to the old table:
-- undoing this migration refuses (NOT NULL) while any imported entry exists.
PRAGMA defer_foreign_keys = ON;

DROP INDEX contracts_source_idx;
ALTER TABLE contracts DROP COLUMN source;

CREATE TABLE mentors_after_000024 AS SELECT * FROM mentors;
DROP TABLE mentors;
CREATE TABLE mentors (
    id                 INTEGER PRIMARY KEY NOT NULL,
    user_id            BIGINT NOT NULL REFERENCES users (id),
    round_id           BIGINT NOT NULL REFERENCES selection_rounds (id),
    nomination_id      BIGINT NOT NULL REFERENCES nominations (id),
    unit_id            BIGINT NOT NULL REFERENCES units (id),
    category           TEXT NOT NULL,
    certificate_no     TEXT NOT NULL,
    appointed_on       DATE NOT NULL,
    term_ends_on       DATE NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'expired', 'withdrawn')),
    status_reason      TEXT,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    revoked_on         DATE,
    revoked_assessment_id BIGINT
);
INSERT INTO mentors
    (id, user_id, round_id, nomination_id, unit_id, category, certificate_no, appointed_on,
     term_ends_on, status, status_reason, created_at, updated_at, revoked_on,
     revoked_assessment_id)
SELECT id, user_id, round_id, nomination_id, unit_id, category, certificate_no, appointed_on,
       term_ends_on, status, status_reason, created_at, updated_at, revoked_on,
       revoked_assessment_id
FROM mentors_after_000024;
DROP TABLE mentors_after_000024;
CREATE UNIQUE INDEX mentors_certificate_key ON mentors (certificate_no);
CREATE UNIQUE INDEX mentors_nomination_key ON mentors (nomination_id);
CREATE INDEX mentors_user_idx ON mentors (user_id, status);
CREATE INDEX mentors_unit_idx ON mentors (unit_id, status);
