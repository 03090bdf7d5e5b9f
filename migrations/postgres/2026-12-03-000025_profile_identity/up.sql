-- The ID-card number (身份证号) and the job position (职务) of a person's talent profile, which
-- the bus-card and health-check lists and the 推荐人选名单's 工作单位及职务 need. Two people
-- cannot share a resident ID, so a given number is unique; many people may have none.
ALTER TABLE users ADD COLUMN id_number TEXT;
ALTER TABLE users ADD COLUMN position TEXT;
CREATE UNIQUE INDEX users_id_number_key ON users (id_number) WHERE id_number IS NOT NULL;
