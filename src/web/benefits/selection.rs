//! `POST /city/benefits/{kind}/selections`: the city admin selects one or several eligible
//! mentors at once (a health-check batch, a tour's group) for a benefit the city arranges, with
//! the same date, place and note. Each is one `benefit_requests::select` (eligibility, one a
//! year, the leave quota; the mentor is told); when some are refused, the page says who was
//! selected and why the others were not.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;

use super::city_kind::{KindForm, Refused, again, kind_of, render, year_field};
use super::views::{Errors, date_field, refusal, text_field};
use crate::domain::ids::MentorEntryId;
use crate::domain::role::Role;
use crate::services::benefit_requests::{self, SelectRequest};
use crate::services::benefits;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::session::SignedIn;

/// The fields the selection reads besides the mentors (the first value of each).
fn form_of(pairs: &[(String, String)]) -> KindForm {
    let first = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    KindForm {
        year: first("year"),
        starts_on: first("starts_on"),
        ends_on: first("ends_on"),
        place: first("place"),
        note: first("note"),
        places: String::new(),
    }
}

/// `POST /city/benefits/{kind}/selections`.
pub async fn post_benefit_selection(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    kind: web::Path<String>,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    session.require(Role::CityAdmin)?;
    let kind = kind_of(&kind)?;
    let pairs = form.0;
    let input = form_of(&pairs);
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "mentor" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect();
    let mut errors = Errors::new();
    let mentors: Vec<MentorEntryId> = chosen
        .iter()
        .filter_map(|v| v.parse::<i64>().ok().map(MentorEntryId))
        .collect();
    if mentors.is_empty() || mentors.len() != chosen.len() {
        errors.insert(
            "mentor".to_owned(),
            say("benefits.kind.choose_mentor_error"),
        );
    }
    let year = year_field(&input.year, state.clock.today().year(), &mut errors);
    let starts_on = date_field(&input.starts_on, "starts_on", &mut errors);
    let ends_on = date_field(&input.ends_on, "ends_on", &mut errors);
    let (Some(year), true) = (year, errors.is_empty()) else {
        let refused = Refused {
            form: "select",
            input,
            errors,
            chosen,
            ..Default::default()
        };
        return again(&state, &req, &session, kind, refused).await;
    };
    // The mentors' names, for the line that says who was not selected.
    let names: std::collections::HashMap<MentorEntryId, String> = benefits::overview(&state, kind)
        .await?
        .eligible
        .into_iter()
        .map(|m| (m.mentor_entry_id, m.name))
        .collect();
    let fields = ["mentor", "year", "starts_on", "ends_on", "place", "note"];
    let mut selected = 0usize;
    let mut refused_names: Vec<String> = Vec::new();
    let mut first_errors: Option<(Errors, Option<String>)> = None;
    let mut left: Vec<String> = Vec::new();
    for mentor in mentors {
        let asked = SelectRequest {
            kind,
            mentor_entry_id: mentor,
            year: Some(year),
            starts_on,
            ends_on,
            place: text_field(&input.place),
            note: text_field(&input.note),
        };
        match benefit_requests::select(&state, session.caller.clone(), asked).await {
            Ok(_) => selected += 1,
            Err(e) => {
                let (errs, banner) = refusal(e, &fields)?;
                let why = banner
                    .clone()
                    .or_else(|| errs.values().next().cloned())
                    .unwrap_or_default();
                let who = names
                    .get(&mentor)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", mentor.0));
                refused_names.push(format!("{who}：{why}"));
                left.push(mentor.0.to_string());
                first_errors.get_or_insert((errs, banner));
            }
        }
    }
    if refused_names.is_empty() {
        return Ok(see_other(&format!(
            "/city/benefits/{}?done=selected",
            kind.as_str()
        )));
    }
    let (errors, banner) = first_errors.unwrap_or_default();
    let (status, banner, done_text) = if selected == 0 {
        (StatusCode::UNPROCESSABLE_ENTITY, banner, None)
    } else {
        let done = say("benefits.notice.selected_some").replace("{n}", &selected.to_string());
        let why = format!(
            "{}{}",
            say("benefits.kind.some_refused"),
            refused_names.join("；")
        );
        (StatusCode::OK, Some(why), Some(done))
    };
    let refused = Refused {
        form: "select",
        input,
        errors,
        banner,
        chosen: left,
        done_text,
    };
    render(&state, &req, &session, kind, status, refused, None).await
}
