ALTER TABLE notice_objections DROP CONSTRAINT notice_objections_outcome_check;
UPDATE notice_objections SET outcome = 'dismissed' WHERE outcome = 'rejected';
ALTER TABLE notice_objections ADD CONSTRAINT notice_objections_outcome_check
    CHECK (outcome IN ('upheld', 'dismissed'));
