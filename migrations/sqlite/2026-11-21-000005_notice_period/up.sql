-- The last day of a round's public notice, fixed when the notice starts.
ALTER TABLE selection_rounds ADD COLUMN notice_ends_on DATE;
