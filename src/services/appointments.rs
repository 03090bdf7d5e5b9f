//! Closing a round: every approved candidate enters the mentor pool with a certificate number, a
//! term and the mentor role, and the mentor and their unit's admins are told by e-mail.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::mentors::{self, NewMentor};
use crate::db::rounds::Round;
use crate::db::users::{self, UserFilter};
use crate::db::{AnyConnection, nominations, units};
use crate::domain::page::PageRequest;
use crate::domain::review::certificate_number;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::NominationStatus;
use crate::domain::user::UserStatus;
use crate::email::account_emails::AccountEmails;
use crate::email::catalogue::{Appointed, Email, UnitMentorAppointed};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::AppError;
use crate::services::audit_trail::{Subject, record};

/// What appointing needs from the service.
pub struct AppointContext<'a> {
    pub certificate_format: &'a str,
    pub mail_domain: &'a str,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
    /// Invites appointed people who have no password yet (nominated as new people).
    pub invites: &'a AccountEmails,
    /// The name the invitation gives as its sender.
    pub inviter: &'a str,
}

fn recipient(u: &users::User) -> Recipient {
    Recipient {
        user_id: Some(u.id),
        email: u.email.clone(),
        name: u.name.clone(),
        locale: u.locale,
    }
}

/// Appoints every approved nomination of `round`; returns how many. Runs in the caller's
/// transaction, so a round is closed with all its appointments or none.
pub fn appoint_approved(
    c: &mut AnyConnection,
    caller: &Caller,
    round: &Round,
    ctx: &AppointContext<'_>,
) -> Result<usize, AppError> {
    let approved = nominations::all_in_status(c, round.id, NominationStatus::Approved)?;
    // Running numbers continue across the rounds of the same year, so numbers stay unique.
    let already = mentors::count_in_year(c, round.year)?;
    let term_ends_on = ctx
        .today
        .checked_add_months(Months::new(12 * round.appointment_term_years as u32))
        .unwrap_or(ctx.today);
    let mut seq = u32::try_from(already).unwrap_or(0);
    for n in &approved {
        // A number an imported appointment (from before the service) already holds is skipped.
        let certificate_no = loop {
            seq += 1;
            let no = certificate_number(ctx.certificate_format, round.year, seq);
            if mentors::by_certificates(c, std::slice::from_ref(&no))?.is_empty() {
                break no;
            }
        };
        let category = n.form.category.ok_or_else(|| {
            AppError::internal(anyhow::anyhow!(
                "approved nomination {} has no category",
                n.id
            ))
        })?;
        let mentor_id = mentors::insert(
            c,
            &NewMentor {
                user: n.candidate_id,
                round: round.id,
                nomination: n.id,
                unit: n.unit_id,
                category,
                certificate_no: &certificate_no,
                appointed_on: ctx.today,
                term_ends_on,
            },
            ctx.now,
        )?;
        let person = users::find(c, n.candidate_id, Scope::City)?;
        if !person.roles.contains(&Role::Mentor) {
            let mut roles = person.roles.clone();
            roles.push(Role::Mentor);
            roles.sort();
            users::set_roles(c, person.id, &roles, ctx.now)?;
        }
        let unit = units::find(c, n.unit_id, Scope::City)?;
        if person.status == UserStatus::Invited {
            let at = ctx.now.and_utc();
            ctx.invites
                .invite(c, &person, ctx.inviter, Some(unit.name.clone()), at)?;
        }
        let subject = format!("mentor:{mentor_id}");
        enqueue(
            c,
            ctx.now,
            ctx.mail_domain,
            &recipient(&person),
            &Email::Appointed(Appointed {
                name: person.name.clone(),
                round_name: round.name.clone(),
                unit: unit.name.clone(),
                certificate_no: certificate_no.clone(),
                term_ends_on,
            }),
            &subject,
        )?;
        let admins = users::list(
            c,
            &UserFilter {
                unit_id: Some(n.unit_id),
                role: Some(Role::UnitAdmin),
                status: Some(UserStatus::Active),
                search: None,
            },
            Scope::City,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )?;
        for admin in &admins.items {
            enqueue(
                c,
                ctx.now,
                ctx.mail_domain,
                &recipient(admin),
                &Email::UnitMentorAppointed(UnitMentorAppointed {
                    name: admin.name.clone(),
                    mentor_name: person.name.clone(),
                    round_name: round.name.clone(),
                    certificate_no: certificate_no.clone(),
                }),
                &subject,
            )?;
        }
        record(
            c,
            caller,
            "mentor.appoint",
            Subject::new("mentor", mentor_id, Some(n.unit_id)),
            json!({
                "user_id": person.id, "nomination_id": n.id, "certificate_no": certificate_no,
                "term_ends_on": term_ends_on, "year": ctx.today.year()
            }),
            ctx.now,
        )?;
    }
    Ok(approved.len())
}
