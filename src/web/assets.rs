//! The pages' stylesheet, script and icon, compiled into the binary and served under names that
//! carry a hash of their content, so a browser may keep them for a year and a new release is
//! fetched at once (nothing comes from a CDN: the service often runs on an intranet).

use std::sync::LazyLock;

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};

use crate::auth::account_token::hex;

/// One embedded file.
struct Asset {
    stem: &'static str,
    ext: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const FILES: &[Asset] = &[
    Asset {
        stem: "app",
        ext: "css",
        content_type: "text/css; charset=utf-8",
        // One stylesheet, written in parts: the frame, the shared components, each area's own.
        body: concat!(
            include_str!("assets/app.css"),
            include_str!("assets/components.css"),
            include_str!("assets/mentee.css"),
            include_str!("assets/progress.css"),
            include_str!("assets/mentees.css"),
            include_str!("assets/record.css"),
            include_str!("assets/people.css"),
            include_str!("assets/mentoring.css"),
            include_str!("assets/nominations.css"),
            include_str!("assets/reviewing.css"),
            include_str!("assets/notice.css"),
            include_str!("assets/rounds.css"),
            include_str!("assets/assessing.css"),
            include_str!("assets/dashboards.css"),
            include_str!("assets/benefits.css"),
            include_str!("assets/operations.css"),
            include_str!("assets/imports.css"),
            include_str!("assets/printing.css"),
        )
        .as_bytes(),
    },
    Asset {
        stem: "app",
        ext: "js",
        content_type: "text/javascript; charset=utf-8",
        // One script, in parts like the stylesheet: the frame's, then the pages' that need one.
        body: concat!(
            include_str!("assets/app.js"),
            include_str!("assets/nominations.js"),
            include_str!("assets/offices.js"),
            include_str!("assets/printing.js"),
        )
        .as_bytes(),
    },
    Asset {
        stem: "icon",
        ext: "svg",
        content_type: "image/svg+xml",
        body: include_bytes!("assets/icon.svg"),
    },
];

/// `(hashed name, index into FILES)`, computed once.
static NAMES: LazyLock<Vec<(String, usize)>> = LazyLock::new(|| {
    FILES
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, a.body);
            let short = hex(&digest.as_ref()[..6]);
            (format!("{}.{short}.{}", a.stem, a.ext), i)
        })
        .collect()
});

/// The URL of an asset by its plain name (`app.css`), as the templates link it.
pub fn url(plain: &str) -> String {
    NAMES
        .iter()
        .find(|(_, i)| {
            let a = &FILES[*i];
            format!("{}.{}", a.stem, a.ext) == plain
        })
        .map(|(name, _)| format!("/assets/{name}"))
        .unwrap_or_else(|| panic!("no asset named {plain}"))
}

/// `GET /assets/{name}`: an embedded file by its hashed name, cacheable for a year.
pub async fn get_asset(name: web::Path<String>) -> HttpResponse {
    match NAMES.iter().find(|(n, _)| *n == *name) {
        Some((_, i)) => {
            let a = &FILES[*i];
            HttpResponse::Ok()
                .insert_header((CONTENT_TYPE, a.content_type))
                .insert_header((CACHE_CONTROL, "public, max-age=31536000, immutable"))
                .body(a.body)
        }
        None => super::errors::not_found_page(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_names_carry_a_hash_of_their_content() {
        let css = url("app.css");
        assert!(
            css.starts_with("/assets/app.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/assets/app.".len() + 12 + ".css".len());
        assert_ne!(url("app.js"), url("app.css"));
    }
}
