-- Contracts (培带联系书) between a mentor and five mentees: terms, indicators, signatures and who
-- was in the contract when. "One active contract per mentor / per mentee" is a unique index on
-- lock columns that hold the person's id only while the contract is active, so two concurrent
-- activations cannot both succeed.

CREATE TABLE contracts (
    id                  INTEGER PRIMARY KEY NOT NULL,
    mentor_entry_id     BIGINT NOT NULL REFERENCES mentors (id),
    mentor_user_id      BIGINT NOT NULL REFERENCES users (id),
    unit_id             BIGINT NOT NULL REFERENCES units (id),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'pending_signatures', 'active', 'completed', 'terminated')),
    start_date          DATE NOT NULL,
    cycle_months        INTEGER NOT NULL,
    end_date            DATE NOT NULL,
    version             INTEGER NOT NULL,
    mentor_signed_at    TIMESTAMP,
    active_mentor_lock  BIGINT,
    end_reason          TEXT,
    created_by          BIGINT NOT NULL REFERENCES users (id),
    activated_at        TIMESTAMP,
    ended_at            TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX contracts_active_mentor_key ON contracts (active_mentor_lock);
CREATE INDEX contracts_unit_status_idx ON contracts (unit_id, status);
CREATE INDEX contracts_mentor_idx ON contracts (mentor_user_id, status);

CREATE TABLE contract_indicators (
    id             INTEGER PRIMARY KEY NOT NULL,
    contract_id    BIGINT NOT NULL REFERENCES contracts (id),
    kind           TEXT NOT NULL CHECK (kind IN ('lecture', 'technical_tutoring', 'training_class', 'exchange', 'project_practice', 'custom')),
    description    TEXT NOT NULL,
    yearly_target  INTEGER NOT NULL,
    measure        TEXT NOT NULL CHECK (measure IN ('count', 'hours'))
);
CREATE INDEX contract_indicators_contract_idx ON contract_indicators (contract_id);

CREATE TABLE contract_mentees (
    id                 INTEGER PRIMARY KEY NOT NULL,
    contract_id        BIGINT NOT NULL REFERENCES contracts (id),
    mentee_user_id     BIGINT NOT NULL REFERENCES users (id),
    justification      TEXT,
    joined_on          DATE,
    signed_at          TIMESTAMP,
    left_on            DATE,
    leave_reason       TEXT CHECK (leave_reason IN ('transferred', 'resigned', 'other')),
    leave_note         TEXT,
    active_mentee_lock BIGINT,
    created_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX contract_mentees_active_key ON contract_mentees (active_mentee_lock);
CREATE INDEX contract_mentees_contract_idx ON contract_mentees (contract_id);
CREATE INDEX contract_mentees_mentee_idx ON contract_mentees (mentee_user_id);
