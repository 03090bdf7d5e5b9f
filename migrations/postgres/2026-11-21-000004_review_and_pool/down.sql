DROP TABLE mentors;
DROP TABLE notice_objections;
ALTER TABLE nominations DROP COLUMN decided_at;
ALTER TABLE nominations DROP COLUMN signed_on;
ALTER TABLE nominations DROP COLUMN signed_by;
ALTER TABLE nominations DROP COLUMN decision_reason;
DROP TABLE review_scores;
DROP TABLE round_reviewers;
