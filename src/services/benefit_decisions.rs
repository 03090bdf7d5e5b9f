//! The city admin's decisions on applications, the issue of a benefit with what its kind needs,
//! and the yearly quotas.

use chrono::Months;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::benefits::{self as store, Benefit, Viewer};
use crate::db::users;
use crate::domain::benefit::{self as rules, BenefitKind, BenefitStatus, IssueDetails};
use crate::domain::ids::BenefitId;
use crate::domain::scope::Scope;
use crate::email::catalogue::{BenefitNotice, BenefitNoticeKind, Email};
use crate::email::outbox::{Recipient, enqueue};
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::state::AppState;

use super::benefits::{QuotaView, names};
use crate::services::audit_trail::{Subject, record};
use crate::services::refusals::wrong_status;

/// `POST /api/v1/benefits/{id}/decision`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `approved` or `declined`.
    pub outcome: BenefitStatus,
    /// Required when declining.
    pub reason: Option<String>,
}

/// The city admin approves or declines an application; the mentor is told.
pub async fn decide(
    state: &AppState,
    caller: Caller,
    id: BenefitId,
    req: DecisionRequest,
) -> Result<Benefit, AppError> {
    let mut p = Problems::new();
    if !matches!(
        req.outcome,
        BenefitStatus::Approved | BenefitStatus::Declined
    ) {
        p.add(
            "outcome",
            "invalid_value",
            Msg::new("请选择批准或不批准", "approved or declined"),
        );
    }
    let reason = p
        .take(
            "reason",
            crate::domain::text::long_optional(req.reason.as_deref(), 2000),
        )
        .flatten();
    if req.outcome == BenefitStatus::Declined && reason.is_none() {
        p.add(
            "reason",
            "required",
            Msg::new("不批准时须说明理由", "a decline needs a reason"),
        );
    }
    p.finish()?;
    let reason = reason.unwrap_or_default();
    let now = state.clock.now_naive();
    let domain = state.mailer.domain().to_owned();
    let out = state
        .db
        .write(move |c| {
            let b = store::find(c, id, Viewer::City)?;
            if !store::decide(c, &b, req.outcome, &reason, caller.id, now)? {
                return Err(wrong_status(
                    "只有待审批的申请可以审批",
                    "only a pending application is decided",
                ));
            }
            let after = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.decide",
                &after,
                json!({ "outcome": req.outcome, "reason": reason }),
                now,
            )?;
            let person = users::find(c, b.mentor_user_id, Scope::City)?;
            let (zh, en) = names(b.kind);
            enqueue(
                c,
                now,
                &domain,
                &Recipient::from(&person),
                &Email::BenefitNotice(BenefitNotice {
                    name: person.name.clone(),
                    notice: BenefitNoticeKind::Decided,
                    benefit: b.kind.as_str().to_owned(),
                    benefit_zh: zh.into(),
                    benefit_en: en.into(),
                    date: String::new(),
                    end_date: String::new(),
                    place: String::new(),
                    approved: req.outcome == BenefitStatus::Approved,
                    reason: reason.clone(),
                }),
                &format!("benefit:{id}:decided"),
            )?;
            Ok(after)
        })
        .await?;
    state.mailer.wake.notify_one();
    Ok(out)
}

/// The city admin records the benefit as given, with what its kind needs; a bus card or an
/// apartment gets its period from today.
pub async fn issue(
    state: &AppState,
    caller: Caller,
    id: BenefitId,
    details: IssueDetails,
) -> Result<Benefit, AppError> {
    let policy = state.settings.policy.clone();
    let (today, now) = (state.clock.today(), state.clock.now_naive());
    state
        .db
        .write(move |c| {
            let b = store::find(c, id, Viewer::City)?;
            let mut merged = b.details.clone();
            merge(&mut merged, details);
            let mut p = Problems::new();
            for (field, present) in rules::required_details(b.kind, &merged) {
                if !present {
                    p.add(
                        field,
                        "required",
                        Msg::new("发放时须填写此项", "required to issue this benefit"),
                    );
                }
            }
            if merged.checked_on.is_some_and(|d| d > today) {
                p.add(
                    "checked_on",
                    "in_future",
                    Msg::new("体检日期不能晚于今天", "the check cannot be in the future"),
                );
            }
            for (field, value) in [
                ("card_number", &merged.card_number),
                ("room", &merged.room),
                ("institution", &merged.institution),
                ("title", &merged.title),
            ] {
                p.take(field, crate::domain::text::optional(value.as_deref(), 200));
            }
            p.finish()?;
            let valid = rules::validity_months(b.kind, &policy).map(|months| {
                let until = today
                    .checked_add_months(Months::new(months))
                    .map_or(today, |d| d - chrono::Duration::days(1));
                (today, until)
            });
            if !store::issue(c, &b, &merged, valid, caller.id, now)? {
                return Err(wrong_status(
                    "只有已批准的待遇可以发放",
                    "only an approved benefit is issued",
                ));
            }
            let after = store::find(c, id, Viewer::City)?;
            record(
                c,
                &caller,
                "benefit.issue",
                &after,
                json!({ "kind": after.kind }),
                now,
            )?;
            Ok(after)
        })
        .await
}

/// Fills the empty fields of `into` from `from`.
fn merge(into: &mut IssueDetails, from: IssueDetails) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(
        card_number,
        room,
        checked_on,
        institution,
        starts_on,
        ends_on,
        place,
        attended,
        title
    );
}

/// `PUT /api/v1/benefit-quotas/{year}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaRequest {
    /// Recuperation-leave places for the year, at most 100000.
    #[schema(maximum = 100_000)]
    pub recuperation_leave: u32,
}

pub async fn set_quota(
    state: &AppState,
    caller: Caller,
    year: i32,
    req: QuotaRequest,
) -> Result<QuotaView, AppError> {
    if !(2000..=2100).contains(&year) || req.recuperation_leave > 100_000 {
        return Err(AppError::invalid_field(
            "recuperation_leave",
            "out_of_range",
            "年份或名额超出范围",
            "the year or the quota is out of range",
        ));
    }
    let default = state.settings.policy.recuperation_leave_quota;
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let kind = BenefitKind::RecuperationLeave;
            store::quota(c, year, kind, default, now)?;
            if !store::set_quota(c, year, kind, req.recuperation_leave, now)? {
                return Err(AppError::conflict_field(
                    "recuperation_leave",
                    "below_used",
                    "名额不能少于已安排的人数",
                    "the quota cannot fall below the places already taken",
                ));
            }
            let (quota, used) = store::quota(c, year, kind, default, now)?;
            record(
                c,
                &caller,
                "benefit.quota",
                Subject::new("benefit_quota", format!("{year}:{}", kind.as_str()), None),
                json!({ "quota": quota }),
                now,
            )?;
            Ok(QuotaView {
                year,
                kind,
                quota,
                used,
            })
        })
        .await
}
