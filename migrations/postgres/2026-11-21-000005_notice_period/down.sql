ALTER TABLE selection_rounds DROP COLUMN notice_ends_on;
