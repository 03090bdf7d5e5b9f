//! Committee review: the city admin appoints reviewers to a round per category; a reviewer sees
//! and scores only the nominations of those categories, never one from their own unit; scores are
//! visible to the city admin alone, who decides each nomination with a sign-off. During public
//! notice the city admin records objections; an upheld one turns the decision to rejected.

use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::nominations::{self, Nomination};
use crate::db::review::{self, Objection, ReviewerAssignment, Score, ScoreException};
use crate::db::rounds::Round;
use crate::db::{AnyConnection, rounds, units, users};
use crate::domain::ids::{NominationId, NoticeObjectionId, RoundId, UnitId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::review::{
    AssignReviewerRequest, Decision, DecisionRequest, ObjectionOutcome, ObjectionOutcomeRequest,
    ObjectionRequest, Recommendation, ScoreRequest,
};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::{NominationStatus, RoundStatus};
use crate::domain::text;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::services::audit_trail::{Subject, record};
use crate::services::refusals::wrong_status;
use crate::state::AppState;

/// The round, if it is in `status`; a 409 with the given reason otherwise.
fn round_in(
    status: RoundStatus,
    c: &mut AnyConnection,
    round: RoundId,
    zh: &'static str,
    en: &'static str,
) -> Result<Round, AppError> {
    let r = rounds::find(c, round)?;
    if r.status != status {
        return Err(AppError::conflict_field(
            "round",
            "wrong_round_status",
            zh,
            en,
        ));
    }
    Ok(r)
}

/// The first page of a round's assignments, as the reviewer routes answer after a change.
const FIRST_PAGE: PageRequest = PageRequest {
    page: 1,
    per_page: 100,
};

/// Appoints a reviewer (a user with the reviewer role) to a round for the given categories;
/// answers the round's assignments (the first 100).
pub async fn assign_reviewer(
    state: &AppState,
    caller: Caller,
    round: RoundId,
    req: AssignReviewerRequest,
) -> Result<Page<ReviewerAssignment>, AppError> {
    if req.categories.is_empty() {
        return Err(AppError::invalid_field(
            "categories",
            "required",
            "至少选择一个类别",
            "at least one category",
        ));
    }
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let r = rounds::find(c, round)?;
            if r.status == RoundStatus::Closed {
                return Err(AppError::conflict_field(
                    "round",
                    "wrong_round_status",
                    "选拔已结束",
                    "the round is closed",
                ));
            }
            let reviewer = users::find(c, req.reviewer_id, Scope::City)
                .ok()
                .filter(|u| u.roles.contains(&Role::Reviewer));
            let Some(reviewer) = reviewer else {
                return Err(AppError::invalid_field(
                    "reviewer_id",
                    "not_a_reviewer",
                    "该用户不是评审专家",
                    "no such user with the reviewer role",
                ));
            };
            for category in &req.categories {
                review::assign(c, round, reviewer.id, *category, now)?;
            }
            record(
                c,
                &caller,
                "selection_round.assign_reviewer",
                Subject::new("selection_round", round, None),
                json!({ "reviewer_id": reviewer.id, "categories": req.categories }),
                now,
            )?;
            review::assignments(c, round, FIRST_PAGE)
        })
        .await
}

/// A round's reviewers and their categories, a page at a time.
pub async fn list_reviewers(
    state: &AppState,
    round: RoundId,
    page: PageRequest,
) -> Result<Page<ReviewerAssignment>, AppError> {
    state
        .db
        .run(move |c| {
            rounds::find(c, round)?;
            review::assignments(c, round, page)
        })
        .await
}

/// A nomination as a reviewer sees it, with the reviewer's own score.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewItem {
    pub nomination: Nomination,
    pub my_score: Option<Score>,
}

fn reviewer_unit(caller: &Caller) -> Option<UnitId> {
    caller.unit_id
}

/// The nominations waiting for this reviewer (optionally of one round), a page at a time.
pub async fn my_reviews(
    state: &AppState,
    caller: Caller,
    round: Option<RoundId>,
    page: PageRequest,
) -> Result<Page<ReviewItem>, AppError> {
    state
        .db
        .run(move |c| {
            let (ids, total) =
                review::reviewable_page(c, caller.id, reviewer_unit(&caller), round, page)?;
            let scores = review::scores(c, &ids)?;
            let items = ids
                .iter()
                .map(|id| {
                    let nomination = nominations::find(c, *id, Scope::City)?;
                    let my_score = scores
                        .iter()
                        .find(|s| s.nomination_id == *id && s.reviewer_id == caller.id)
                        .cloned();
                    Ok(ReviewItem {
                        nomination,
                        my_score,
                    })
                })
                .collect::<Result<_, AppError>>()?;
            Ok(Page {
                items,
                page: page.page,
                per_page: page.per_page,
                total,
            })
        })
        .await
}

/// The names of the units of the nominations assigned to a reviewer, for their list (which shows
/// each nomination's unit and may sort by it); a unit that is not there is left out.
pub async fn unit_names(
    state: &AppState,
    ids: Vec<UnitId>,
) -> Result<std::collections::HashMap<UnitId, String>, AppError> {
    state
        .db
        .run(move |c| {
            let mut names = std::collections::HashMap::new();
            for id in ids {
                match units::find(c, id, Scope::City) {
                    Ok(u) => {
                        names.insert(id, u.name);
                    }
                    Err(AppError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(names)
        })
        .await
}

/// Scores a nomination; changeable until the round leaves `reviewing`. A nomination outside the
/// reviewer's categories, or from their own unit, answers 404.
pub async fn score(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    req: ScoreRequest,
) -> Result<ReviewItem, AppError> {
    let policy = &state.settings.policy;
    let (min, max) = (
        policy.review_score_min as i32,
        policy.review_score_max as i32,
    );
    let mut p = Problems::new();
    if !(min..=max).contains(&req.score) {
        p.add(
            "score",
            "out_of_range",
            crate::i18n::Msg::new(
                format!("评分应在 {min} 到 {max} 之间"),
                format!("the score must be {min} to {max}"),
            ),
        );
    }
    let comment = p.take("comment", text::optional(req.comment.as_deref(), 2000));
    p.finish()?;
    let now = state.clock.now_naive();
    let recommendation: Recommendation = req.recommendation;
    state
        .db
        .write(move |c| {
            if !review::reviewable_ids(c, caller.id, reviewer_unit(&caller), None)?.contains(&id) {
                return Err(AppError::NotFound);
            }
            let nomination = nominations::find(c, id, Scope::City)?;
            round_in(
                RoundStatus::Reviewing,
                c,
                nomination.round_id,
                "评审阶段已结束",
                "the round is no longer in review",
            )?;
            review::upsert_score(
                c,
                id,
                caller.id,
                req.score,
                recommendation,
                comment.flatten().as_deref(),
                now,
            )?;
            record(
                c,
                &caller,
                "nomination.score",
                &nomination,
                json!({ "score": req.score, "recommendation": recommendation }),
                now,
            )?;
            let my_score = review::scores(c, &[id])?
                .into_iter()
                .find(|s| s.reviewer_id == caller.id);
            Ok(ReviewItem {
                nomination,
                my_score,
            })
        })
        .await
}

/// What the city admin sees of one nomination's review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewSummary {
    pub nomination: Nomination,
    pub score_count: usize,
    /// The scores the round requires before a decision.
    pub min_scores: i32,
    /// Set when the current decision was taken below `min_scores`: the city admin's reason.
    pub score_exception: Option<ScoreException>,
    pub mean: Option<f64>,
    pub min: Option<i32>,
    pub max: Option<i32>,
    pub recommend: usize,
    pub neutral: usize,
    pub oppose: usize,
    pub scores: Vec<Score>,
    pub objections: Vec<Objection>,
}

/// Every nomination of a round under review or decided, with its scores (city admins only), a
/// page at a time.
pub async fn round_summary(
    state: &AppState,
    round: RoundId,
    page: PageRequest,
) -> Result<Page<ReviewSummary>, AppError> {
    state
        .db
        .run(move |c| {
            let min_scores = rounds::find(c, round)?.min_scores;
            let (ids, total) = review::nomination_page(
                c,
                round,
                &[
                    NominationStatus::UnderReview,
                    NominationStatus::Approved,
                    NominationStatus::Rejected,
                ],
                page,
            )?;
            let scores = review::scores(c, &ids)?;
            let objections = review::objections_of(c, &ids)?;
            let exceptions = review::score_exceptions(c, &ids)?;
            let mut items = Vec::with_capacity(ids.len());
            for id in &ids {
                let nomination = nominations::find(c, *id, Scope::City)?;
                let mine: Vec<Score> = scores
                    .iter()
                    .filter(|s| s.nomination_id == nomination.id)
                    .cloned()
                    .collect();
                let values: Vec<i32> = mine.iter().map(|s| s.score).collect();
                let count =
                    |r: Recommendation| mine.iter().filter(|s| s.recommendation == r).count();
                items.push(ReviewSummary {
                    score_count: mine.len(),
                    min_scores,
                    score_exception: exceptions
                        .iter()
                        .find(|(n, _)| *n == nomination.id)
                        .map(|(_, e)| e.clone()),
                    mean: (!values.is_empty())
                        .then(|| f64::from(values.iter().sum::<i32>()) / values.len() as f64),
                    min: values.iter().min().copied(),
                    max: values.iter().max().copied(),
                    recommend: count(Recommendation::Recommend),
                    neutral: count(Recommendation::Neutral),
                    oppose: count(Recommendation::Oppose),
                    objections: objections
                        .iter()
                        .filter(|o| o.nomination_id == nomination.id)
                        .cloned()
                        .collect(),
                    scores: mine,
                    nomination,
                });
            }
            Ok(Page {
                items,
                page: page.page,
                per_page: page.per_page,
                total,
            })
        })
        .await
}

/// The city admin decides a nomination under review, recording the sign-off (签批). A nomination
/// with fewer scores than the round requires is decided only with a written exception, which
/// is kept with the decision and audited.
pub async fn decide(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    req: DecisionRequest,
) -> Result<Nomination, AppError> {
    let mut p = Problems::new();
    let reason = p.take("reason", text::required(&req.reason, 2000));
    let signer = p.take("signed_by", text::required(&req.signed_by, 100));
    let exception_reason = p.take(
        "score_exception_reason",
        text::long_optional(req.score_exception_reason.as_deref(), 2000),
    );
    p.finish()?;
    let (reason, signer) = (reason.expect("checked"), signer.expect("checked"));
    let exception_reason = exception_reason.flatten();
    let now = state.clock.now_naive();
    state
        .db
        .write(move |c| {
            let n = nominations::find(c, id, Scope::City)?;
            let round = round_in(
                RoundStatus::Reviewing,
                c,
                n.round_id,
                "只有评审阶段可以作出决定",
                "decisions are made while the round is in review",
            )?;
            if !matches!(
                n.status,
                NominationStatus::UnderReview
                    | NominationStatus::Approved
                    | NominationStatus::Rejected
            ) {
                return Err(wrong_status(
                    "该推荐不在评审中",
                    "the nomination is not under review",
                ));
            }
            let scores = review::score_count(c, id)?;
            let exception = if scores < i64::from(round.min_scores) {
                let Some(reason) = exception_reason else {
                    return Err(too_few_scores(scores, round.min_scores));
                };
                Some(ScoreException {
                    reason,
                    scores_at_decision: scores as i32,
                })
            } else {
                // Enough scores: a reason given anyway is not an exception.
                None
            };
            let status = match req.decision {
                Decision::Approved => NominationStatus::Approved,
                Decision::Rejected => NominationStatus::Rejected,
            };
            nominations::decide(c, id, status, &reason, &signer, req.signed_on, now)?;
            review::set_score_exception(c, id, exception.as_ref())?;
            let after = nominations::find(c, id, Scope::City)?;
            record(
                c,
                &caller,
                "nomination.decide",
                &after,
                json!({
                    "before": n.status, "after": status,
                    "signed_by": signer, "signed_on": req.signed_on
                }),
                now,
            )?;
            if let Some(e) = &exception {
                record(
                    c,
                    &caller,
                    SCORE_EXCEPTION_ACTION,
                    &after,
                    json!({
                        "decision": status, "reason": e.reason,
                        "scores": e.scores_at_decision, "min_scores": round.min_scores
                    }),
                    now,
                )?;
            }
            Ok(after)
        })
        .await
}

/// The audit action of a decision taken below the round's minimum of scores. Like the scores
/// themselves, it stays with the city admin (the mentor's record hides it from units).
pub const SCORE_EXCEPTION_ACTION: &str = "nomination.score_exception";

fn too_few_scores(scores: i64, min: i32) -> AppError {
    AppError::invalid_field_owned(
        "score_exception_reason",
        "too_few_scores",
        Msg::new(
            format!(
                "该推荐只有 {scores} 个评审评分，本届要求至少 {min} 个；如确需在评分不足时作出决定，请填写破例理由"
            ),
            format!(
                "this nomination has {scores} of the {min} reviewer scores the round requires; \
                 to decide it before then, give the reason for the exception"
            ),
        ),
    )
}

/// Records an objection to an approved candidate during public notice.
pub async fn record_objection(
    state: &AppState,
    caller: Caller,
    id: NominationId,
    req: ObjectionRequest,
) -> Result<Objection, AppError> {
    let mut p = Problems::new();
    let content = p.take("content", text::required(&req.content, 5000));
    p.finish()?;
    let content = content.expect("checked");
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let n = nominations::find(c, id, Scope::City)?;
            round_in(
                RoundStatus::PublicNotice,
                c,
                n.round_id,
                "只有公示期间可以登记异议",
                "objections are recorded during public notice",
            )?;
            let notice_end = rounds::find(c, n.round_id)?.notice_ends_on;
            if notice_end.is_some_and(|last| today > last) {
                return Err(AppError::conflict_field(
                    "round",
                    "notice_over",
                    "公示期已结束，不再登记异议",
                    "the public notice has ended; objections are no longer recorded",
                ));
            }
            if n.status != NominationStatus::Approved {
                return Err(wrong_status(
                    "只能对公示中的人选提出异议",
                    "only approved candidates are on notice",
                ));
            }
            let o = review::record_objection(c, id, &content, caller.id, now)?;
            record(
                c,
                &caller,
                "nomination.objection",
                &n,
                json!({ "objection_id": o.id }),
                now,
            )?;
            Ok(o)
        })
        .await
}

/// Decides an objection; an upheld one turns the nomination to rejected.
pub async fn decide_objection(
    state: &AppState,
    caller: Caller,
    objection_id: NoticeObjectionId,
    req: ObjectionOutcomeRequest,
) -> Result<Objection, AppError> {
    let mut p = Problems::new();
    let reason = p.take("reason", text::required(&req.reason, 2000));
    p.finish()?;
    let reason = reason.expect("checked");
    let (now, today) = (state.clock.now_naive(), state.clock.today());
    state
        .db
        .write(move |c| {
            let o = review::objection(c, objection_id)?;
            if o.outcome.is_some() {
                return Err(AppError::conflict_field(
                    "outcome",
                    "already_decided",
                    "该异议已处理",
                    "the objection was already decided",
                ));
            }
            let n = nominations::find(c, o.nomination_id, Scope::City)?;
            round_in(
                RoundStatus::PublicNotice,
                c,
                n.round_id,
                "公示期已结束",
                "public notice is over",
            )?;
            let decided = review::decide_objection(c, objection_id, req.outcome, &reason, now)?;
            if req.outcome == ObjectionOutcome::Upheld {
                let signer = users::find(c, caller.id, Scope::City)?.name;
                nominations::decide(
                    c,
                    n.id,
                    NominationStatus::Rejected,
                    &format!("公示异议成立：{reason}"),
                    &signer,
                    today,
                    now,
                )?;
            }
            record(
                c,
                &caller,
                "nomination.objection_decided",
                &n,
                json!({ "objection_id": objection_id, "outcome": req.outcome }),
                now,
            )?;
            Ok(decided)
        })
        .await
}
