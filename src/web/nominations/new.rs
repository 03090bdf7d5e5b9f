//! The new application form (`GET /unit/nominations/new`, `POST /unit/nominations`): for a person
//! of the unit already known (a mentee, the second tier) or someone new, in the round open for
//! nominations. The draft is created by the service (`services::nominations::create_nomination`);
//! a refusal is shown beside its field with the input kept.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::edit::{Shown, kept, refusal, round_view, rules_words, submit_then, unprocessable};
use super::form::{Choices, FORM_FIELDS, NominationInput, errors_view};
use super::list::unit_of;
use crate::db::rounds::Round;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::selection::RoundStatus;
use crate::error::AppError;
use crate::services;
use crate::state::AppState;
use crate::web::csrf::CheckedForm;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::layout::see_other;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The open round taking nominations, if there is one.
async fn open_round(state: &AppState) -> Result<Option<Round>, AppError> {
    state
        .db
        .run(|c| {
            Ok(super::list::all_rounds(c)?
                .into_iter()
                .find(|r| r.status == RoundStatus::Open))
        })
        .await
}

/// `GET /unit/nominations/new`: the empty form of the open round.
pub async fn get_nomination_new(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    render_new(&state, &req, &session, StatusCode::OK, Shown::default()).await
}

async fn render_new(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    status: StatusCode,
    shown: Shown,
) -> Result<HttpResponse, PageError> {
    let round = open_round(state).await?;
    let unit = unit_of(session)?;
    let mut people = vec![PersonOpt {
        value: String::new(),
        label: say("nominations.form.new_person"),
    }];
    people.extend(
        state
            .db
            .run(move |c| unit_people(c, unit))
            .await?
            .into_iter()
            .map(|u| PersonOpt {
                value: u.id.0.to_string(),
                label: format!("{}（{}）", u.name, u.email),
            }),
    );
    Frame::signed_in(state, req, session, Some(Role::UnitAdmin)).render(
        state,
        status,
        "nominations/new.html",
        context! {
            round => Serde(round.as_ref().map(round_view)),
            form => Serde(shown.input.unwrap_or_default()),
            errors => Serde(errors_view(&shown.errors, FORM_FIELDS)),
            banner => shown.banner,
            choices => Serde(Choices::now()),
            rules => rules_words(state),
            people => Serde(people),
        },
    )
}

/// A person of the unit the form may name.
#[derive(Serialize)]
struct PersonOpt {
    value: String,
    label: String,
}

/// The people of the unit who hold no office role (candidates, mentees, mentors of an earlier
/// round), by name; the service decides whether one may be nominated.
fn unit_people(
    c: &mut crate::db::AnyConnection,
    unit: crate::domain::ids::UnitId,
) -> Result<Vec<crate::db::users::User>, AppError> {
    let filter = crate::db::users::UserFilter {
        unit_id: Some(unit),
        ..Default::default()
    };
    let mut all = Vec::new();
    for page in 1..=10 {
        let p = crate::db::users::list(
            c,
            &filter,
            Scope::Unit(unit),
            crate::domain::page::PageRequest {
                page,
                per_page: 100,
            },
        )?;
        let got = p.items.len();
        all.extend(p.items);
        if got < 100 {
            break;
        }
    }
    all.retain(|u| {
        !u.roles
            .iter()
            .any(|r| matches!(r, Role::UnitAdmin | Role::CityAdmin | Role::Reviewer))
    });
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// `POST /unit/nominations`: creates the draft (and submits it when asked).
pub async fn post_nominations(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    form: CheckedForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    unit_of(&session)?;
    let input = NominationInput::from_pairs(form.0);
    let Some(round) = open_round(&state).await? else {
        return render_new(
            &state,
            &req,
            &session,
            StatusCode::CONFLICT,
            Shown::default(),
        )
        .await;
    };
    let (nomination_form, mut errors) = input.to_form(true);
    if !errors.is_empty() {
        return render_new(
            &state,
            &req,
            &session,
            unprocessable(),
            kept(input, errors, None),
        )
        .await;
    }
    let created = services::nominations::create_nomination(
        &state,
        session.caller.clone(),
        round.id,
        nomination_form,
    )
    .await;
    let n = match created {
        Ok(n) => n,
        Err(e) => {
            let banner = refusal(e, &mut errors)?;
            return render_new(
                &state,
                &req,
                &session,
                unprocessable(),
                kept(input, errors, banner),
            )
            .await;
        }
    };
    if input.action == "submit" {
        return submit_then(&state, &req, &session, n.id, input, "created").await;
    }
    Ok(see_other(&format!(
        "/unit/nominations/{}?done=created",
        n.id
    )))
}
