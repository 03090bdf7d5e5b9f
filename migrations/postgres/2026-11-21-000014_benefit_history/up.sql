-- Revocation used to revoke benefits that had already happened: a health check done, a class or
-- tour attended, a commendation, a leave already begun. Revocation now leaves them as they were;
-- this gives the ones it ended back their state. (Their leave places were never given back, so
-- the quotas stay right.)
UPDATE benefits
SET status = 'issued', end_reason = NULL, ended_at = NULL, return_by = NULL
WHERE status = 'revoked'
  AND end_reason = 'mentor revoked'
  AND issued_at IS NOT NULL
  AND (kind IN ('health_check', 'training_class', 'study_tour', 'commendation')
       OR (kind = 'recuperation_leave'
           AND (details::json ->> 'starts_on')::date <= ended_at::date));
