//! The `mentoring_reminders` job. Each rule decides from the database what is due today; the
//! outbox key names the person, the subject and the period, so every reminder goes once however
//! often the job runs.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::db::mentoring_facts::{self, ContractFacts, DoneByKind, PlanFacts};
use crate::db::{AnyConnection, users};
use crate::domain::contract::{ContractStatus, Measure, signature_subject};
use crate::domain::ids::{ContractId, UserId};
use crate::domain::plan::PlanStatus;
use crate::domain::policy::Policy;
use crate::domain::progress::{self, IndicatorFact};
use crate::email::bulk::BulkQueue;
use crate::email::catalogue::{Email, MentoringReminder, ReminderKind};
use crate::error::AppError;

/// The reminders found due, queued in batches.
struct Queue<'a>(BulkQueue<'a>);

impl Queue<'_> {
    /// Queues `reminder` for `to`, once per `subject` (the object and period it is about).
    fn push(
        &mut self,
        c: &mut AnyConnection,
        to: UserId,
        reminder: ReminderKind,
        days: i64,
        detail: String,
        subject: String,
    ) -> Result<(), AppError> {
        let subject = format!("{}:{subject}", reminder.as_str());
        self.0.push(c, to, subject, move |person| {
            Email::MentoringReminder(MentoringReminder {
                name: person.name.clone(),
                reminder,
                days,
                detail,
            })
        })
    }
}

/// Queues every mentoring reminder due on `today`; returns how many were new.
///
/// Set-based: the contracts, mentees, plans, indicators, last activity days and the year's
/// counts are each loaded for all contracts in one query, then the rules run in memory.
pub fn send_mentoring_reminders(
    c: &mut AnyConnection,
    policy: &Policy,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let mut q = Queue(BulkQueue::new(now, domain));
    // Everyone who has still to sign a contract waiting for signatures (once per version).
    let pending = mentoring_facts::contracts(c, ContractStatus::PendingSignatures)?;
    signature_requests(c, &mut q, &pending)?;

    let active = ContractStatus::Active;
    let contracts = mentoring_facts::contracts(c, active)?;
    // A replacement mentee binds themself by signing the active contract: the same request.
    signature_requests(c, &mut q, &contracts)?;
    let mut plans = mentoring_facts::plans(c, active)?;
    let last = mentoring_facts::last_activity(c, active)?;
    // Behind the pace: from the fourth quarter on, once a year.
    let pace = if today.month() >= 10 {
        let year = today.year();
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
        let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
        Some(Pace {
            year,
            jan1,
            dec31,
            indicators: mentoring_facts::indicators(c, active)?,
            done: mentoring_facts::done_between(c, active, jan1, dec31)?,
        })
    } else {
        None
    };
    let mentee_names = {
        let reviewed: Vec<UserId> = plans
            .values()
            .flatten()
            .filter(|p| p.status == PlanStatus::Submitted)
            .map(|p| p.mentee)
            .collect();
        users::names(c, &reviewed)?
    };
    for k in &contracts {
        let plans = plans.remove(&k.id).unwrap_or_default();
        let facts = Facts {
            plans: &plans,
            last: last.get(&k.id).copied(),
            pace: pace.as_ref(),
            mentee_names: &mentee_names,
        };
        active_contract(c, &mut q, policy, today, k, &facts)?;
    }
    q.0.finish(c)
}

/// Asks every party of `contracts` who has not signed the contract's current version to sign it
/// (once per person and version): the mentor and mentees of a contract waiting for signatures,
/// and a replacement mentee who joined an active one.
fn signature_requests(
    c: &mut AnyConnection,
    q: &mut Queue<'_>,
    contracts: &[ContractFacts],
) -> Result<(), AppError> {
    let waiting: Vec<&ContractFacts> = contracts
        .iter()
        .filter(|k| !k.mentor_signed || k.mentees.iter().any(|(_, signed)| !signed))
        .collect();
    let mentors: Vec<UserId> = waiting.iter().map(|k| k.mentor).collect();
    let mentor_names = users::names(c, &mentors)?;
    for k in waiting {
        let mentor_name = mentor_names.get(&k.mentor).cloned().unwrap_or_default();
        let unsigned = (!k.mentor_signed).then_some(k.mentor).into_iter().chain(
            k.mentees
                .iter()
                .filter(|(_, signed)| !signed)
                .map(|(m, _)| *m),
        );
        for to in unsigned {
            q.push(
                c,
                to,
                ReminderKind::SignaturesPending,
                0,
                mentor_name.clone(),
                signature_subject(k.id, k.version),
            )?;
        }
    }
    Ok(())
}

/// The year's figures for the behind-the-pace rule.
struct Pace {
    year: i32,
    jan1: NaiveDate,
    dec31: NaiveDate,
    indicators: HashMap<ContractId, Vec<IndicatorFact>>,
    done: DoneByKind,
}

/// What one active contract's rules read, out of the bulk loads.
struct Facts<'a> {
    plans: &'a [PlanFacts],
    last: Option<NaiveDate>,
    pace: Option<&'a Pace>,
    mentee_names: &'a HashMap<UserId, String>,
}

fn active_contract(
    c: &mut AnyConnection,
    q: &mut Queue<'_>,
    policy: &Policy,
    today: NaiveDate,
    k: &ContractFacts,
    facts: &Facts<'_>,
) -> Result<(), AppError> {
    let activated = k.activated_on;
    let plans = facts.plans;

    // Mentees: a plan not handed in some days after the contract took effect (weekly, 4 times).
    let since = (today - activated).num_days();
    let after = i64::from(policy.plan_reminder_after_days);
    if since >= after && (since - after) / 7 < 4 {
        let week = (since - after) / 7;
        for (m, _) in &k.mentees {
            let handed_in = plans.iter().any(|p| {
                // A returned plan has its own reminder.
                p.mentee == *m
                    && matches!(
                        p.status,
                        PlanStatus::Submitted | PlanStatus::Approved | PlanStatus::Returned
                    )
            });
            if !handed_in {
                q.push(
                    c,
                    *m,
                    ReminderKind::PlanNotSubmitted,
                    since,
                    String::new(),
                    format!("contract:{}:week:{week}", k.id),
                )?;
            }
        }
    }
    for p in plans {
        match p.status {
            // Mentees: a plan returned with comments (once per returned version).
            PlanStatus::Returned => {
                let comment = p.review_comment.clone().unwrap_or_default();
                q.push(
                    c,
                    p.mentee,
                    ReminderKind::PlanReturned,
                    0,
                    comment,
                    format!("plan:{}:v{}", p.id, p.version),
                )?;
            }
            // Mentors: a plan waiting for review more than 7 days.
            PlanStatus::Submitted => {
                let waited = p.submitted_at.map_or(0, |t| (today - t.date()).num_days());
                if waited > 7 {
                    q.push(
                        c,
                        k.mentor,
                        ReminderKind::PlanReviewOverdue,
                        waited,
                        facts
                            .mentee_names
                            .get(&p.mentee)
                            .cloned()
                            .unwrap_or_default(),
                        format!("plan:{}:v{}", p.id, p.version),
                    )?;
                }
            }
            _ => {}
        }
    }

    // Mentors: no activity for a while (once per quiet stretch).
    let last = facts.last.unwrap_or(activated).max(activated);
    let quiet = (today - last).num_days();
    if quiet >= i64::from(policy.inactivity_reminder_days) {
        q.push(
            c,
            k.mentor,
            ReminderKind::NoActivity,
            quiet,
            String::new(),
            format!("contract:{}:since:{last}", k.id),
        )?;
    }

    if let Some(pace) = facts.pace {
        behind_target(c, q, today, k, pace)?;
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
        q.push(
            c,
            k.mentor,
            ReminderKind::CycleEnding,
            left,
            k.end_date.to_string(),
            format!("contract:{}:days:{slot}", k.id),
        )?;
    }
    Ok(())
}

/// Mentors: behind the pace of the year's indicators by at least one whole activity (or hour);
/// a fraction early in a cycle is noise.
fn behind_target(
    c: &mut AnyConnection,
    q: &mut Queue<'_>,
    today: NaiveDate,
    k: &ContractFacts,
    pace: &Pace,
) -> Result<(), AppError> {
    let from = pace.jan1.max(k.start_date);
    let to = pace.dec31.min(k.end_date);
    if from > to {
        return Ok(());
    }
    let share = progress::elapsed_share(pace.year, from, to, today);
    let behind: Vec<String> = pace
        .indicators
        .get(&k.id)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|i| {
            let (count, minutes) = pace.done.get(&(k.id, i.kind)).copied().unwrap_or((0, 0));
            let done = match i.measure {
                Measure::Count => count as f64,
                Measure::Hours => minutes as f64 / 60.0,
            };
            let target = progress::pro_rata(i.yearly_target, share);
            (progress::shortfall(target, done) >= 1.0)
                .then(|| format!("{} {done}/{target}", i.description))
        })
        .collect();
    if behind.is_empty() {
        return Ok(());
    }
    q.push(
        c,
        k.mentor,
        ReminderKind::BehindTarget,
        0,
        behind.join("；"),
        format!("contract:{}:year:{}", k.id, pace.year),
    )
}
