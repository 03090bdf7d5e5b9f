CREATE TABLE notice_objections_old (
    id              INTEGER PRIMARY KEY NOT NULL,
    nomination_id   BIGINT NOT NULL REFERENCES nominations (id),
    content         TEXT NOT NULL,
    outcome         TEXT CHECK (outcome IN ('upheld', 'dismissed')),
    outcome_reason  TEXT,
    recorded_by     BIGINT NOT NULL REFERENCES users (id),
    recorded_at     TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP
);
INSERT INTO notice_objections_old
    (id, nomination_id, content, outcome, outcome_reason, recorded_by, recorded_at, decided_at)
SELECT id, nomination_id, content,
       CASE outcome WHEN 'rejected' THEN 'dismissed' ELSE outcome END,
       outcome_reason, recorded_by, recorded_at, decided_at
FROM notice_objections;
DROP TABLE notice_objections;
ALTER TABLE notice_objections_old RENAME TO notice_objections;
CREATE INDEX notice_objections_nomination_idx ON notice_objections (nomination_id);
