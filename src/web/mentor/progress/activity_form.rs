//! Logging an activity (`/mentor/activities/new`, `POST /mentor/activities`) and editing one
//! until its year's assessment is confirmed (`/mentor/activities/{id}/edit`, `POST
//! /mentor/activities/{id}`). One form for both, sent as `multipart/form-data` so photos from the
//! phone's camera travel with it. The service decides (dates within the cycle, not in the future,
//! attendees among the contract's mentees, quarter hours, the lock); the page only turns the
//! typed text into the request and puts each reason beside its field, the input kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::files::{FILE_FIELD, store_files};
use super::view::{figure, kind_key, max_mb};
use crate::db::activities::Activity;
use crate::db::contracts::Contract;
use crate::domain::activity::ActivityRequest;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{ActivityId, UserId};
use crate::domain::indicator::IndicatorKind;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::{activities, mentor_year};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, required, say};
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;
use crate::web::uploads::CheckedMultipart;

/// What the user typed, kept for the form shown again.
#[derive(Serialize, Default)]
struct Values {
    kind: String,
    title: String,
    held_on: String,
    hours: String,
    place: String,
    summary: String,
    attendee_ids: Vec<String>,
}

/// The reason beside each field.
#[derive(Serialize, Default)]
struct Errors {
    kind: Option<String>,
    title: Option<String>,
    held_on: Option<String>,
    hours: Option<String>,
    place: Option<String>,
    summary: Option<String>,
    attendee_ids: Option<String>,
    files: Option<String>,
}

impl Errors {
    fn any(&self) -> bool {
        [
            &self.kind,
            &self.title,
            &self.held_on,
            &self.hours,
            &self.place,
            &self.summary,
            &self.attendee_ids,
        ]
        .iter()
        .any(|e| e.is_some())
    }
}

impl Values {
    fn of(a: &Activity) -> Self {
        Self {
            kind: a.kind.as_str().to_owned(),
            title: a.title.clone(),
            held_on: a.held_on.to_string(),
            hours: figure(a.hours),
            place: a.place.clone().unwrap_or_default(),
            summary: a.summary.clone().unwrap_or_default(),
            attendee_ids: a
                .attendance
                .iter()
                .map(|x| x.mentee_id.0.to_string())
                .collect(),
        }
    }

    fn from_form(form: &CheckedMultipart) -> Self {
        Self {
            kind: form.text("kind").to_owned(),
            title: form.text("title").to_owned(),
            held_on: form.text("held_on").trim().to_owned(),
            hours: form.text("hours").trim().to_owned(),
            place: form.text("place").to_owned(),
            summary: form.text("summary").to_owned(),
            attendee_ids: form.all("attendee_ids").to_vec(),
        }
    }

    /// The service's request, or the reasons the text cannot be one (a date that is not a
    /// date, hours that are not a number).
    fn request(&self) -> Result<ActivityRequest, Box<Errors>> {
        let mut e = Errors::default();
        let kind = self.kind.parse::<IndicatorKind>().ok();
        if kind.is_none() {
            e.kind = Some(say("mentor.progress.form.kind_missing"));
        }
        e.held_on = required(&self.held_on);
        let held_on = NaiveDate::parse_from_str(&self.held_on, "%Y-%m-%d").ok();
        if held_on.is_none() && e.held_on.is_none() {
            e.held_on = Some(say("mentor.progress.form.bad_date"));
        }
        e.hours = required(&self.hours);
        let hours = self.hours.replace(['，', ','], ".").parse::<f64>().ok();
        if hours.is_none() && e.hours.is_none() {
            e.hours = Some(say("mentor.progress.form.bad_hours"));
        }
        let (Some(kind), Some(held_on), Some(hours)) = (kind, held_on, hours) else {
            return Err(Box::new(e));
        };
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
        Ok(ActivityRequest {
            kind,
            title: self.title.clone(),
            held_on,
            hours,
            place: text(&self.place),
            summary: text(&self.summary),
            attendee_ids: self
                .attendee_ids
                .iter()
                .filter_map(|v| v.trim().parse::<i64>().ok())
                .map(UserId)
                .collect(),
        })
    }
}

/// A choice of the form's select or check boxes.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    meta: String,
}

/// Whether the form logs a new activity or edits one.
#[derive(Clone, Copy)]
enum Mode {
    New,
    Edit(ActivityId),
}

/// Everything the form page shows.
struct FormPage {
    mode: Mode,
    values: Values,
    errors: Errors,
    form_error: Option<String>,
    status: StatusCode,
}

fn render_form(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    k: &Contract,
    page: FormPage,
) -> Result<HttpResponse, PageError> {
    // The contract's own indicators first: those are what the year is assessed on.
    let mut kinds: Vec<IndicatorKind> = k.indicators.iter().map(|i| i.kind).collect();
    kinds.extend(IndicatorKind::ALL.iter().copied());
    let mut seen = Vec::new();
    kinds.retain(|x| {
        let fresh = !seen.contains(x);
        seen.push(*x);
        fresh
    });
    let kinds: Vec<Choice> = kinds
        .into_iter()
        .map(|x| Choice {
            value: x.as_str().to_owned(),
            label: say(&kind_key(x)),
            meta: String::new(),
        })
        .collect();
    let mentees: Vec<Choice> = k
        .mentees
        .iter()
        .map(|m| Choice {
            value: m.user_id.0.to_string(),
            label: m.name.clone(),
            meta: if m.signature_pending {
                say("mentor.progress.form.not_signed")
            } else {
                String::new()
            },
        })
        .collect();
    let (action, edit_of) = match page.mode {
        Mode::New => ("/mentor/activities".to_owned(), None),
        Mode::Edit(id) => (format!("/mentor/activities/{id}"), Some(id.0)),
    };
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        page.status,
        "mentor/progress/activity_form.html",
        context! {
            has_contract => true,
            action => action,
            edit_of => edit_of,
            locked => false,
            today => state.clock.today().to_string(),
            kinds => Serde(kinds),
            mentees => Serde(mentees),
            v => Serde(page.values),
            errors => Serde(page.errors),
            form_error => page.form_error,
            max_mb => max_mb(state),
        },
    )
}

/// The form page of a mentor without an active contract, or of a locked activity: what to do
/// instead of a form.
fn render_no_form(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    locked: Option<ActivityId>,
) -> Result<HttpResponse, PageError> {
    Frame::signed_in(state, req, session, Some(Role::Mentor)).render(
        state,
        StatusCode::OK,
        "mentor/progress/activity_form.html",
        context! {
            has_contract => locked.is_some(),
            locked => locked.is_some(),
            edit_of => locked.map(|id| id.0),
        },
    )
}

/// The active contract activities are logged against, if the mentor has one.
async fn active_contract(
    state: &AppState,
    session: &SignedIn,
) -> Result<Option<Contract>, PageError> {
    Ok(mentor_year::current_contract(state, &session.caller)
        .await?
        .filter(|k| k.status == ContractStatus::Active))
}

/// Places the service's reasons beside their fields; gives the line above the form for the
/// rest. An attendee refused by position (`attendee_ids[1]`) is named, in the order the
/// service checked them (sorted, without repeats).
fn place_reasons(
    err: &AppError,
    asked: &[UserId],
    k: &Contract,
    errors: &mut Errors,
) -> Option<String> {
    let Some(reasons) = field_reasons(err) else {
        return Some(err.message().localized().to_owned());
    };
    let mut sorted = asked.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut attendees: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    for (field, reason) in reasons {
        let slot = match field.as_str() {
            "kind" => &mut errors.kind,
            "title" => &mut errors.title,
            "held_on" => &mut errors.held_on,
            "hours" => &mut errors.hours,
            "place" => &mut errors.place,
            "summary" => &mut errors.summary,
            f if f.starts_with("attendee_ids") => {
                let who = f
                    .strip_prefix("attendee_ids[")
                    .and_then(|s| s.strip_suffix(']'))
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| sorted.get(i))
                    .and_then(|id| k.mentees.iter().find(|m| m.user_id == *id));
                attendees.push(match who {
                    Some(m) => format!("{}{}{reason}", m.name, say("mentor.progress.form.colon")),
                    None => reason,
                });
                continue;
            }
            _ => {
                rest.push(reason);
                continue;
            }
        };
        *slot = Some(reason);
    }
    if !attendees.is_empty() {
        errors.attendee_ids = Some(attendees.join(say("mentor.progress.form.sep").as_str()));
    }
    if rest.is_empty() && errors.any() {
        Some(say("form.fix"))
    } else if rest.is_empty() {
        None
    } else {
        Some(rest.join(" "))
    }
}

/// What a refused form shows beside the file field: files are not kept with a refused form.
fn files_again(form: &CheckedMultipart) -> Option<String> {
    (form.files.iter().any(|f| f.field == FILE_FIELD) || form.file_problem.is_some())
        .then(|| say("mentor.progress.form.files_again"))
}

/// Where a saved form goes: the activity, with its notice and a refused file's reason.
fn after_save(id: ActivityId, done: &str, problem: Option<&str>) -> HttpResponse {
    let mut to = format!("/mentor/activities/{id}?done={done}");
    if let Some(code) = problem {
        to.push_str(&format!("&file={code}"));
    }
    see_other(&to)
}

/// `GET /mentor/activities/new`.
pub async fn get_new_activity(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let Some(k) = active_contract(&state, &session).await? else {
        return render_no_form(&state, &req, &session, None);
    };
    let values = Values {
        kind: k
            .indicators
            .first()
            .map_or(IndicatorKind::Lecture, |i| i.kind)
            .as_str()
            .to_owned(),
        held_on: state.clock.today().to_string(),
        ..Values::default()
    };
    let page = FormPage {
        mode: Mode::New,
        values,
        errors: Errors::default(),
        form_error: None,
        status: StatusCode::OK,
    };
    render_form(&state, &req, &session, &k, page)
}

/// `POST /mentor/activities`: logs the activity, then stores its files.
pub async fn post_activity(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let Some(k) = active_contract(&state, &session).await? else {
        return render_no_form(&state, &req, &session, None);
    };
    let values = Values::from_form(&form);
    let refused = |mut errors: Errors, form_error: Option<String>, values: Values| {
        errors.files = files_again(&form);
        FormPage {
            mode: Mode::New,
            values,
            errors,
            form_error,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    };
    let asked = match values.request() {
        Ok(r) => r,
        Err(errors) => {
            let page = refused(*errors, Some(say("form.fix")), values);
            return render_form(&state, &req, &session, &k, page);
        }
    };
    let attendees = asked.attendee_ids.clone();
    match activities::log_activity(&state, session.caller.clone(), k.id, asked).await {
        Ok(a) => {
            let problem = store_files(&state, &session, a.id, &form).await?;
            Ok(after_save(a.id, "logged", problem))
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let mut errors = Errors::default();
            let line = place_reasons(&e, &attendees, &k, &mut errors);
            let page = refused(errors, line, values);
            render_form(&state, &req, &session, &k, page)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /mentor/activities/{id}/edit`.
pub async fn get_edit_activity(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (a, k) = mentor_year::own_activity(&state, &session.caller, id.into_inner()).await?;
    if a.locked {
        return render_no_form(&state, &req, &session, Some(a.id));
    }
    let page = FormPage {
        mode: Mode::Edit(a.id),
        values: Values::of(&a),
        errors: Errors::default(),
        form_error: None,
        status: StatusCode::OK,
    };
    render_form(&state, &req, &session, &k, page)
}

/// `POST /mentor/activities/{id}`: saves the changes (the service refuses once locked), then
/// stores any files added with them.
pub async fn post_activity_update(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ActivityId>,
    form: CheckedMultipart,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let (a, k) = mentor_year::own_activity(&state, &session.caller, id.into_inner()).await?;
    let values = Values::from_form(&form);
    let refused = |mut errors: Errors, form_error: Option<String>, values: Values| {
        errors.files = files_again(&form);
        FormPage {
            mode: Mode::Edit(a.id),
            values,
            errors,
            form_error,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    };
    let asked = match values.request() {
        Ok(r) => r,
        Err(errors) => {
            let page = refused(*errors, Some(say("form.fix")), values);
            return render_form(&state, &req, &session, &k, page);
        }
    };
    let attendees = asked.attendee_ids.clone();
    match activities::update_activity(&state, session.caller.clone(), a.id, asked).await {
        Ok(_) => {
            let problem = store_files(&state, &session, a.id, &form).await?;
            Ok(after_save(a.id, "saved", problem))
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let mut errors = Errors::default();
            let line = place_reasons(&e, &attendees, &k, &mut errors);
            let page = refused(errors, line, values);
            render_form(&state, &req, &session, &k, page)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_date_or_a_number_is_refused_beside_its_field() {
        let v = Values {
            kind: "lecture".into(),
            held_on: "next week".into(),
            hours: "two".into(),
            ..Values::default()
        };
        let e = v.request().expect_err("refused");
        assert!(e.held_on.is_some() && e.hours.is_some() && e.kind.is_none());
        let ok = Values {
            kind: "exchange".into(),
            held_on: "2026-11-20".into(),
            hours: "1,5".into(),
            attendee_ids: vec!["3".into(), "x".into()],
            ..Values::default()
        };
        let r = ok.request().ok().expect("a request");
        assert_eq!((r.hours, r.attendee_ids), (1.5, vec![UserId(3)]));
    }
}
