//! One nomination as the reviewer assigned to it sees it, with their own score and whether the
//! score may still change: the reviewer's page needs one item where `review::my_reviews` gives a
//! page of them. The same rule picks it (`db::review::reviewable_ids`: the reviewer's categories,
//! under review, never the reviewer's own unit); anything else answers 404.

use crate::auth::caller::Caller;
use crate::db::nominations::{self, Nomination};
use crate::db::review::{self, Score};
use crate::db::rounds::{self, Round};
use crate::domain::ids::NominationId;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::RoundStatus;
use crate::error::AppError;
use crate::state::AppState;

/// A nomination assigned to the caller, their score, and its round.
#[derive(Debug)]
pub struct AssignedReview {
    pub nomination: Nomination,
    pub my_score: Option<Score>,
    pub round: Round,
    /// The score may still be given or changed (the round is in review).
    pub changeable: bool,
}

/// The nomination `id` if it is assigned to the calling reviewer; otherwise 404 (403 for a caller
/// who is not a reviewer).
pub async fn assigned_review(
    state: &AppState,
    caller: &Caller,
    id: NominationId,
) -> Result<AssignedReview, AppError> {
    if !caller.has(Role::Reviewer) {
        return Err(AppError::forbidden(
            "forbidden",
            "只有评审专家可以评审",
            "only reviewers review",
        ));
    }
    let (me, unit) = (caller.id, caller.unit_id);
    state
        .db
        .run(move |c| {
            if !review::reviewable_ids(c, me, unit, None)?.contains(&id) {
                return Err(AppError::NotFound);
            }
            let nomination = nominations::find(c, id, Scope::City)?;
            let my_score = review::scores(c, &[id])?
                .into_iter()
                .find(|s| s.reviewer_id == me);
            let round = rounds::find(c, nomination.round_id)?;
            let changeable = round.status == RoundStatus::Reviewing;
            Ok(AssignedReview {
                nomination,
                my_score,
                round,
                changeable,
            })
        })
        .await
}
