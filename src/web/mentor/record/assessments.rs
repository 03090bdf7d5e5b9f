//! `/mentor/assessments`: the mentor's confirmed assessments year by year, and one assessment
//! with the unit's comment, the evidence it rests on, the objection window and any objection
//! with its outcome and files. The objection form itself is handled in `objection`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use crate::db::assessments::Assessment;
use crate::db::objections::Objection;
use crate::domain::evidence::Owner;
use crate::domain::ids::{AssessmentId, AssessmentObjectionId, EvidenceFileId};
use crate::domain::role::Role;
use crate::services::mentor_record::{ObjectionWindow, as_mentor, objection_window};
use crate::services::{assessments, evidence};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::page::Frame;
use crate::web::paging::{PageParam, paginate};
use crate::web::session::SignedIn;

/// `?page=N` of the list, `?done=…` after a form.
#[derive(Debug, Default, Deserialize)]
pub struct RecordQuery {
    pub page: Option<String>,
    pub done: Option<String>,
}

/// One objection as the pages show it.
#[derive(Serialize)]
pub(super) struct ObjectionView {
    id: AssessmentObjectionId,
    /// Which confirmation of the grade it answered (a re-graded assessment can have two).
    confirmation: i32,
    status: &'static str,
    content: String,
    decision_reason: Option<String>,
    filed_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    files: Vec<FileView>,
}

/// A file of an objection (the template links it under its assessment).
#[derive(Serialize)]
pub(super) struct FileView {
    id: EvidenceFileId,
    name: String,
    size: String,
}

/// An assessment as the list and the detail show it.
#[derive(Serialize)]
pub(super) struct AssessmentView {
    id: AssessmentId,
    year: i32,
    kind: &'static str,
    grade: Option<&'static str>,
    status: &'static str,
    unit_name: String,
    period_from: NaiveDate,
    period_to: NaiveDate,
    comment: Option<String>,
    confirmed_at: Option<DateTime<Utc>>,
    consequence: Option<&'static str>,
    consequence_at: Option<DateTime<Utc>>,
    window: ObjectionWindow,
    /// Newest first.
    objections: Vec<ObjectionView>,
}

/// "1.2 MB", "340 KB".
fn size_words(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn view(
    a: &Assessment,
    objections: &[Objection],
    files: &BTreeMap<AssessmentObjectionId, Vec<crate::db::evidence_files::EvidenceFile>>,
    today: NaiveDate,
) -> AssessmentView {
    let mut objections_view: Vec<ObjectionView> = objections
        .iter()
        .map(|o| ObjectionView {
            id: o.id,
            confirmation: o.confirmation,
            status: o.status.as_str(),
            content: o.content.clone(),
            decision_reason: o.decision_reason.clone(),
            filed_at: o.filed_at,
            decided_at: o.decided_at,
            files: files
                .get(&o.id)
                .map(|fs| {
                    fs.iter()
                        .map(|f| FileView {
                            id: f.id,
                            name: f.file_name.clone(),
                            size: size_words(f.size_bytes),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    objections_view.sort_by_key(|o| std::cmp::Reverse(o.filed_at));
    AssessmentView {
        id: a.id,
        year: a.year,
        kind: a.kind.as_str(),
        grade: a.grade.map(|g| g.as_str()),
        status: a.status.as_str(),
        unit_name: a.unit_name.clone(),
        period_from: a.period_from,
        period_to: a.period_to,
        comment: a.overall_comment.clone().filter(|c| !c.trim().is_empty()),
        confirmed_at: a.confirmed_at,
        consequence: a.consequence.map(|c| c.as_str()),
        consequence_at: a.consequence_at,
        window: objection_window(a, objections, today),
        objections: objections_view,
    }
}

/// `GET /mentor/assessments`: every confirmed assessment of the mentor, the newest year first.
pub async fn get_assessments(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let caller = as_mentor(&session.caller);
    let mut mine = assessments::mine(&state, &caller).await?;
    mine.sort_by(|a, b| b.year.cmp(&a.year).then(b.id.0.cmp(&a.id.0)));
    let asked = PageParam {
        page: query.page.clone(),
    };
    let (rows, pager) = paginate(mine, &asked, "/mentor/assessments");
    let today = state.clock.today();
    let mut views = Vec::with_capacity(rows.len());
    for a in rows {
        // The objections come with the assessment's detail, as `GET /api/v1/assessments/{id}`.
        let detail = assessments::get(&state, &caller, a.id).await?;
        views.push(view(
            &detail.assessment,
            &detail.objections,
            &BTreeMap::new(),
            today,
        ));
    }
    Frame::signed_in(&state, &req, &session, Some(Role::Mentor)).render(
        &state,
        StatusCode::OK,
        "mentor/record/assessments.html",
        context! {
            assessments => Serde(views),
            pager => Serde(pager),
        },
    )
}

/// What the objection form shows: the reason typed, the reasons of a refusal by field, and a
/// refusal that names no field.
#[derive(Default, Serialize)]
pub(super) struct ObjectionForm {
    pub content: String,
    pub errors: ObjectionErrors,
    pub form_error: Option<String>,
}

/// The reasons beside the form's two fields.
#[derive(Default, Serialize)]
pub(super) struct ObjectionErrors {
    pub content: Option<String>,
    pub files: Option<String>,
}

/// Renders one assessment with its objection form in the state `form`.
pub(super) async fn render_assessment(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    id: AssessmentId,
    status: StatusCode,
    form: ObjectionForm,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let caller = as_mentor(&session.caller);
    let detail = assessments::get(state, &caller, id).await?;
    let mut files = BTreeMap::new();
    for o in &detail.objections {
        files.insert(
            o.id,
            evidence::list(state, &caller, Owner::objection(o.id)).await?,
        );
    }
    let a = view(
        &detail.assessment,
        &detail.objections,
        &files,
        state.clock.today(),
    );
    let ev = &detail.evidence;
    let notice = match done {
        Some("objection") => Some("mentor.record.notice.objection_filed"),
        Some("objection_files") => Some("mentor.record.notice.objection_files_failed"),
        _ => None,
    };
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        status,
        "mentor/record/assessment.html",
        context! {
            a => Serde(a),
            evidence => context! {
                activities => ev.activities,
                // Rounded sums can come out as -0.0.
                hours => format!("{:.1}", if ev.hours > 0.0 { ev.hours } else { 0.0 })
                    .trim_end_matches(".0")
                    .to_owned(),
                indicators => ev.indicators.len(),
                indicators_met => ev.indicators_met,
                mentees => ev.mentees.len(),
                attendance => format!("{:.0}%", ev.attendance_rate * 100.0),
            },
            form => Serde(form),
            notice => notice,
            max_files => crate::web::uploads::MAX_FILES,
            max_mb => state.settings.policy.evidence_file_max_bytes / (1024 * 1024),
        },
    )
}

/// `GET /mentor/assessments/{id}`: one of the mentor's assessments; another's answers 404.
pub async fn get_assessment(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<AssessmentId>,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    render_assessment(
        &state,
        &req,
        &session,
        id.into_inner(),
        StatusCode::OK,
        ObjectionForm::default(),
        query.done.as_deref(),
    )
    .await
}
