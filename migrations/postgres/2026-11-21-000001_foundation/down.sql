DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE units;
