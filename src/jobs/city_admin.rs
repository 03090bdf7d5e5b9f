//! The city admin's reminders: a daily e-mail of the objection windows that passed and the
//! revocations carried out since the last one (`city_admin_reminders`), and a weekly digest of
//! what waits for the city (`city_admin_digest`). Each goes to every active city admin in their
//! language, once per admin and period, and only when there is something to tell.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use crate::clock::Clock;
use crate::db::AnyConnection;
use crate::db::city_reports::{self as report, RevocationRow};
use crate::db::users::{self, User};
use crate::domain::ids::{UnitId, UserId};
use crate::email::catalogue::{
    AssessmentRoundLine, CityAdminDigest, CityAdminReminder, Email, PassedWindow, RevocationLine,
    SelectionRoundLine,
};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::services::benefits::names as benefit_names;

/// How far back the first daily reminder looks, when none was sent before.
const FIRST_LOOK_BACK_DAYS: i64 = 30;

/// Stores `email` for every active city admin under `subject`; returns how many were new.
fn to_city_admins(
    c: &mut AnyConnection,
    now: NaiveDateTime,
    domain: &str,
    subject: &str,
    email: impl Fn(&User) -> Email,
) -> Result<usize, AppError> {
    let mut queued = 0;
    for admin in users::city_admins(c)? {
        if enqueue(
            c,
            now,
            domain,
            &Recipient::from(&admin),
            &email(&admin),
            subject,
        )? {
            queued += 1;
        }
    }
    Ok(queued)
}

fn revocation_lines(
    c: &mut AnyConnection,
    rows: Vec<RevocationRow>,
    units: &HashMap<UnitId, String>,
) -> Result<Vec<RevocationLine>, AppError> {
    let ids: Vec<UserId> = rows.iter().map(|r| r.mentor_user_id).collect();
    let people = users::names(c, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| RevocationLine {
            mentor_name: people.get(&r.mentor_user_id).cloned().unwrap_or_default(),
            unit: units.get(&r.unit_id).cloned().unwrap_or_default(),
            certificate_no: r.certificate_no,
            revoked_on: r.revoked_on.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect())
}

/// The daily reminder: the objection windows that passed and the revocations carried out since
/// the last reminder was queued (the first one looks back 30 days). One per admin and day; a
/// second run the same day adds nothing, and what it would have told waits for the next day's.
pub fn city_admin_reminders(
    c: &mut AnyConnection,
    clock: &Clock,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let today = clock.city_date(now);
    let since = report::last_queued(c, "city_admin_reminder")?
        .unwrap_or(now - Duration::days(FIRST_LOOK_BACK_DAYS));
    // A window passes at the start of the day after its last day, in the city: those whose last
    // day is on or after the day of `since` passed after it.
    let since_day = clock.city_date(since);
    let units = report::unit_names(c)?;
    let passed = report::windows_passed(c, since_day, today)?;
    let ids: Vec<UserId> = passed.iter().map(|w| w.mentor_user_id).collect();
    let people = users::names(c, &ids)?;
    let windows: Vec<PassedWindow> = passed
        .into_iter()
        .map(|w| PassedWindow {
            mentor_name: people.get(&w.mentor_user_id).cloned().unwrap_or_default(),
            unit: units.get(&w.unit_id).cloned().unwrap_or_default(),
            year: w.year,
            deadline: w.deadline.to_string(),
            state: if w.objection_pending {
                "objection_pending".to_owned()
            } else {
                w.consequence.unwrap_or_else(|| "due".to_owned())
            },
        })
        .collect();
    let revoked = report::revocations_between(c, since, now)?;
    let revocations = revocation_lines(c, revoked, &units)?;
    if windows.is_empty() && revocations.is_empty() {
        return Ok(0);
    }
    to_city_admins(c, now, domain, &format!("day:{today}"), |admin| {
        Email::CityAdminReminder(CityAdminReminder {
            name: admin.name.clone(),
            windows: windows.clone(),
            revocations: revocations.clone(),
        })
    })
}

/// The weekly digest, once per admin and ISO week, when anything waits: selection rounds not yet
/// closed with their deadlines, assessment rounds with what each unit has not handed in,
/// objections to decide, the week's revocations, benefit applications waiting and dead e-mails.
pub fn city_admin_digest(
    c: &mut AnyConnection,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let units = report::unit_names(c)?;
    let selection_rounds: Vec<SelectionRoundLine> = report::open_selection_rounds(c)?
        .into_iter()
        .map(|(name, status, deadline, notice)| SelectionRoundLine {
            name,
            status,
            nomination_deadline: deadline.to_string(),
            notice_ends_on: notice.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    let assessment_rounds: Vec<AssessmentRoundLine> =
        report::assessment_rounds_outstanding(c, today)?
            .into_iter()
            .map(|r| AssessmentRoundLine {
                year: r.year,
                opens_on: r.opens_on.to_string(),
                closes_on: r.closes_on.to_string(),
                outstanding: r.by_unit.iter().map(|(_, n)| n).sum(),
                by_unit: r
                    .by_unit
                    .iter()
                    .map(|(unit, n)| {
                        format!("{} {n}", units.get(unit).cloned().unwrap_or_default())
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            })
            .collect();
    let (selection_objections, assessment_objections) = report::objections_pending(c)?;
    let revoked = report::revocations_between(c, now - Duration::days(7), now)?;
    let revocations = revocation_lines(c, revoked, &units)?;
    let waiting = report::applications_waiting(c)?;
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (kind, n) in &waiting {
        let (z, e) = benefit_names(*kind);
        zh.push(format!("{z} {n}"));
        en.push(format!("{e} {n}"));
    }
    let benefits_waiting: i64 = waiting.iter().map(|(_, n)| n).sum();
    let dead_emails = report::dead_emails(c)?;
    let quiet = selection_rounds.is_empty()
        && assessment_rounds.is_empty()
        && selection_objections == 0
        && assessment_objections == 0
        && revocations.is_empty()
        && benefits_waiting == 0
        && dead_emails == 0;
    if quiet {
        return Ok(0);
    }
    let iso = today.iso_week();
    let week = format!("{}-W{:02}", iso.year(), iso.week());
    to_city_admins(c, now, domain, &format!("week:{week}"), |admin| {
        Email::CityAdminDigest(CityAdminDigest {
            name: admin.name.clone(),
            week: week.clone(),
            selection_rounds: selection_rounds.clone(),
            assessment_rounds: assessment_rounds.clone(),
            selection_objections,
            assessment_objections,
            revocations: revocations.clone(),
            benefits_waiting,
            benefits_zh: zh.join("；"),
            benefits_en: en.join("; "),
            dead_emails,
        })
    })
}
