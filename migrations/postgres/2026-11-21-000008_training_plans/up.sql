-- Training plans (培养计划): one per mentee of a contract, every submitted version kept, and the
-- mentee's progress reports against its milestones.

CREATE TABLE training_plans (
    id              BIGSERIAL PRIMARY KEY,
    contract_id     BIGINT NOT NULL REFERENCES contracts (id),
    mentee_user_id  BIGINT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    content         TEXT NOT NULL,
    version         INTEGER NOT NULL,
    review_comment  TEXT,
    submitted_at    TIMESTAMP,
    reviewed_at     TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_plans_key ON training_plans (contract_id, mentee_user_id);
CREATE INDEX training_plans_status_idx ON training_plans (status);

CREATE TABLE plan_versions (
    id            BIGSERIAL PRIMARY KEY,
    plan_id       BIGINT NOT NULL REFERENCES training_plans (id),
    version       INTEGER NOT NULL,
    content       TEXT NOT NULL,
    submitted_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX plan_versions_key ON plan_versions (plan_id, version);

CREATE TABLE milestone_reports (
    id               BIGSERIAL PRIMARY KEY,
    plan_id          BIGINT NOT NULL REFERENCES training_plans (id),
    milestone_index  INTEGER NOT NULL,
    note             TEXT NOT NULL,
    reported_at      TIMESTAMP NOT NULL
);
CREATE INDEX milestone_reports_plan_idx ON milestone_reports (plan_id);
