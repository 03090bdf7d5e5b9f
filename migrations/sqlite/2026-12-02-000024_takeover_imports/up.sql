-- Taking over a running program: pool entries and contracts imported from the city's own lists.
-- An imported pool entry was appointed before the service, so it has no round and no nomination
-- (both links become nullable) and is marked `source = 'import'`; an imported contract is marked
-- `source = 'import'` (its signatures were given on paper, recorded as given on its start date).
--
-- SQLite cannot drop NOT NULL in place, so `mentors` is rebuilt with its rows, ids and indexes.
-- Contracts, assessments and benefits refer to it; with the foreign keys deferred until commit,
-- dropping the old table counts their rows as dangling and inserting the same ids into the new
-- table counts them as resolved again, so the commit checks that nothing was left dangling.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE mentors_before_000024 AS SELECT * FROM mentors;
DROP TABLE mentors;

CREATE TABLE mentors (
    id                     INTEGER PRIMARY KEY NOT NULL,
    user_id                BIGINT NOT NULL REFERENCES users (id),
    round_id               BIGINT REFERENCES selection_rounds (id),
    nomination_id          BIGINT REFERENCES nominations (id),
    unit_id                BIGINT NOT NULL REFERENCES units (id),
    category               TEXT NOT NULL,
    certificate_no         TEXT NOT NULL,
    appointed_on           DATE NOT NULL,
    term_ends_on           DATE NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'expired', 'withdrawn')),
    status_reason          TEXT,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    revoked_on             DATE,
    revoked_assessment_id  BIGINT,
    source                 TEXT NOT NULL DEFAULT 'selection' CHECK (source IN ('selection', 'import')),
    CHECK ((source = 'selection') = (round_id IS NOT NULL AND nomination_id IS NOT NULL))
);
INSERT INTO mentors
    (id, user_id, round_id, nomination_id, unit_id, category, certificate_no, appointed_on,
     term_ends_on, status, status_reason, created_at, updated_at, revoked_on,
     revoked_assessment_id, source)
SELECT id, user_id, round_id, nomination_id, unit_id, category, certificate_no, appointed_on,
       term_ends_on, status, status_reason, created_at, updated_at, revoked_on,
       revoked_assessment_id, 'selection'
FROM mentors_before_000024;
DROP TABLE mentors_before_000024;

CREATE UNIQUE INDEX mentors_certificate_key ON mentors (certificate_no);
CREATE UNIQUE INDEX mentors_nomination_key ON mentors (nomination_id);
CREATE INDEX mentors_user_idx ON mentors (user_id, status);
CREATE INDEX mentors_unit_idx ON mentors (unit_id, status);

ALTER TABLE contracts ADD COLUMN source TEXT NOT NULL DEFAULT 'signed' CHECK (source IN ('signed', 'import'));
CREATE INDEX contracts_source_idx ON contracts (source, mentor_entry_id, start_date);
