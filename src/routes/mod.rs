//! HTTP: extract, authorise, call a service, answer. The whole API on one screen; every route here
//! also has a row in `auth::policy::POLICY`.

pub mod audit;
pub mod auth;
pub mod extract;
pub mod health;
pub mod units;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every route (the OpenAPI document is collected from the same calls).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::check_health)
        .service(health::check_ready)
        .service(auth::log_in)
        .service(auth::log_out)
        .service(auth::get_me)
        .service(auth::change_password)
        .service(units::list_units)
        .service(units::create_unit)
        .service(units::get_unit)
        .service(units::update_unit)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::update_user)
        .service(users::deactivate_user)
        .service(users::reactivate_user)
        .service(audit::list_audit_events);
}
