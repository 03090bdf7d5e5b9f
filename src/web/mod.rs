//! The web pages: server-rendered HTML under `/` beside the JSON API under `/api/v1`. A page
//! handler extracts the session's caller (the same `Caller` the API uses), calls the same
//! `services::…`, and renders a small view model with a template embedded at build time. Every
//! form works without JavaScript (POST, then a 303 redirect; errors beside their field, the input
//! kept) and carries a CSRF token.

pub mod assets;
pub mod csrf;
pub mod errors;
pub mod forms;
pub mod home;
pub mod invitation;
pub mod language;
pub mod layout;
pub mod page;
pub mod password_reset;
pub mod session;
pub mod sign_in;
pub mod strings;
pub mod templates;

use actix_web::web;

/// Registers every page (each also has a row in `auth::policy::PAGES`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(sign_in::get_root))
        .route("/login", web::get().to(sign_in::get_login))
        .route("/login", web::post().to(sign_in::post_login))
        .route("/logout", web::post().to(sign_in::post_logout))
        .route(
            "/accept-invitation",
            web::get().to(invitation::get_accept_invitation),
        )
        .route(
            "/accept-invitation",
            web::post().to(invitation::post_accept_invitation),
        )
        .route(
            "/forgot-password",
            web::get().to(password_reset::get_forgot_password),
        )
        .route(
            "/forgot-password",
            web::post().to(password_reset::post_forgot_password),
        )
        .route(
            "/reset-password",
            web::get().to(password_reset::get_reset_password),
        )
        .route(
            "/reset-password",
            web::post().to(password_reset::post_reset_password),
        )
        .route("/home", web::get().to(home::get_home))
        .route("/language", web::get().to(language::get_language))
        .route("/assets/{name}", web::get().to(assets::get_asset));
}
