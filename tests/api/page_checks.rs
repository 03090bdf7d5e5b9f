//! What every page must be, checked the same way by every page test and by the walk over the
//! demo (`pages_everywhere`): a 200 in the language asked for, with its Content-Security-Policy,
//! no template syntax left over, no catalogue key shown, and no English word on a Chinese page.

use crate::web_client::Page;

/// ASCII words a Chinese page may show: the other language's name on the language switch, the
/// service's name, and abbreviations the staff write in Latin letters.
/// (file formats the upload accepts; GIS is in a demo activity's summary).
const LATIN_ALLOWED: &[&str] = &[
    "English", "peidai", "IC", "PDF", "JPEG", "PNG", "CSV", "ID", "GIS", "XLSX", "Excel", "WPS",
    "UTF",
];

/// Asserts that `page` (opened as `path`, the words of the message) is a whole page in `lang`.
pub fn assert_page(page: &Page, path: &str, lang: &str) {
    let problems = page_problems(page, lang);
    assert!(
        problems.is_empty(),
        "{path} ({lang}): {}\n{}",
        problems.join("; "),
        page.html
    );
}

/// What is wrong with `page` in `lang`, one line each (nothing for a good page).
pub fn page_problems(page: &Page, lang: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if page.status != 200 {
        problems.push(format!("answered {}", page.status));
    }
    if !page.html.contains(&format!("<html lang=\"{lang}\"")) {
        problems.push(format!("is not in {lang}"));
    }
    if page.html.contains("{{") || page.html.contains("{%") {
        problems.push("shows template syntax".to_owned());
    }
    let csp = page
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'")) {
        problems.push(format!(
            "has no Content-Security-Policy of the pages ({csp:?})"
        ));
    }
    let text = visible_text(&page.html);
    let keys = catalogue_keys(&text);
    // A passage the page marks as English (a mail server's own reply) is allowed on a Chinese
    // page; the rest is the page's.
    let text = visible_text(&without_marked("lang=\"en\"", &page.html));
    if !keys.is_empty() {
        problems.push(format!("shows catalogue keys {keys:?}"));
    }
    if lang == "zh-CN" {
        let latin = latin_words(&text);
        if !latin.is_empty() {
            problems.push(format!("shows English words {latin:?}"));
        }
    }
    problems
}

/// The text a reader sees (and the words of `title`, `aria-label`, `placeholder`, `alt`).
pub fn visible_text(html: &str) -> String {
    // Drop what is never shown.
    let mut html = html.to_owned();
    for tag in ["script", "style"] {
        while let Some(a) = html.find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let Some(b) = html[a..].find(&close) else {
                break;
            };
            html.replace_range(a..a + b + close.len(), " ");
        }
    }
    let mut text = String::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        text.push(' ');
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        for attr in ["title=\"", "aria-label=\"", "placeholder=\"", "alt=\""] {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                if let Some(j) = v.find('"') {
                    text.push_str(&v[..j]);
                    text.push(' ');
                }
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    unescape(&text)
}

/// HTML character references decoded (the templates escape `/` as `&#x2f;`).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|i| *i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some(' '),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Words that look like catalogue keys (`mentor.plan.status.draft`) in what a reader sees.
pub fn catalogue_keys(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || !c.is_ascii())
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.contains('@'))
        .filter(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() >= 2
                // Every part of a key is a word: "e.g." is English, not a key.
                && parts.iter().all(|p| {
                    p.len() >= 2
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                })
                && parts[0].chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !w.ends_with(".cn")
                && !w.ends_with(".com")
        })
        .map(str::to_owned)
        .collect()
}

/// Latin words of three letters or more in a Chinese page's text, but the allowed ones.
pub fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '@' && c != '.' && c != '-' && c != '_')
        .filter(|w| !w.contains('@') && !w.chars().any(|c| c.is_ascii_digit()))
        // A file's name as its owner gave it (`证书.pdf`, `photo.jpeg`) is theirs, not the page's.
        .filter(|w| !is_file_name(w))
        .flat_map(|w| w.split(['.', '-', '_']))
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !LATIN_ALLOWED.contains(w))
        .map(str::to_owned)
        .collect()
}

/// `html` without the elements (and what they hold) whose opening tag carries `attr`, but the
/// `<html>` element itself. An element is closed by the first closing tag of its name.
fn without_marked(attr: &str, html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(attr) {
        let Some(open) = rest[..at].rfind('<') else {
            break;
        };
        let name: String = rest[open + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let close = format!("</{name}>");
        match rest[at..].find(&close) {
            Some(end) if name != "html" => {
                out.push_str(&rest[..open]);
                rest = &rest[at + end + close.len()..];
            }
            _ => {
                out.push_str(&rest[..at + attr.len()]);
                rest = &rest[at + attr.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `name.ext` or `.ext` (what is left of `证书.pdf` between the Chinese letters), with an
/// extension of one to four letters or digits.
fn is_file_name(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(_, ext)| {
        (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

#[test]
fn the_checks_find_keys_and_english_words() {
    let text = visible_text(
        "<p title=\"nav.mentor.plans\">培带计划 li.hua@demo.peidai.cn</p><script>var a.b.c;</script>",
    );
    assert_eq!(catalogue_keys(&text), ["nav.mentor.plans"]);
    assert!(catalogue_keys("a photo, e.g. of the ward round").is_empty());
    assert_eq!(latin_words("提交 Submit 共 RC-0476 English"), ["Submit"]);
    assert!(latin_words("附件 证书.pdf photo.jpeg").is_empty());
    let html = r#"<html lang="zh-CN"><p>退信原因<code lang="en">no such user</code>。</p></html>"#;
    assert_eq!(
        without_marked("lang=\"en\"", html),
        r#"<html lang="zh-CN"><p>退信原因。</p></html>"#
    );
}
