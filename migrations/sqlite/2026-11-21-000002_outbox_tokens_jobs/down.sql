DROP TABLE job_runs;
DROP TABLE account_tokens;
DROP TABLE email_outbox;
