//! The jobs there are, by name, and the guard that lets one run of a job at a time in this
//! instance (the state holds it; `jobs::lock` takes it).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The jobs there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobName {
    /// Drains the e-mail outbox.
    SendEmails,
    /// Deletes account tokens a week after they expired or were used.
    PurgeExpiredTokens,
    /// Reminds unit admins of a round's nomination deadline (7 days and 1 day before).
    SelectionReminders,
    /// Marks appointments past their term as expired and tells the mentors.
    ExpireAppointments,
    /// Completes active contracts whose cycle has ended.
    CompleteCycles,
    /// Reminds mentees and mentors of plans, signatures, activity, targets and cycle ends.
    MentoringReminders,
    /// Tells unit admins of assessment windows opening and closing and of follow-ups due.
    AssessmentReminders,
    /// Acts on confirmed unqualified grades past their objection window.
    RevokeUnqualified,
    /// Ends benefits past their period; health-check, period-end and selection e-mails.
    BenefitReminders,
    /// Tells the city admins of objection windows passed and revocations carried out (daily).
    CityAdminReminders,
    /// The city admins' weekly digest of what waits for the city.
    CityAdminDigest,
}

impl JobName {
    pub const ALL: [JobName; 11] = [
        JobName::SendEmails,
        JobName::PurgeExpiredTokens,
        JobName::SelectionReminders,
        JobName::ExpireAppointments,
        JobName::CompleteCycles,
        JobName::MentoringReminders,
        JobName::AssessmentReminders,
        JobName::RevokeUnqualified,
        JobName::BenefitReminders,
        JobName::CityAdminReminders,
        JobName::CityAdminDigest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendEmails => "send_emails",
            Self::PurgeExpiredTokens => "purge_expired_tokens",
            Self::SelectionReminders => "selection_reminders",
            Self::ExpireAppointments => "expire_appointments",
            Self::CompleteCycles => "complete_cycles",
            Self::MentoringReminders => "mentoring_reminders",
            Self::AssessmentReminders => "assessment_reminders",
            Self::RevokeUnqualified => "revoke_unqualified",
            Self::BenefitReminders => "benefit_reminders",
            Self::CityAdminReminders => "city_admin_reminders",
            Self::CityAdminDigest => "city_admin_digest",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|j| j.as_str() == s)
    }

    /// What the job does, for `jobs list` and the admin API.
    pub fn description(self) -> &'static str {
        match self {
            Self::SendEmails => "Sends the e-mails waiting in the outbox, with retries.",
            Self::PurgeExpiredTokens => {
                "Deletes invitation and password-reset tokens a week after they expired or were used."
            }
            Self::SelectionReminders => {
                "Reminds unit admins of an open round's nomination deadline, 7 days and 1 day before."
            }
            Self::ExpireAppointments => {
                "Marks mentor appointments past their term as expired and tells the mentors."
            }
            Self::CompleteCycles => "Completes the active contracts whose cycle has ended.",
            Self::MentoringReminders => {
                "Reminds mentees and mentors of plans, signatures, activity, targets and cycle ends."
            }
            Self::AssessmentReminders => {
                "Tells unit admins that an assessment window opened, that it closes in 7 days and 1 day with mentors not yet assessed, and that follow-up assessments are due."
            }
            Self::RevokeUnqualified => {
                "Revokes mentors whose confirmed unqualified grade is past its objection window with no pending or upheld objection (or starts their rectification period)."
            }
            Self::BenefitReminders => {
                "Ends benefits whose period is over; reminds mentors of a health check due and of a bus card or apartment ending in 30 days, and tells them of a selection with its date and place."
            }
            Self::CityAdminReminders => {
                "Tells the city admins, in one e-mail a day, of the assessment objection windows that passed and the revocations carried out since the last one."
            }
            Self::CityAdminDigest => {
                "Sends the city admins a weekly digest: selection and assessment rounds with their deadlines, assessments outstanding by unit, objections pending, revocations, benefit applications waiting and dead e-mails."
            }
        }
    }

    /// The job's timer as configured, parsed when the settings loaded (`None`: no timer).
    pub fn schedule(self, settings: &crate::config::Settings) -> Option<&cron::Schedule> {
        let job = match self {
            Self::SendEmails => &settings.jobs.send_emails,
            Self::PurgeExpiredTokens => &settings.jobs.purge_expired_tokens,
            Self::SelectionReminders => &settings.jobs.selection_reminders,
            Self::ExpireAppointments => &settings.jobs.expire_appointments,
            Self::CompleteCycles => &settings.jobs.complete_cycles,
            Self::MentoringReminders => &settings.jobs.mentoring_reminders,
            Self::AssessmentReminders => &settings.jobs.assessment_reminders,
            Self::RevokeUnqualified => &settings.jobs.revoke_unqualified,
            Self::BenefitReminders => &settings.jobs.benefit_reminders,
            Self::CityAdminReminders => &settings.jobs.city_admin_reminders,
            Self::CityAdminDigest => &settings.jobs.city_admin_digest,
        };
        job.schedule.as_ref()
    }
}

/// The jobs running in this application instance.
#[derive(Clone, Default)]
pub struct Running(Arc<Mutex<HashSet<JobName>>>);

impl Running {
    pub(crate) fn enter(&self, job: JobName) -> bool {
        self.0.lock().expect("job guard").insert(job)
    }

    pub(crate) fn leave(&self, job: JobName) {
        self.0.lock().expect("job guard").remove(&job);
    }
}
