//! Selection rounds: created and moved forward by the city admin, each step audited.

use serde_json::json;

use crate::auth::caller::Caller;
use crate::db::rounds::{self, Round};
use crate::db::{AnyConnection, nominations, review, units};
use crate::domain::category::TalentCategory;
use crate::domain::ids::RoundId;
use crate::domain::review::last_working_day;
use crate::domain::scope::Scope;
use crate::domain::selection::{
    CreateRoundRequest, NominationStatus, RoundSettings, RoundStatus, UpdateRoundRequest,
    category_words,
};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::services::appointments::{AppointContext, appoint_approved};
use crate::services::audit_trail::{Subject, record};
use crate::state::AppState;

/// Every unit named in a quota must exist (the same answer as a missing one otherwise).
fn check_quota_units(conn: &mut AnyConnection, s: &RoundSettings) -> Result<(), AppError> {
    for (i, q) in s.unit_quotas.iter().enumerate() {
        if !units::exists_active(conn, q.unit_id, Scope::City)? {
            let mut p = crate::error::Problems::new();
            p.add(
                format!("unit_quotas[{i}].unit_id"),
                "not_found",
                Msg::new("单位不存在或已停用", "no such active unit"),
            );
            p.finish()?;
        }
    }
    Ok(())
}

pub async fn create_round(
    state: &AppState,
    caller: Caller,
    req: CreateRoundRequest,
) -> Result<Round, AppError> {
    let settings = req.parse(&state.settings.policy)?;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            check_quota_units(c, &settings)?;
            let id = rounds::insert(c, &settings, now)?;
            let round = rounds::find(c, id)?;
            record(
                c,
                &caller,
                "selection_round.create",
                Subject::new("selection_round", id, None),
                json!({ "after": round }),
                now,
            )?;
            Ok(round)
        })
        .await
}

pub async fn update_round(
    state: &AppState,
    caller: Caller,
    id: RoundId,
    req: UpdateRoundRequest,
) -> Result<Round, AppError> {
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let before = rounds::find(c, id)?;
            if before.status != RoundStatus::Open {
                return Err(AppError::conflict_field(
                    "status",
                    "round_not_open",
                    "只有推荐阶段的选拔可以修改",
                    "only an open round can be changed",
                ));
            }
            let settings = req.apply(before.settings())?;
            check_quota_units(c, &settings)?;
            rounds::update_settings(c, id, &settings, now)?;
            let after = rounds::find(c, id)?;
            record(
                c,
                &caller,
                "selection_round.update",
                Subject::new("selection_round", id, None),
                json!({ "before": before, "after": after }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// The refusal to start review while some categories have no reviewer, naming them in words.
fn no_reviewers_for(categories: &[TalentCategory]) -> AppError {
    let names = |locale| {
        categories
            .iter()
            .map(|c| category_words(*c).get(locale).to_owned())
            .collect::<Vec<_>>()
    };
    AppError::invalid_field_owned(
        "to",
        "categories_without_reviewers",
        Msg::new(
            format!(
                "以下类别有待评审的推荐，但尚未指派评审专家：{}；请先为这些类别指派评审专家",
                names(Locale::ZhCn).join("、")
            ),
            format!(
                "no reviewer is appointed for these categories with nominations to review: {}; \
                 appoint reviewers for them first",
                names(Locale::En).join(", ")
            ),
        ),
    )
}

/// Moves a round one step forward. Entering `reviewing` needs a reviewer appointed for every
/// category with a submitted nomination, and puts those nominations under review (drafts and
/// returned forms not handed in again stay out of the round); public notice
/// and closing need a decision on every nomination under review; closing also needs every
/// objection decided, and appoints the approved candidates.
pub async fn advance_round(
    state: &AppState,
    caller: Caller,
    id: RoundId,
    to: RoundStatus,
) -> Result<Round, AppError> {
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    let certificate_format = state.settings.policy.certificate_number_format.clone();
    let notice_days = state.settings.policy.public_notice_working_days;
    let invites = state.account_emails.clone();
    let mail_domain = state.mailer.domain().to_owned();
    state
        .db
        .write(move |c| {
            let round = rounds::find(c, id)?;
            if round.status.next() != Some(to) {
                return Err(AppError::conflict_field(
                    "to",
                    "not_the_next_status",
                    "选拔只能按 推荐→评审→公示→结束 的顺序推进",
                    "a round moves only forward: open → reviewing → public_notice → closed",
                ));
            }
            let undecided = nominations::count_in_status(c, id, NominationStatus::UnderReview)?;
            let mut summary = json!({ "before": round.status, "after": to });
            match to {
                RoundStatus::Reviewing => {
                    let uncovered =
                        review::categories_without_reviewers(c, id, NominationStatus::Submitted)?;
                    if !uncovered.is_empty() {
                        return Err(no_reviewers_for(&uncovered));
                    }
                    summary["nominations_under_review"] =
                        json!(nominations::start_review(c, id, now)?);
                }
                RoundStatus::PublicNotice | RoundStatus::Closed if undecided > 0 => {
                    return Err(AppError::conflict_field(
                        "to",
                        "undecided_nominations",
                        "仍有推荐未作出评审决定",
                        "some nominations under review have no decision yet",
                    ));
                }
                RoundStatus::PublicNotice => {
                    let last = last_working_day(today, notice_days);
                    rounds::set_notice_period(c, id, today, last)?;
                    summary["notice_starts_on"] = json!(today);
                    summary["notice_ends_on"] = json!(last);
                }
                RoundStatus::Closed if round.notice_ends_on.is_some_and(|last| today <= last) => {
                    return Err(AppError::conflict_field(
                        "to",
                        "notice_not_over",
                        "公示期尚未结束",
                        "the public notice has not ended yet",
                    ));
                }
                RoundStatus::Closed => {
                    if review::pending_objections(c, id)? > 0 {
                        return Err(AppError::conflict_field(
                            "to",
                            "pending_objections",
                            "仍有公示异议未处理",
                            "some objections from the public notice are not decided",
                        ));
                    }
                    let inviter = crate::db::users::find(c, caller.id, Scope::City)?.name;
                    let ctx = AppointContext {
                        certificate_format: &certificate_format,
                        mail_domain: &mail_domain,
                        today,
                        now,
                        invites: &invites,
                        inviter: &inviter,
                    };
                    summary["appointed"] = json!(appoint_approved(c, &caller, &round, &ctx)?);
                }
                RoundStatus::Open => unreachable!("no round moves back to open"),
            }
            rounds::set_status(c, id, to, now)?;
            record(
                c,
                &caller,
                "selection_round.advance",
                Subject::new("selection_round", id, None),
                summary,
                now,
            )?;
            rounds::find(c, id)
        })
        .await
}
