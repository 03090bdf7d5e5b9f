ALTER TABLE selection_rounds DROP COLUMN notice_starts_on;
ALTER TABLE nominations DROP COLUMN score_exception_scores;
ALTER TABLE nominations DROP COLUMN score_exception_reason;
ALTER TABLE selection_rounds DROP COLUMN min_scores;
