//! The public notice (公示) of a selection round under `/notice`: readable without signing in unless the city keeps it behind login.

pub mod pages;
pub mod strings;

page_table! {
    GET "/notice"            => pages::get_notices,
    GET "/notice/{round_id}" => pages::get_notice,
}
