-- Taking over a running program: pool entries and contracts imported from the city's own lists.
-- An imported pool entry was appointed before the service, so it has no round and no nomination
-- (both links become nullable) and is marked `source = 'import'`; an imported contract is marked
-- `source = 'import'` (its signatures were given on paper, recorded as given on its start date).
ALTER TABLE mentors ALTER COLUMN round_id DROP NOT NULL;
ALTER TABLE mentors ALTER COLUMN nomination_id DROP NOT NULL;
ALTER TABLE mentors ADD COLUMN source TEXT NOT NULL DEFAULT 'selection' CHECK (source IN ('selection', 'import'));
ALTER TABLE mentors ADD CONSTRAINT mentors_source_links
    CHECK ((source = 'selection') = (round_id IS NOT NULL AND nomination_id IS NOT NULL));

ALTER TABLE contracts ADD COLUMN source TEXT NOT NULL DEFAULT 'signed' CHECK (source IN ('signed', 'import'));
CREATE INDEX contracts_source_idx ON contracts (source, mentor_entry_id, start_date);
