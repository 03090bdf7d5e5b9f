ALTER TABLE mentors DROP COLUMN revoked_assessment_id;
ALTER TABLE mentors DROP COLUMN revoked_on;
DROP TABLE objection_files;
DROP TABLE assessment_objections;
DROP TABLE assessments;
DROP TABLE assessment_rounds;
