-- Benefits (待遇) of mentors: one row per benefit from application or selection to its end, and
-- the yearly quotas. `open_key` holds "entry:kind" while a benefit is applied or approved (and
-- "entry:kind:year" for a yearly kind in any state but declined), so that a unique index, not a
-- check-then-insert, keeps a mentor from holding two at once.

CREATE TABLE benefits (
    id                BIGSERIAL PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('health_check', 'bus_card', 'apartment', 'recuperation_leave', 'training_class', 'study_tour', 'commendation')),
    mentor_entry_id   BIGINT NOT NULL REFERENCES mentors (id),
    mentor_user_id    BIGINT NOT NULL REFERENCES users (id),
    unit_id           BIGINT NOT NULL REFERENCES units (id),
    year              INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'declined', 'issued', 'expired', 'revoked')),
    open_key          TEXT,
    note              TEXT,
    decision_reason   TEXT,
    decided_by        BIGINT REFERENCES users (id),
    decided_at        TIMESTAMP,
    details           TEXT NOT NULL,
    issued_by         BIGINT REFERENCES users (id),
    issued_at         TIMESTAMP,
    valid_from        DATE,
    valid_until       DATE,
    end_reason        TEXT,
    ended_at          TIMESTAMP,
    return_by         DATE,
    created_by        BIGINT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX benefits_open_key ON benefits (open_key);
CREATE INDEX benefits_entry_idx ON benefits (mentor_entry_id, kind, status);
CREATE INDEX benefits_kind_status_idx ON benefits (kind, status, valid_until);
CREATE INDEX benefits_unit_idx ON benefits (unit_id, kind);

CREATE TABLE benefit_quotas (
    id          BIGSERIAL PRIMARY KEY,
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    quota       INTEGER NOT NULL CHECK (quota >= 0),
    used        INTEGER NOT NULL CHECK (used >= 0),
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX benefit_quotas_key ON benefit_quotas (year, kind);
