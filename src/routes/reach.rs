//! Which objects a caller reaches: the check the body extractors (`extract::JsonBody`,
//! `extract::QueryParams`) run on the object the path's `{id}` names before they read the body,
//! so that a write to another unit's object, or to one that is not there, answers 404 whatever
//! the body holds, as the same request with a good body does. A row's roles are the policy
//! middleware's; this is the scope within them, the same the route's reads apply.

use actix_web::{HttpMessage, HttpRequest, web};
use futures_util::future::{LocalBoxFuture, ready};

use crate::auth::caller::Caller;
use crate::domain::evidence::Owner;
use crate::domain::ids::{
    ActivityId, AssessmentId, AssessmentObjectionId, BenefitId, ContractId, NominationId,
    NoticeObjectionId, PlanId, RoundId, UnitId, UserId,
};
use crate::error::AppError;
use crate::services;
use crate::state::AppState;

/// The future of a reach check.
pub type Reach = LocalBoxFuture<'static, Result<(), AppError>>;

/// An object a route's path names by `{id}`: whether a caller reaches it.
pub trait PathObject: 'static {
    /// `Ok` when the object with this id exists and the caller reaches it; its 404 otherwise.
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach;

    /// The check for a request: the object of the path's `{id}` and the caller the policy
    /// middleware let through (a path whose `{id}` is not a number names no object: 404).
    fn check(req: &HttpRequest) -> Reach {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let caller = req.extensions().get::<Caller>().cloned();
        let id = req.match_info().get("id").map(str::parse::<i64>);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")))?;
            let caller = caller.ok_or(AppError::Unauthorized)?;
            match id {
                Some(Ok(id)) => Self::reach(state, caller, id).await,
                _ => Err(AppError::NotFound),
            }
        })
    }
}

/// No object: a body that is not about one named in the path.
impl PathObject for () {
    fn reach(_: web::Data<AppState>, _: Caller, _: i64) -> Reach {
        Box::pin(ready(Ok(())))
    }

    fn check(_: &HttpRequest) -> Reach {
        Box::pin(ready(Ok(())))
    }
}

/// Runs a lookup on the database and keeps only whether it found the object.
fn found<T: Send + 'static>(
    state: web::Data<AppState>,
    lookup: impl FnOnce(&mut crate::db::AnyConnection) -> Result<T, AppError> + Send + 'static,
) -> Reach {
    Box::pin(async move { state.db.run(lookup).await.map(|_| ()) })
}

/// A unit: as `GET /units/{id}` shows it (city admins all, others their own).
impl PathObject for UnitId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        let scope = caller.view_scope();
        found(state, move |c| crate::db::units::find(c, UnitId(id), scope))
    }
}

/// A person: within the caller's admin scope.
impl PathObject for UserId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        let scope = caller.admin_scope();
        found(state, move |c| crate::db::users::find(c, UserId(id), scope))
    }
}

/// A selection round: every round is the whole city's.
impl PathObject for RoundId {
    fn reach(state: web::Data<AppState>, _: Caller, id: i64) -> Reach {
        found(state, move |c| crate::db::rounds::find(c, RoundId(id)))
    }
}

/// A nomination: within the caller's admin scope, or assigned to the caller as a reviewer.
impl PathObject for NominationId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        Box::pin(async move {
            services::evidence::reach(&state, &caller, Owner::nomination(NominationId(id))).await
        })
    }
}

/// An objection to a public notice (city admins, who reach every one).
impl PathObject for NoticeObjectionId {
    fn reach(state: web::Data<AppState>, _: Caller, id: i64) -> Reach {
        found(state, move |c| {
            crate::db::review::objection(c, NoticeObjectionId(id))
        })
    }
}

/// A contract: its mentor and mentees, its unit's admins, city admins.
impl PathObject for ContractId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        let viewer = services::contracts::viewer(&caller);
        found(state, move |c| {
            crate::db::contracts::find(c, ContractId(id), viewer)
        })
    }
}

/// A current mentee of a contract, for `/contracts/{id}/mentees/{user_id}/…`: the contract as
/// for [`ContractId`], and the path's `{user_id}` among its mentees now (as the service checks
/// it), so that a missing or former mentee answers 404 before the body is read.
pub struct ContractMentee;

impl PathObject for ContractMentee {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        ContractId::reach(state, caller, id)
    }

    fn check(req: &HttpRequest) -> Reach {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let caller = req.extensions().get::<Caller>().cloned();
        let ids = (
            req.match_info().get("id").map(str::parse::<i64>),
            req.match_info().get("user_id").map(str::parse::<i64>),
        );
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")))?;
            let caller = caller.ok_or(AppError::Unauthorized)?;
            let (Some(Ok(id)), Some(Ok(mentee))) = ids else {
                return Err(AppError::NotFound);
            };
            let viewer = services::contracts::viewer(&caller);
            let contract = state
                .db
                .run(move |c| crate::db::contracts::find(c, ContractId(id), viewer))
                .await?;
            if contract.mentees.iter().any(|m| m.user_id == UserId(mentee)) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        })
    }
}

/// An activity: as for its contract.
impl PathObject for ActivityId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        Box::pin(async move {
            services::evidence::reach(&state, &caller, Owner::activity(ActivityId(id))).await
        })
    }
}

/// A development plan: its contract's mentor and the admins, a mentee their own.
impl PathObject for PlanId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        Box::pin(async move {
            services::plans::get(&state, caller, PlanId(id))
                .await
                .map(|_| ())
        })
    }
}

/// An assessment: city admins, the unit's admins, the assessed mentor once it is confirmed.
impl PathObject for AssessmentId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        let viewer = services::assessments::viewer(&caller);
        found(state, move |c| {
            crate::db::assessments::find(c, AssessmentId(id), viewer)
        })
    }
}

/// An objection to an assessment: as for the assessment.
impl PathObject for AssessmentObjectionId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        Box::pin(async move {
            let owner = Owner::objection(AssessmentObjectionId(id));
            services::evidence::reach(&state, &caller, owner).await
        })
    }
}

/// A benefit: the mentor their own, unit admins their unit's, city admins all.
impl PathObject for BenefitId {
    fn reach(state: web::Data<AppState>, caller: Caller, id: i64) -> Reach {
        Box::pin(async move {
            services::benefits::get(&state, &caller, BenefitId(id))
                .await
                .map(|_| ())
        })
    }
}
