DROP INDEX activities_held_on_idx;
