//! The one way a page follows work that goes on without it (an assessment round being opened, a
//! job run, an import's dry run or apply): while the work runs, the page answers with a
//! `Refresh: <seconds>` response header, and the browser loads the page again after that many
//! seconds, until the page answers without it.
//!
//! The header rather than `<meta http-equiv="refresh">`: browsers treat both alike (the HTML
//! standard processes the header as it does the tag), but the header is set here, by the handler
//! that knows the work is still running, whatever template renders the page, so no template has
//! to remember a `head` block, and a test sees it without parsing the page. No script is needed
//! (the CSP allows none inline), and a page shows a link to reload it by hand beside.

use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::http::header::{HeaderName, HeaderValue};

/// Seconds between two loads of a page whose work is still running.
pub const EVERY_SECS: u32 = 2;

/// How long a page waits for short work to end before it answers with its progress: a small
/// file's dry run or a small city's opening is then answered finished, without a progress page.
pub const SETTLE: Duration = Duration::from_millis(800);

/// `res`, reloaded by the browser after `secs` seconds.
pub fn reloading(mut res: HttpResponse, secs: u32) -> HttpResponse {
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut()
            .insert(HeaderName::from_static("refresh"), v);
    }
    res
}

pub mod strings;
