//! The public notice (公示) of a round's approved candidates: who is on it, in the reader's
//! language, for which period, and where, how and until when an objection is filed.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{nominations, review, rounds, units};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{NominationId, RoundId, UnitId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::review::{first_working_day, working_days_between};
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus, category_words};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

/// A candidate on public notice. The category is given as its code and in the reader's words.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeEntry {
    pub nomination_id: NominationId,
    pub candidate_id: UserId,
    pub name: String,
    pub unit_id: UnitId,
    pub unit: String,
    pub category: Option<TalentCategory>,
    /// The category in words of the request's language, e.g. 高技能人才.
    pub category_name: Option<String>,
}

/// Where, how and until when an objection to a candidate on notice is filed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionChannel {
    /// Who receives objections (policy `objection_contact`).
    #[schema(example = "市委组织部人才科")]
    pub filed_with: String,
    /// The last day an objection is taken: the notice's last day, inclusive.
    pub deadline: NaiveDate,
    /// Whether objections are still taken today.
    pub open: bool,
    /// The whole instruction, in the request's language, as the notice prints it.
    pub how: String,
}

/// A round's public notice (公示): the approved candidates a page at a time, with the notice
/// period and how to object.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicNotice {
    pub items: Vec<NoticeEntry>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    pub round_id: RoundId,
    pub round_name: String,
    /// The first day of the notice (the day it was published).
    pub notice_starts_on: NaiveDate,
    /// The last day of the notice.
    pub notice_ends_on: NaiveDate,
    /// Working days (Monday to Friday) in the period.
    pub working_days: u32,
    pub objections: ObjectionChannel,
}

fn day_in(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::ZhCn => d.format("%Y年%-m月%-d日").to_string(),
        Locale::En => d.format("%-d %B %Y").to_string(),
    }
}

/// The notice's instruction for objections, in `locale`.
fn objection_instruction(
    locale: Locale,
    contact: &str,
    first: NaiveDate,
    last: NaiveDate,
    working_days: u32,
) -> String {
    let (from, to) = (day_in(locale, first), day_in(locale, last));
    match locale {
        Locale::ZhCn => format!(
            "公示时间为{from}至{to}（{working_days}个工作日）。对公示对象有异议的，请于{to}前（含当日）\
             以书面形式向{contact}反映。反映情况应实事求是；以个人名义反映的，请署真实姓名并留联系方式；\
             以单位名义反映的，请加盖单位公章。"
        ),
        Locale::En => format!(
            "The notice runs from {from} to {to} ({working_days} working days). To object to a \
             candidate, write to the city organization department by {to}, inclusive; objections \
             are received by: {contact}. State the facts; an objection in your own name gives \
             your real name and a way to reach you, and one on behalf of a unit carries its seal."
        ),
    }
}

/// The public notice of a round on notice or closed; earlier it answers 409.
pub async fn public_notice(
    state: &AppState,
    round: RoundId,
    page: PageRequest,
    locale: Locale,
) -> Result<PublicNotice, AppError> {
    let contact = state.settings.policy.objection_contact.trim().to_owned();
    let policy_days = state.settings.policy.public_notice_working_days;
    let today = state.clock.today();
    state
        .db
        .run(move |c| {
            let r = rounds::find(c, round)?;
            let last = r
                .notice_ends_on
                .filter(|_| matches!(r.status, RoundStatus::PublicNotice | RoundStatus::Closed));
            let Some(last) = last else {
                return Err(AppError::conflict_field(
                    "round",
                    "wrong_round_status",
                    "尚未进入公示",
                    "the round is not on public notice yet",
                ));
            };
            let first = r
                .notice_starts_on
                .unwrap_or_else(|| first_working_day(last, policy_days));
            let (ids, total) =
                review::nomination_page(c, round, &[NominationStatus::Approved], page)?;
            let mut items = Vec::with_capacity(ids.len());
            for id in ids {
                let n = nominations::find(c, id, Scope::City)?;
                let unit = units::find(c, n.unit_id, Scope::City)?.name;
                items.push(NoticeEntry {
                    nomination_id: n.id,
                    candidate_id: n.candidate_id,
                    name: n.candidate_name,
                    unit_id: n.unit_id,
                    unit,
                    category: n.form.category,
                    category_name: n
                        .form
                        .category
                        .map(|k| category_words(k).get(locale).to_owned()),
                });
            }
            let working_days = working_days_between(first, last);
            Ok(PublicNotice {
                items,
                page: page.page,
                per_page: page.per_page,
                total,
                round_id: r.id,
                round_name: r.name,
                notice_starts_on: first,
                notice_ends_on: last,
                working_days,
                objections: ObjectionChannel {
                    how: objection_instruction(locale, &contact, first, last, working_days),
                    filed_with: contact,
                    deadline: last,
                    open: r.status == RoundStatus::PublicNotice && today <= last,
                },
            })
        })
        .await
}
