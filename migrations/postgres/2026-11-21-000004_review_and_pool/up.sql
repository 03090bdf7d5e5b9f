-- Committee review (reviewers per category, scores), decisions with sign-off, public-notice
-- objections, and the mentor pool that closing a round fills.

CREATE TABLE round_reviewers (
    id           BIGSERIAL PRIMARY KEY,
    round_id     BIGINT NOT NULL REFERENCES selection_rounds (id),
    reviewer_id  BIGINT NOT NULL REFERENCES users (id),
    category     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX round_reviewers_key ON round_reviewers (round_id, reviewer_id, category);

CREATE TABLE review_scores (
    id              BIGSERIAL PRIMARY KEY,
    nomination_id   BIGINT NOT NULL REFERENCES nominations (id),
    reviewer_id     BIGINT NOT NULL REFERENCES users (id),
    score           INTEGER NOT NULL,
    recommendation  TEXT NOT NULL CHECK (recommendation IN ('recommend', 'neutral', 'oppose')),
    comment         TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX review_scores_key ON review_scores (nomination_id, reviewer_id);

ALTER TABLE nominations ADD COLUMN decision_reason TEXT;
ALTER TABLE nominations ADD COLUMN signed_by TEXT;
ALTER TABLE nominations ADD COLUMN signed_on DATE;
ALTER TABLE nominations ADD COLUMN decided_at TIMESTAMP;

CREATE TABLE notice_objections (
    id              BIGSERIAL PRIMARY KEY,
    nomination_id   BIGINT NOT NULL REFERENCES nominations (id),
    content         TEXT NOT NULL,
    outcome         TEXT CHECK (outcome IN ('upheld', 'dismissed')),
    outcome_reason  TEXT,
    recorded_by     BIGINT NOT NULL REFERENCES users (id),
    recorded_at     TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP
);
CREATE INDEX notice_objections_nomination_idx ON notice_objections (nomination_id);

CREATE TABLE mentors (
    id                 BIGSERIAL PRIMARY KEY,
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
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX mentors_certificate_key ON mentors (certificate_no);
CREATE UNIQUE INDEX mentors_nomination_key ON mentors (nomination_id);
CREATE INDEX mentors_user_idx ON mentors (user_id, status);
CREATE INDEX mentors_unit_idx ON mentors (unit_id, status);
