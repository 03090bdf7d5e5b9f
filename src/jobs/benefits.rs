//! The `benefit_reminders` job: ends the benefits whose period is over, and reminds mentors of a
//! health check due, of a card or apartment period ending, and of a selection. The applications
//! waiting go to the city admins in their weekly digest (`city_admin_digest`).

use std::collections::HashSet;

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::AnyConnection;
use crate::db::benefits::{self as store, BenefitFilter, Viewer};
use crate::domain::benefit::{self as rules, BenefitKind, BenefitStatus};
use crate::domain::ids::{MentorEntryId, UserId};
use crate::domain::policy::Policy;
use crate::email::bulk::BulkQueue;
use crate::email::catalogue::{BenefitNotice, BenefitNoticeKind, Email};
use crate::error::AppError;
use crate::services::benefit_requests::selected_email;
use crate::services::benefits::{facts_of, names};

/// What a run did.
#[derive(Debug, Default, Serialize)]
pub struct BenefitRun {
    pub expired: usize,
    pub queued: usize,
}

/// Whole months from `from` to `to` (0 when `to` is within a month of `from`).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    while from
        .checked_add_months(Months::new(n + 1))
        .is_some_and(|d| d <= to)
    {
        n += 1;
    }
    n
}

/// One notice to a mentor about a benefit of `kind` and a date.
struct Notice<'a> {
    user: UserId,
    kind: BenefitKind,
    notice: BenefitNoticeKind,
    date: NaiveDate,
    key: &'a str,
}

fn notice(c: &mut AnyConnection, q: &mut BulkQueue<'_>, n: Notice<'_>) -> Result<(), AppError> {
    let Notice {
        user,
        kind,
        notice,
        date,
        key,
    } = n;
    let (zh, en) = names(kind);
    q.push(c, user, key.to_owned(), move |person| {
        Email::BenefitNotice(BenefitNotice {
            name: person.name.clone(),
            notice,
            benefit: kind.as_str().to_owned(),
            benefit_zh: zh.into(),
            benefit_en: en.into(),
            date: date.to_string(),
            end_date: String::new(),
            place: String::new(),
            approved: false,
            reason: String::new(),
        })
    })
}

/// The whole run, in the caller's transaction.
pub fn benefit_reminders(
    c: &mut AnyConnection,
    p: &Policy,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<BenefitRun, AppError> {
    let mut run = BenefitRun::default();
    for b in store::past_validity(c, today)? {
        store::end(c, &b, BenefitStatus::Expired, "validity ended", None, now)?;
        run.expired += 1;
    }

    // Health checks: when due, then monthly while overdue, three reminders at most; none while
    // one is being arranged.
    let arranged: HashSet<MentorEntryId> = store::list(
        c,
        &BenefitFilter {
            kind: Some(BenefitKind::HealthCheck),
            ..Default::default()
        },
        Viewer::City,
    )?
    .into_iter()
    .filter(|b| matches!(b.status, BenefitStatus::Applied | BenefitStatus::Approved))
    .map(|b| b.mentor_entry_id)
    .collect();
    let mut q = BulkQueue::new(now, domain);
    for x in facts_of(c, None, None)? {
        let due = rules::health_check_due(
            x.facts.last_health_check,
            x.facts.appointed_on,
            p.health_check_interval_months,
        );
        if due > today || arranged.contains(&x.entry) {
            continue;
        }
        let n = whole_months(due, today);
        if n < 3 {
            notice(
                c,
                &mut q,
                Notice {
                    user: x.user,
                    kind: BenefitKind::HealthCheck,
                    notice: BenefitNoticeKind::HealthCheckDue,
                    date: due,
                    key: &format!("health_check:{due}:{n}"),
                },
            )?;
        }
    }

    // Cards and apartments ending within 30 days.
    let soon = today + chrono::Duration::days(30);
    for b in store::list(
        c,
        &BenefitFilter {
            status: Some(BenefitStatus::Issued),
            valid_until_by: Some(soon),
            ..Default::default()
        },
        Viewer::City,
    )? {
        let Some(end) = b.valid_until else { continue };
        notice(
            c,
            &mut q,
            Notice {
                user: b.mentor_user_id,
                kind: b.kind,
                notice: BenefitNoticeKind::PeriodEnding,
                date: end,
                key: &format!("benefit:{}:ending", b.id),
            },
        )?;
    }
    run.queued += q.finish(c)?;

    // Selections not yet announced (the selection itself announces them; this catches up).
    for b in store::list(
        c,
        &BenefitFilter {
            status: Some(BenefitStatus::Approved),
            ..Default::default()
        },
        Viewer::City,
    )? {
        if selected_email(c, &b, now, domain)? {
            run.queued += 1;
        }
    }

    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_months_count_only_completed_months() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(whole_months(d("2027-01-31"), d("2027-02-27")), 0);
        assert_eq!(whole_months(d("2027-01-31"), d("2027-02-28")), 1);
        assert_eq!(whole_months(d("2027-01-15"), d("2027-04-14")), 2);
        assert_eq!(whole_months(d("2027-01-15"), d("2027-04-15")), 3);
    }
}
