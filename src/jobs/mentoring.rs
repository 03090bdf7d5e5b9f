//! The `mentoring_reminders` job. Each rule decides from the database what is due today; the
//! outbox key names the person, the subject and the period, so every reminder goes once however
//! often the job runs.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::config::Policy;
use crate::db::contracts::{self, Contract, Viewer};
use crate::db::{AnyConnection, activities, plans, users};
use crate::domain::contract::ContractStatus;
use crate::domain::ids::UserId;
use crate::domain::page::PageRequest;
use crate::domain::plan::PlanStatus;
use crate::domain::progress::{self, ActivityFact, IndicatorFact};
use crate::domain::scope::Scope;
use crate::email::catalogue::{Email, MentoringReminder, ReminderKind};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;

struct Ctx<'a> {
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &'a str,
    queued: usize,
}

impl Ctx<'_> {
    fn send(
        &mut self,
        c: &mut AnyConnection,
        to: UserId,
        reminder: ReminderKind,
        days: i64,
        detail: String,
        subject: String,
    ) -> Result<(), AppError> {
        let person = users::find(c, to, Scope::City)?;
        let email = Email::MentoringReminder(MentoringReminder {
            name: person.name.clone(),
            reminder,
            days,
            detail,
        });
        let recipient = Recipient {
            user_id: Some(person.id),
            email: person.email,
            name: person.name,
            locale: person.locale,
        };
        if enqueue(
            c,
            self.now,
            self.domain,
            &recipient,
            &email,
            &format!("{}:{subject}", reminder.as_str()),
        )? {
            self.queued += 1;
        }
        Ok(())
    }
}

fn all(c: &mut AnyConnection, status: ContractStatus) -> Result<Vec<Contract>, AppError> {
    Ok(contracts::list(
        c,
        Viewer::City,
        Some(status),
        PageRequest {
            page: 1,
            per_page: 100_000,
        },
    )?
    .items)
}

/// Queues every mentoring reminder due on `today`; returns how many were new.
pub fn send_mentoring_reminders(
    c: &mut AnyConnection,
    policy: &Policy,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let mut ctx = Ctx {
        today,
        now,
        domain,
        queued: 0,
    };
    for k in all(c, ContractStatus::PendingSignatures)? {
        let version = k.version;
        if k.mentor_signed_at.is_none() {
            ctx.send(
                c,
                k.mentor_user_id,
                ReminderKind::SignaturesPending,
                0,
                k.mentor_name.clone(),
                format!("contract:{}:v{version}", k.id),
            )?;
        }
        for m in k.mentees.iter().filter(|m| m.signed_at.is_none()) {
            ctx.send(
                c,
                m.user_id,
                ReminderKind::SignaturesPending,
                0,
                k.mentor_name.clone(),
                format!("contract:{}:v{version}", k.id),
            )?;
        }
    }
    for k in all(c, ContractStatus::Active)? {
        active_contract(c, &mut ctx, policy, &k)?;
    }
    Ok(ctx.queued)
}

fn active_contract(
    c: &mut AnyConnection,
    ctx: &mut Ctx<'_>,
    policy: &Policy,
    k: &Contract,
) -> Result<(), AppError> {
    let today = ctx.today;
    let activated = k.activated_at.map_or(k.start_date, |t| t.date_naive());
    let plans = plans::of_contract(c, k.id)?;

    // Mentees: a plan not handed in some days after the contract took effect (weekly, 4 times).
    let since = (today - activated).num_days();
    let after = i64::from(policy.plan_reminder_after_days);
    if since >= after && (since - after) / 7 < 4 {
        let week = (since - after) / 7;
        for m in &k.mentees {
            let handed_in = plans.iter().any(|p| {
                // A returned plan has its own reminder.
                p.mentee_id == m.user_id
                    && matches!(
                        p.status,
                        PlanStatus::Submitted | PlanStatus::Approved | PlanStatus::Returned
                    )
            });
            if !handed_in {
                ctx.send(
                    c,
                    m.user_id,
                    ReminderKind::PlanNotSubmitted,
                    since,
                    String::new(),
                    format!("contract:{}:week:{week}", k.id),
                )?;
            }
        }
    }
    for p in &plans {
        match p.status {
            // Mentees: a plan returned with comments (once per returned version).
            PlanStatus::Returned => {
                let comment = p.review_comment.clone().unwrap_or_default();
                ctx.send(
                    c,
                    p.mentee_id,
                    ReminderKind::PlanReturned,
                    0,
                    comment,
                    format!("plan:{}:v{}", p.id, p.version),
                )?;
            }
            // Mentors: a plan waiting for review more than 7 days.
            PlanStatus::Submitted => {
                let waited = p
                    .submitted_at
                    .map_or(0, |t| (today - t.date_naive()).num_days());
                if waited > 7 {
                    ctx.send(
                        c,
                        k.mentor_user_id,
                        ReminderKind::PlanReviewOverdue,
                        waited,
                        p.mentee_name.clone(),
                        format!("plan:{}:v{}", p.id, p.version),
                    )?;
                }
            }
            _ => {}
        }
    }

    // Mentors: no activity for a while (once per quiet stretch).
    let acts = activities::of_contract(c, k.id, k.start_date, k.end_date)?;
    let last = acts
        .iter()
        .map(|a| a.held_on)
        .max()
        .unwrap_or(activated)
        .max(activated);
    let quiet = (today - last).num_days();
    if quiet >= i64::from(policy.inactivity_reminder_days) {
        ctx.send(
            c,
            k.mentor_user_id,
            ReminderKind::NoActivity,
            quiet,
            String::new(),
            format!("contract:{}:since:{last}", k.id),
        )?;
    }

    // Mentors: behind the pace after the third quarter (once a year).
    if today.month() >= 10 {
        let year = today.year();
        let from = NaiveDate::from_ymd_opt(year, 1, 1)
            .expect("valid")
            .max(k.start_date);
        let to = NaiveDate::from_ymd_opt(year, 12, 31)
            .expect("valid")
            .min(k.end_date);
        if from <= to {
            let facts: Vec<ActivityFact> = acts
                .iter()
                .filter(|a| a.held_on >= from && a.held_on <= to)
                .map(|a| ActivityFact {
                    kind: a.kind,
                    minutes: (a.hours * 60.0).round() as i32,
                    attendance: a
                        .attendance
                        .iter()
                        .map(|x| (x.mentee_id, x.status))
                        .collect(),
                })
                .collect();
            let indicators: Vec<IndicatorFact> = k
                .indicators
                .iter()
                .map(|i| IndicatorFact {
                    id: i.id,
                    kind: i.kind,
                    description: i.description.clone(),
                    measure: i.measure,
                    yearly_target: i.yearly_target,
                })
                .collect();
            let report = progress::compute(k.id, year, from, to, today, &indicators, &facts, &[]);
            let behind: Vec<String> = report
                .indicators
                .iter()
                // At least one whole activity (or hour) behind: a fraction early in a cycle is noise.
                .filter(|i| i.shortfall >= 1.0)
                .map(|i| {
                    format!(
                        "{} {}/{}",
                        i.description,
                        i.done_confirmed + i.done_unconfirmed,
                        i.pro_rata_target
                    )
                })
                .collect();
            if !behind.is_empty() {
                ctx.send(
                    c,
                    k.mentor_user_id,
                    ReminderKind::BehindTarget,
                    0,
                    behind.join("；"),
                    format!("contract:{}:year:{year}", k.id),
                )?;
            }
        }
    }

    // Mentors: the cycle ends soon (the tightest slot that applies, once each).
    let left = (k.end_date - today).num_days();
    if left >= 0
        && let Some(slot) = policy
            .cycle_end_reminder_days
            .iter()
            .filter(|d| i64::from(**d) >= left)
            .min()
    {
        ctx.send(
            c,
            k.mentor_user_id,
            ReminderKind::CycleEnding,
            left,
            k.end_date.to_string(),
            format!("contract:{}:days:{slot}", k.id),
        )?;
    }
    Ok(())
}
