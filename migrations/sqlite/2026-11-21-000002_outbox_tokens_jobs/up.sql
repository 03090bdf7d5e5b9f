-- The e-mail outbox, single-use account tokens (stored as hashes), and the record of job runs.

CREATE TABLE email_outbox (
    id                 INTEGER PRIMARY KEY NOT NULL,
    idempotency_key    TEXT NOT NULL,
    message_id         TEXT NOT NULL,
    template           TEXT NOT NULL,
    recipient_user_id  BIGINT REFERENCES users (id),
    recipient_email    TEXT NOT NULL,
    recipient_name     TEXT NOT NULL,
    locale             TEXT NOT NULL CHECK (locale IN ('zh-CN', 'en')),
    data               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMP NOT NULL,
    lease_until        TIMESTAMP,
    claimed_by         TEXT,
    last_error         TEXT,
    created_at         TIMESTAMP NOT NULL,
    sent_at            TIMESTAMP
);
CREATE UNIQUE INDEX email_outbox_key ON email_outbox (idempotency_key);
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_claim_idx ON email_outbox (claimed_by);

CREATE TABLE account_tokens (
    id          INTEGER PRIMARY KEY NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    nonce       TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

CREATE TABLE job_runs (
    id             INTEGER PRIMARY KEY NOT NULL,
    job            TEXT NOT NULL,
    trigger        TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'cli')),
    scheduled_for  TIMESTAMP,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
    counts         TEXT NOT NULL,
    error          TEXT
);
CREATE INDEX job_runs_job_idx ON job_runs (job, started_at);
