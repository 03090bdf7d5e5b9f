//! The web pages: server-rendered HTML under `/` beside the JSON API under `/api/v1`. A page
//! handler extracts the session's caller (the same `Caller` the API uses), calls the same
//! `services::…`, and renders a small view model with a template embedded at build time. Every
//! form works without JavaScript (POST, then a 303 redirect; errors beside their field, the input
//! kept) and carries a CSRF token.

/// Turns `METHOD "path" => handler` lines into `configure` and `policy` functions of the module it
/// is written in, so that a page cannot be registered without its row in the policy table. Every
/// page is `Public` to that table: a page checks the session cookie itself (`session::SignedIn`)
/// and answers with a sign-in redirect instead of a JSON 401, and the API never accepts the
/// cookie. Defined before the modules below so that each area writes its own table.
/// `@area name;` lines first take in a submodule's own table.
macro_rules! page_table {
    ($(@area $area:ident;)* $($method:ident $path:literal => $handler:path,)*) => {
        /// Registers every page of the table.
        #[allow(unused_variables)]
        pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
            $(cfg.route(
                $path,
                actix_web::web::route().method(actix_web::http::Method::$method).to($handler),
            );)*
            $($area::configure(cfg);)*
        }

        /// The pages' rows of the policy table.
        #[allow(unused_mut)]
        pub fn policy() -> Vec<$crate::auth::policy::RoutePolicy> {
            let mut rows = vec![$($crate::auth::policy::RoutePolicy::new(
                actix_web::http::Method::$method,
                $path,
                $crate::auth::policy::Access::Public,
            )),*];
            $(rows.extend($area::policy());)*
            rows
        }
    };
}

pub mod assessing;
pub mod assets;
pub mod benefits;
pub mod csrf;
pub mod dashboards;
pub mod errors;
pub mod exports;
pub mod forms;
pub mod home;
pub mod imports;
pub mod invitation;
pub mod language;
pub mod layout;
pub mod mentee;
pub mod mentor;
pub mod mentoring;
pub mod nav;
pub mod nominations;
pub mod notice;
pub mod operations;
pub mod page;
pub mod paging;
pub mod password_reset;
pub mod people;
pub mod printing;
pub mod refresh;
pub mod reviewing;
pub mod rounds;
pub mod session;
pub mod sign_in;
pub mod sorting;
pub mod statistics;
pub mod strings;
pub mod templates;
pub mod uploads;

page_table! {
    @area mentee;
    @area mentor;
    @area people;
    @area mentoring;
    @area nominations;
    @area reviewing;
    @area notice;
    @area rounds;
    @area assessing;
    @area dashboards;
    @area benefits;
    @area imports;
    @area exports;
    @area printing;
    @area statistics;
    @area operations;
    GET  "/"                  => sign_in::get_root,
    GET  "/login"             => sign_in::get_login,
    POST "/login"             => sign_in::post_login,
    POST "/logout"            => sign_in::post_logout,
    GET  "/accept-invitation" => invitation::get_accept_invitation,
    POST "/accept-invitation" => invitation::post_accept_invitation,
    GET  "/forgot-password"   => password_reset::get_forgot_password,
    POST "/forgot-password"   => password_reset::post_forgot_password,
    GET  "/reset-password"    => password_reset::get_reset_password,
    POST "/reset-password"    => password_reset::post_reset_password,
    GET  "/home"              => home::get_home,
    GET  "/language"          => language::get_language,
    GET  "/assets/{name}"     => assets::get_asset,
}
