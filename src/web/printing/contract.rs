//! `GET /print/contracts/{id}`: the contract for signature (培带联系书): the mentor and the mentees
//! (name, unit, title), the cycle, every indicator with its yearly target, the duties of both
//! sides as the program sets them, and a signature and date line for each party and the unit's
//! seal. For the contract's mentor and mentees, its unit's admins and the city admin.

use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use minijinja::value::Serde;

use super::sheet;
use crate::domain::ids::ContractId;
use crate::domain::role::Role;
use crate::services::printing;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::session::SignedIn;

/// `GET /print/contracts/{id}`.
pub async fn get_contract(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let locale = crate::i18n::current().locale;
    let id = id.into_inner();
    let p = printing::contract(&state, &session.caller, id, locale).await?;
    let indicators: Vec<_> = p
        .contract
        .indicators
        .iter()
        .map(|i| {
            context! {
                kind => i.kind.label(locale).into_owned(),
                // The policy's defaults repeat the kind's Chinese name: no need to print it twice.
                description => (i.description.trim() != i.kind.zh()).then(|| i.description.trim().to_owned()),
                yearly_target => i.yearly_target,
                hours => i.measure.as_str() == "hours",
            }
        })
        .collect();
    let own = if session.caller.id == p.contract.mentor_user_id {
        "/mentor/contract"
    } else {
        "/mentee/contract"
    };
    let back = if session.caller.has(Role::CityAdmin) {
        format!("/city/contracts/{id}")
    } else if session.caller.has(Role::UnitAdmin)
        && session.caller.unit_id == Some(p.contract.unit_id)
    {
        format!("/unit/contracts/{id}")
    } else {
        own.to_owned()
    };
    sheet::render(
        &state,
        &req,
        &session,
        "printing/contract.html",
        context! {
            k => Serde(&p.contract),
            unit_name => p.unit_name,
            mentor => Serde(&p.mentor),
            mentees => Serde(&p.mentees),
            indicators => indicators,
            back => back,
        },
    )
}
