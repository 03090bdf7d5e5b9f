-- The age of the oldest unsent e-mail (shown by /readyz and /metrics) is read from this index
-- instead of every unsent row: a probe must stay cheap with a large backlog.
CREATE INDEX email_outbox_age_idx ON email_outbox (status, created_at);
-- Disputed answers are a few percent of all attendance: the reminders and reports that leave
-- disputed activities out find them here instead of scanning every answer.
CREATE INDEX activity_attendance_disputed_idx ON activity_attendance (activity_id)
    WHERE status = 'disputed';
