//! The selection jobs: deadline reminders to unit admins, and the expiry of appointments.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::db::mentors::{self, PastTerm};
use crate::db::users::{self, UserFilter};
use crate::db::{AnyConnection, nominations, rounds, units};
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::NominationStatus;
use crate::domain::user::UserStatus;
use crate::email::catalogue::{AppointmentExpired, Email, NominationDeadline};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::services::audit_trail::{Actor, Subject, record};

/// Which reminder slot a day falls in: the 7-day reminder from 7 days before the deadline, the
/// 1-day one from the day before (a missed day is caught up by the next run; the key sends each
/// slot once).
pub fn reminder_slot(today: NaiveDate, deadline: NaiveDate) -> Option<u32> {
    match (deadline - today).num_days() {
        0..=1 => Some(1),
        2..=7 => Some(7),
        _ => None,
    }
}

/// Reminds every active unit admin of every active unit of each open round's deadline, with the
/// unit's submitted and draft counts. Returns the e-mails newly queued.
pub fn send_deadline_reminders(
    c: &mut AnyConnection,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let open = rounds::open_deadlines(c)?;
    let admins = users::list(
        c,
        &UserFilter {
            role: Some(Role::UnitAdmin),
            status: Some(UserStatus::Active),
            ..Default::default()
        },
        Scope::City,
        PageRequest {
            page: 1,
            per_page: 100_000,
        },
    )?
    .items;
    let mut queued = 0;
    for (round_id, round_name, deadline) in open {
        let Some(slot) = reminder_slot(today, deadline) else {
            continue;
        };
        for admin in admins.iter().filter(|a| a.unit_id.is_some()) {
            let unit_id = admin.unit_id.expect("filtered");
            let Ok(unit) = units::find(c, unit_id, Scope::City) else {
                continue;
            };
            if !unit.active {
                continue;
            }
            let drafts = nominations::count_of_unit(
                c,
                round_id,
                unit_id,
                &[NominationStatus::Draft, NominationStatus::Returned],
            )?;
            let submitted =
                nominations::count_of_unit(c, round_id, unit_id, &[NominationStatus::Submitted])?;
            let email = Email::NominationDeadline(NominationDeadline {
                name: admin.name.clone(),
                round_name: round_name.clone(),
                unit: unit.name.clone(),
                deadline,
                days_left: (deadline - today).num_days(),
                submitted,
                drafts,
            });
            let to = Recipient {
                user_id: Some(admin.id),
                email: admin.email.clone(),
                name: admin.name.clone(),
                locale: admin.locale,
            };
            if enqueue(
                c,
                now,
                domain,
                &to,
                &email,
                &format!("round:{round_id}:days:{slot}"),
            )? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Marks active appointments whose term ended before `today` as expired, takes the mentor role
/// from people with no other active appointment, and tells them. Returns how many expired.
pub fn expire_appointments(
    c: &mut AnyConnection,
    today: NaiveDate,
    now: NaiveDateTime,
    domain: &str,
) -> Result<usize, AppError> {
    let due = mentors::past_term(c, today)?;
    for PastTerm {
        id,
        user_id,
        unit_id,
        certificate_no,
        term_ends_on,
    } in &due
    {
        // Each entry in its own transaction: a crash leaves every mentor fully expired or untouched.
        crate::db::write_transaction(c, |c| -> Result<(), AppError> {
            if !mentors::expire(c, *id, now)? {
                return Ok(());
            }
            let still_active = mentors::is_active_mentor(c, *user_id)?;
            let person = users::find(c, *user_id, Scope::City)?;
            if !still_active {
                if person.roles.contains(&Role::Mentor) {
                    let roles: Vec<Role> = person
                        .roles
                        .iter()
                        .copied()
                        .filter(|r| *r != Role::Mentor)
                        .collect();
                    users::set_roles(c, person.id, &roles, now)?;
                }
                let email = Email::AppointmentExpired(AppointmentExpired {
                    name: person.name.clone(),
                    certificate_no: certificate_no.clone(),
                    term_ends_on: *term_ends_on,
                });
                let to = Recipient {
                    user_id: Some(person.id),
                    email: person.email.clone(),
                    name: person.name.clone(),
                    locale: person.locale,
                };
                enqueue(c, now, domain, &to, &email, &format!("mentor:{id}"))?;
            }
            record(
                c,
                Actor::System,
                "mentor.expire",
                Subject::new("mentor", id, Some(*unit_id)),
                json!({ "term_ends_on": term_ends_on, "still_active_elsewhere": still_active }),
                now,
            )
        })?;
    }
    Ok(due.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_fall_in_the_seven_day_and_one_day_slots() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let deadline = d("2027-06-30");
        assert_eq!(
            reminder_slot(d("2027-06-22"), deadline),
            None,
            "8 days before"
        );
        assert_eq!(reminder_slot(d("2027-06-23"), deadline), Some(7));
        assert_eq!(
            reminder_slot(d("2027-06-28"), deadline),
            Some(7),
            "a missed day is caught up"
        );
        assert_eq!(reminder_slot(d("2027-06-29"), deadline), Some(1));
        assert_eq!(
            reminder_slot(d("2027-06-30"), deadline),
            Some(1),
            "the deadline day itself"
        );
        assert_eq!(
            reminder_slot(d("2027-07-01"), deadline),
            None,
            "after the deadline"
        );
    }
}
