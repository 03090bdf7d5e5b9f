-- One vocabulary for objection decisions: a selection objection that does not stand is
-- 'rejected', as an assessment objection is (it was 'dismissed').
ALTER TABLE notice_objections DROP CONSTRAINT notice_objections_outcome_check;
UPDATE notice_objections SET outcome = 'rejected' WHERE outcome = 'dismissed';
ALTER TABLE notice_objections ADD CONSTRAINT notice_objections_outcome_check
    CHECK (outcome IN ('upheld', 'rejected'));
