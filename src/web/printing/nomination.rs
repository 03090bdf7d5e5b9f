//! `GET /print/nominations/{id}`: the application form (推荐申报表) as it stands (as submitted
//! once submitted), with the list of its evidence files and the unit's signature and seal. For the
//! nominating unit's admins, the city admin and the reviewers it is assigned to.

use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::sheet;
use crate::domain::ids::NominationId;
use crate::domain::role::Role;
use crate::services::printing;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::nominations::edit::file_views;
use crate::web::session::SignedIn;

/// `GET /print/nominations/{id}`.
pub async fn get_nomination(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<NominationId>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let p = printing::nomination(&state, &session.caller, id).await?;
    let locale = crate::i18n::current().locale;
    let f = &p.nomination.form;
    let title = f
        .title_level
        .map(|t| t.label(locale).into_owned())
        .or_else(|| f.skill_level.map(|s| s.label(locale).into_owned()));
    let honours: Vec<_> = f
        .honours
        .iter()
        .map(|h| {
            context! {
                name => h.name.clone(),
                level => h.level.label(locale).into_owned(),
                year => h.year,
            }
        })
        .collect();
    let c = &session.caller;
    let back = if c.has(Role::CityAdmin) {
        format!("/city/rounds/{}/review", p.round.id)
    } else if c.has(Role::UnitAdmin) && c.unit_id == Some(p.nomination.unit_id) {
        format!("/unit/nominations/{id}")
    } else {
        format!("/review/{id}")
    };
    sheet::render(
        &state,
        &req,
        &session,
        "printing/nomination.html",
        context! {
            n => context! {
                id => p.nomination.id.0,
                name => p.nomination.candidate_name.clone(),
                status => p.nomination.status.label(locale).into_owned(),
                submitted_at => Serde(p.nomination.submitted_at),
                category => f.category.map(|x| x.label(locale).into_owned()),
                birth_date => f.birth_date.map(|d| d.to_string()),
                education => f.education.map(|x| x.label(locale).into_owned()),
                title => title,
                specialty => f.specialty.clone(),
                city_work_start_date => f.city_work_start_date.map(|d| d.to_string()),
                from_outside_city => f.from_outside_city,
                skills_award => f.skills_award.clone(),
                achievements => f.achievements.clone(),
                unit_opinion => f.unit_opinion.clone(),
                outstanding_exception => f.outstanding_exception,
                exception_justification => f.exception_justification.clone(),
                qualification_justification => f.qualification_justification.clone(),
            },
            honours => honours,
            round_name => p.round.name.clone(),
            unit_name => p.unit_name.clone(),
            position => p.position.clone(),
            files => Serde(file_views(&p.files)),
            back => back,
        },
    )
}
