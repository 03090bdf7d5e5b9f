-- One vocabulary for objection decisions: a selection objection that does not stand is
-- 'rejected', as an assessment objection is (it was 'dismissed'). SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt with its rows, columns and index unchanged.
CREATE TABLE notice_objections_new (
    id              INTEGER PRIMARY KEY NOT NULL,
    nomination_id   BIGINT NOT NULL REFERENCES nominations (id),
    content         TEXT NOT NULL,
    outcome         TEXT CHECK (outcome IN ('upheld', 'rejected')),
    outcome_reason  TEXT,
    recorded_by     BIGINT NOT NULL REFERENCES users (id),
    recorded_at     TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP
);
INSERT INTO notice_objections_new
    (id, nomination_id, content, outcome, outcome_reason, recorded_by, recorded_at, decided_at)
SELECT id, nomination_id, content,
       CASE outcome WHEN 'dismissed' THEN 'rejected' ELSE outcome END,
       outcome_reason, recorded_by, recorded_at, decided_at
FROM notice_objections;
DROP TABLE notice_objections;
ALTER TABLE notice_objections_new RENAME TO notice_objections;
CREATE INDEX notice_objections_nomination_idx ON notice_objections (nomination_id);
