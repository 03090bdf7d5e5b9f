DROP INDEX users_id_number_key;
CREATE UNIQUE INDEX users_id_number_key ON users (id_number) WHERE id_number IS NOT NULL;
