-- A repair of data: there is nothing to undo.
SELECT 1;
