DROP INDEX activity_attendance_disputed_idx;
DROP INDEX email_outbox_age_idx;
