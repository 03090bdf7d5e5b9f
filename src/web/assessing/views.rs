//! The view models the assessing pages share: an assessment's row, and the evidence of its year
//! as the service computed it (indicators with target, done and pro rata; hours; disputed
//! activities; each mentee's attendance, plan and milestones; the suggested grade and why).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::db::assessments::Assessment;
use crate::domain::assessment::{Evidence, Grade};
use crate::domain::ids::{AssessmentId, IndicatorId, MentorEntryId, UnitId};

/// One assessment in a list.
#[derive(Serialize)]
pub struct Row {
    pub id: AssessmentId,
    pub year: i32,
    pub kind: &'static str,
    pub mentor_name: String,
    pub certificate_no: String,
    /// The pool entry assessed (its printed notice of revocation, once revoked).
    pub mentor_entry_id: MentorEntryId,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub status: &'static str,
    pub grade: Option<&'static str>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub submitted_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub objection_deadline: Option<NaiveDate>,
    pub consequence: Option<&'static str>,
    pub consequence_at: Option<DateTime<Utc>>,
    pub return_reason: Option<String>,
    pub overall_comment: Option<String>,
}

/// The row of `a`.
pub fn row(a: &Assessment) -> Row {
    Row {
        id: a.id,
        year: a.year,
        kind: a.kind.as_str(),
        mentor_name: a.mentor_name.clone(),
        certificate_no: a.certificate_no.clone(),
        mentor_entry_id: a.mentor_entry_id,
        unit_id: a.unit_id,
        unit_name: a.unit_name.clone(),
        status: a.status.as_str(),
        grade: a.grade.map(|g| g.as_str()),
        period_from: a.period_from,
        period_to: a.period_to,
        submitted_at: a.submitted_at,
        confirmed_at: a.confirmed_at,
        objection_deadline: a.objection_deadline,
        consequence: a.consequence.map(|c| c.as_str()),
        consequence_at: a.consequence_at,
        return_reason: a.return_reason.clone().filter(|r| !r.trim().is_empty()),
        overall_comment: a.overall_comment.clone().filter(|r| !r.trim().is_empty()),
    }
}

/// One indicator of the evidence.
#[derive(Serialize)]
pub struct IndicatorView {
    pub id: IndicatorId,
    pub description: String,
    pub yearly_target: i32,
    pub pro_rata: String,
    pub done: String,
    pub unconfirmed: String,
    pub disputed: String,
    pub met: bool,
}

/// One mentee of the evidence.
#[derive(Serialize)]
pub struct MenteeView {
    pub name: String,
    pub attended: usize,
    pub confirmed: usize,
    pub disputed: usize,
    pub rate: String,
    pub plan: Option<&'static str>,
    pub milestones_due: usize,
    pub milestones_reported: usize,
}

/// The evidence of an assessment.
#[derive(Serialize)]
pub struct EvidenceView {
    pub has_contract: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub activities: usize,
    pub hours: String,
    pub disputed_activities: usize,
    pub indicators: Vec<IndicatorView>,
    pub indicators_met: usize,
    pub mentees: Vec<MenteeView>,
    pub attendance: String,
    pub plans_approved: usize,
    pub suggested: &'static str,
    /// Which of the suggestion's rules gave the grade (a catalogue key's last part).
    pub why: &'static str,
}

/// A number without a needless ".0" ("3", "2.5"), and never "-0".
pub fn number(x: f64) -> String {
    let x = if x.abs() < 1e-9 { 0.0 } else { x };
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// "85%".
pub fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

/// The evidence as the pages show it.
pub fn evidence(e: &Evidence) -> EvidenceView {
    let why = match e.suggested_grade {
        _ if e.indicators.is_empty() => "no_indicators",
        Grade::Excellent => "excellent",
        Grade::Qualified => "qualified",
        Grade::BasicallyQualified => "basically_qualified",
        Grade::Unqualified => "unqualified",
    };
    EvidenceView {
        has_contract: e.contract_id.is_some(),
        from: e.from,
        to: e.to,
        activities: e.activities,
        hours: number(e.hours),
        disputed_activities: e.disputed_activities,
        indicators: e
            .indicators
            .iter()
            .map(|i| IndicatorView {
                id: i.indicator_id,
                description: i.description.clone(),
                yearly_target: i.yearly_target,
                pro_rata: number(i.pro_rata_target),
                done: number(i.done_confirmed + i.done_unconfirmed),
                unconfirmed: number(i.done_unconfirmed),
                disputed: number(i.disputed),
                met: i.shortfall <= 1e-9,
            })
            .collect(),
        indicators_met: e.indicators_met,
        mentees: e
            .mentees
            .iter()
            .map(|m| MenteeView {
                name: m.attendance.name.clone(),
                attended: m.attendance.attended,
                confirmed: m.attendance.confirmed,
                disputed: m.attendance.disputed,
                rate: percent(m.attendance.attendance_rate),
                plan: m.attendance.plan_status.map(|p| p.as_str()),
                milestones_due: m.milestones_due,
                milestones_reported: m.milestones_reported,
            })
            .collect(),
        attendance: percent(e.attendance_rate),
        plans_approved: e.plans_approved,
        suggested: e.suggested_grade.as_str(),
        why,
    }
}

/// The grades, best first, as a select's options are built from (`value` codes).
pub fn grade_codes() -> Vec<&'static str> {
    Grade::ALL.iter().map(|g| g.as_str()).collect()
}
