-- The ID-card number's uniqueness, kept by a whole index instead of a partial one (WHERE
-- id_number IS NOT NULL). A unique index already lets many rows have no number (NULLs are
-- distinct), and a partial index on `users` made SQLite compile every cached statement that
-- reads `users` with a bound value again at each request: to decide whether the partial index
-- applies, the planner compares the bound values with the index's condition, and then marks
-- the statement to be recompiled whenever they are bound anew. The session check of every
-- request is such a statement.
DROP INDEX users_id_number_key;
CREATE UNIQUE INDEX users_id_number_key ON users (id_number);
