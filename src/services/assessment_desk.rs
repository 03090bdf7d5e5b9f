//! What the offices' assessment pages ask beyond the API's single calls, all built on
//! `services::assessments`: a grade checked against the comment rule before it is stored (so a
//! refused grade leaves nothing behind), the bulk confirmation of a unit's uncontested
//! assessments, and the unqualified grades whose consequence is carried out or pending.

use crate::auth::caller::Caller;
use crate::db::assessments::{Assessment, AssessmentFilter, AssessmentRound};
use crate::domain::assessment::{AssessmentStatus, Grade, GradeRequest};
use crate::domain::ids::{AssessmentId, AssessmentRoundId, UnitId};
use crate::domain::page::PageRequest;
use crate::error::AppError;
use crate::services::assessments::{self, AssessmentDetail};
use crate::state::AppState;

/// Every row at once (the pages page their lists themselves).
const ALL_ROWS: PageRequest = PageRequest {
    page: 1,
    per_page: 100_000,
};

/// Every round, newest year first.
pub async fn rounds(state: &AppState) -> Result<Vec<AssessmentRound>, AppError> {
    let mut rounds = state.db.run(crate::db::assessments::list_rounds).await?;
    rounds.sort_by_key(|r| std::cmp::Reverse(r.year));
    Ok(rounds)
}

/// All of a round's assessments the caller may see, matching `filter`.
pub async fn all_of_round(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
    filter: AssessmentFilter,
) -> Result<Vec<Assessment>, AppError> {
    Ok(assessments::list(state, caller, round, filter, ALL_ROWS)
        .await?
        .items)
}

/// Writes the grade and comments; with `submit`, hands the assessment in as well. A grade is
/// first checked against the comment rule of the submission (`assessments::comment_rule`,
/// against the live suggestion), so that a grade the unit could not hand in is refused with its
/// field's reason and nothing is stored.
pub async fn grade(
    state: &AppState,
    caller: Caller,
    id: AssessmentId,
    req: GradeRequest,
    submit: bool,
) -> Result<AssessmentDetail, AppError> {
    let before = assessments::get(state, &caller, id).await?;
    if let Some(Some(grade)) = req.grade {
        let comment = req.overall_comment.clone().flatten();
        assessments::comment_rule(grade, before.evidence.suggested_grade, comment.as_deref())?;
    }
    let written = assessments::write_grade(state, caller.clone(), id, req).await?;
    if submit {
        return assessments::submit(state, caller, id).await;
    }
    Ok(written)
}

/// True when nothing in a submitted assessment asks for the city's own look: the grade is the
/// suggestion, it is not unqualified (that one notifies the mentor and opens a window), and no
/// activity of the period is disputed.
pub fn uncontested(d: &AssessmentDetail) -> bool {
    d.assessment.status == AssessmentStatus::Submitted
        && d.assessment.grade == Some(d.evidence.suggested_grade)
        && d.assessment.grade != Some(Grade::Unqualified)
        && d.evidence.disputed_activities == 0
}

/// A unit's submitted assessments split into those a bulk confirmation takes and the others.
pub async fn bulk_candidates(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
    unit: UnitId,
) -> Result<(Vec<AssessmentDetail>, Vec<AssessmentDetail>), AppError> {
    let filter = AssessmentFilter {
        unit_id: Some(unit),
        status: Some(AssessmentStatus::Submitted),
        ..AssessmentFilter::default()
    };
    let mut take = Vec::new();
    let mut leave = Vec::new();
    for a in all_of_round(state, caller, round, filter).await? {
        let d = assessments::get(state, caller, a.id).await?;
        if uncontested(&d) {
            take.push(d);
        } else {
            leave.push(d);
        }
    }
    Ok((take, leave))
}

/// Confirms a unit's uncontested submitted assessments; the others stay for one by one. Answers
/// how many were confirmed.
pub async fn confirm_uncontested(
    state: &AppState,
    caller: Caller,
    round: AssessmentRoundId,
    unit: UnitId,
) -> Result<usize, AppError> {
    let (take, _) = bulk_candidates(state, &caller, round, unit).await?;
    let mut done = 0;
    for d in take {
        assessments::confirm(state, caller.clone(), d.assessment.id).await?;
        done += 1;
    }
    Ok(done)
}

/// The confirmed unqualified grades of every round: those whose consequence was carried out,
/// and those still waiting for it (in the objection window, or an objection pending).
pub async fn revocations(
    state: &AppState,
    caller: &Caller,
) -> Result<(Vec<Assessment>, Vec<Assessment>), AppError> {
    let mut done = Vec::new();
    let mut pending = Vec::new();
    for r in rounds(state).await? {
        let filter = AssessmentFilter {
            status: Some(AssessmentStatus::Confirmed),
            grade: Some(Grade::Unqualified),
            ..AssessmentFilter::default()
        };
        for a in all_of_round(state, caller, r.id, filter).await? {
            if a.consequence.is_some() {
                done.push(a);
            } else {
                pending.push(a);
            }
        }
    }
    Ok((done, pending))
}
