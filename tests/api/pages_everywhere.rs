//! Every page of every demo login, in both languages: each printed login signs in through the
//! `/login` page, opens `/home` and follows every same-site link of every page it reaches
//! (breadth first, GET only, `?role=` links included so that users with several roles are
//! covered); each page answers 200, and no page shows a catalogue key, nor English words where
//! Chinese is expected.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use awc::http::StatusCode;

use peidai::demo::DemoLogin;
use peidai::domain::role::Role;

use crate::demo::{DEMO_PASSWORD, demo_app};
use crate::helpers::TestApp;
use crate::page_checks::{page_problems, unescape};
use crate::web_client::WebClient;

/// Pages opened per login and language at most, so that the walk ends.
const MAX_PAGES: usize = 120;

/// The pages of `role`'s area: the links of its navigation (`web::nav`), which every page of the
/// area shows.
fn area_pages(role: Role) -> Vec<&'static str> {
    peidai::web::nav::for_page(Some(role), "/")
        .into_iter()
        .map(|l| l.href)
        .collect()
}

/// What a walk found.
#[derive(Default)]
struct Walk {
    /// Path (with query) → status of every page opened.
    reached: BTreeMap<String, StatusCode>,
    /// What went wrong, one line each.
    problems: Vec<String>,
}

/// The same-site links of a page worth following, resolved against `from`.
fn links(html: &str, from: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        rest = &rest[at + 6..];
        let Some(end) = rest.find('"') else { break };
        let raw = unescape(&rest[..end]);
        rest = &rest[end..];
        let raw = raw.split('#').next().unwrap_or("").to_owned();
        if raw.is_empty() || raw.contains("://") || raw.starts_with("//") || raw.contains(':') {
            continue;
        }
        let path = if raw.starts_with('/') {
            raw
        } else if raw.starts_with('?') {
            format!("{}{raw}", from.split('?').next().unwrap_or(from))
        } else {
            let dir = from.split('?').next().unwrap_or(from);
            let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{raw}")
        };
        let skip = path == "/logout"
            || path.starts_with("/logout?")
            || path.starts_with("/language")
            || path.starts_with("/api/")
            || path.starts_with("/assets/");
        if !skip {
            out.push(path);
        }
    }
    out
}

/// Signs `login` in through the sign-in page in `lang` and walks every page reachable from
/// `/home`.
async fn walk(app: &TestApp, login: &DemoLogin, lang: &'static str) -> Walk {
    let mut client = WebClient::new(app).speaking(lang);
    client.sign_in(&login.email, DEMO_PASSWORD).await;
    // Signing in speaks the account's language; the reader switches as a reader would.
    let switched = client
        .get(&format!("/language?lang={lang}&next=/home"))
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.html);
    let mut walk = Walk::default();
    let mut queue = VecDeque::from(["/home".to_owned()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let who = format!("{} ({lang})", login.email);
    while let Some(path) = queue.pop_front() {
        if walk.reached.len() >= MAX_PAGES {
            break;
        }
        let page = client.get(&path).await;
        walk.reached.insert(path.clone(), page.status);
        let mut next = Vec::new();
        match page.status {
            StatusCode::OK => {}
            s if s.is_redirection() => {
                let to = page.location().to_owned();
                if to.starts_with("/login") {
                    walk.problems
                        .push(format!("{who}: {path} sent the user to {to}"));
                } else if to.starts_with('/') {
                    next.push(to);
                }
            }
            s => {
                walk.problems.push(format!("{who}: {path} answered {s}"));
                continue;
            }
        }
        let html_page = page
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if page.status == StatusCode::OK && html_page {
            for problem in page_problems(&page, lang) {
                walk.problems.push(format!("{who}: {path} {problem}"));
            }
            next.extend(links(&page.html, &path));
        }
        for l in next {
            if seen.insert(l.clone()) {
                queue.push_back(l);
            }
        }
    }
    walk
}

#[actix_web::test]
async fn every_page_of_every_demo_login_answers_in_both_languages() {
    let (app, logins) = demo_app().await;
    let mut problems = Vec::new();
    let mut opened = 0;
    for login in &logins {
        for lang in ["zh-CN", "en"] {
            let w = walk(&app, login, lang).await;
            assert!(
                w.reached.contains_key("/home"),
                "{}: /home was not opened",
                login.email
            );
            if login.roles.len() > 1 {
                for r in &login.roles {
                    let link = format!("/home?role={}", r.as_str());
                    assert!(
                        w.reached.contains_key(&link),
                        "{}: {link} not reached",
                        login.email
                    );
                }
            }
            opened += w.reached.len();
            problems.extend(w.problems);
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(opened >= logins.len() * 2, "{opened} pages opened");
}

/// A demo login of each role reaches every page of its area by following links from home.
#[actix_web::test]
async fn a_demo_login_of_each_role_reaches_every_page_of_its_area_from_home() {
    let (app, logins) = demo_app().await;
    for role in Role::ALL {
        let login = logins
            .iter()
            .find(|l| l.roles == [role])
            .unwrap_or_else(|| panic!("no demo login that is only a {role:?}"));
        let pages = area_pages(role);
        assert!(!pages.is_empty(), "{role:?} has no pages");
        for lang in ["zh-CN", "en"] {
            let w = walk(&app, login, lang).await;
            for p in &pages {
                assert_eq!(
                    w.reached.get(*p).copied(),
                    Some(StatusCode::OK),
                    "{} ({lang}) did not reach {p} with a 200; reached {:?}",
                    login.email,
                    w.reached
                );
            }
            assert!(w.problems.is_empty(), "{:?}", w.problems);
        }
    }
}

/// Every page of an area is refused with the 403 page to a demo login that holds none of the
/// area's role, and sends a visitor who is not signed in to the sign-in page.
#[actix_web::test]
async fn every_area_page_is_refused_to_the_other_roles() {
    let (app, logins) = demo_app().await;
    let mut problems = Vec::new();
    for role in Role::ALL {
        let pages = area_pages(role);
        let mut visitor = WebClient::new(&app);
        for p in &pages {
            let page = visitor.get(p).await;
            if !(page.status.is_redirection() && page.location().starts_with("/login")) {
                problems.push(format!("visitor: {p} answered {}", page.status));
            }
        }
        for other in Role::ALL.into_iter().filter(|r| *r != role) {
            let Some(login) = logins.iter().find(|l| l.roles == [other]) else {
                panic!("no demo login that is only a {other:?}");
            };
            let mut client = WebClient::new(&app);
            client.sign_in(&login.email, DEMO_PASSWORD).await;
            for p in &pages {
                let page = client.get(p).await;
                if page.status != StatusCode::FORBIDDEN || !page.html.contains("card--error") {
                    problems.push(format!("{}: {p} answered {}", other.as_str(), page.status));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_walk_finds_the_links_to_follow() {
    let html = r#"<a href="&#x2f;mentor&#x2f;plans?page=2&amp;x=1#top">a</a><a href="/logout">b</a>
        <a href="https://example.cn/">c</a><a href="/api/v1/x">d</a><a href="?role=mentee">e</a>"#;
    assert_eq!(
        links(html, "/home"),
        ["/mentor/plans?page=2&x=1", "/home?role=mentee"]
    );
}
