-- Refuses (NOT NULL) while any imported pool entry exists.
DROP INDEX contracts_source_idx;
ALTER TABLE contracts DROP COLUMN source;
ALTER TABLE mentors DROP CONSTRAINT mentors_source_links;
ALTER TABLE mentors DROP COLUMN source;
ALTER TABLE mentors ALTER COLUMN nomination_id SET NOT NULL;
ALTER TABLE mentors ALTER COLUMN round_id SET NOT NULL;
