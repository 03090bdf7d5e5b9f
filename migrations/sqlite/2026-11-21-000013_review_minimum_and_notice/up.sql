-- The committee's minimum: a nomination is decided only once it has a round's required number of
-- scores (rounds already stored take the policy's default, 3), unless the city admin records an
-- exception with a reason, kept with the decision it allowed (with the scores it had then).
ALTER TABLE selection_rounds ADD COLUMN min_scores INTEGER NOT NULL DEFAULT 3;
ALTER TABLE nominations ADD COLUMN score_exception_reason TEXT;
ALTER TABLE nominations ADD COLUMN score_exception_scores INTEGER;
-- The first day of a round's public notice, fixed with its last day when the notice starts.
ALTER TABLE selection_rounds ADD COLUMN notice_starts_on DATE;
