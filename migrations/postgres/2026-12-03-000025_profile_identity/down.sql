DROP INDEX users_id_number_key;
ALTER TABLE users DROP COLUMN position;
ALTER TABLE users DROP COLUMN id_number;
