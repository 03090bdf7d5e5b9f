//! Journeys: the printable documents, printed to PDF by Chromium and read back. Over the demo
//! city, the city admin opens each document (the certificate, the contract, the application form,
//! the assessment result notice, the public notice and, once the unqualified mentor's window has
//! passed, the notice of revocation); each is saved as screenshots at both sizes and printed to
//! PDF the way the browser's print dialogue prints it (DevTools `Page.printToPDF`, the page's own
//! `@page` size), written under `target/print/`, checked to be A4 with `pdfinfo` and read back
//! with `pdftotext` for the names and numbers it must hold and none of the site's frame.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use libtest_mimic::Failed;
use serde_json::{Value, json};

use peidai::demo::Seeded;
use peidai::jobs::JobName;

use crate::chrome::{Browser, Journey, check};
use crate::helpers::{TestApp, spawn_with};

/// The journeys of this file.
pub const ALL: &[(&str, Journey)] = &[(
    "every_printable_document_prints_to_an_a4_pdf_holding_its_names_and_numbers",
    |b| Box::pin(print_every_document(b)),
)];

/// The demo's password (as `serve --demo` prints it).
const DEMO_PASSWORD: &str = "peidai-demo-2026";
/// The demo's city admin.
const CITY: &str = "admin@demo.peidai.cn";

/// Where the PDFs go: `target/print/` of the package.
fn print_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/print");
    std::fs::create_dir_all(&dir).expect("a print folder");
    dir
}

/// The items of a list answer.
fn items(v: &Value) -> Vec<Value> {
    v.get("items")
        .unwrap_or(v)
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Runs `tool` on `pdf` and gives what it printed.
fn read_with(tool: &str, args: &[&str], pdf: &Path) -> Result<String, Failed> {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .map_err(|e| format!("{tool} (apt-get install poppler-utils): {e}"))?;
    check(
        out.status.success(),
        format!(
            "{tool} {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
    )?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Prints the current page to `target/print/<name>.pdf` as the print dialogue would (the page's
/// `@page` size, no background colours) and gives its text; fails unless every page is A4, it
/// holds each of `words`, and nothing of the site's frame or the screen's bar is on the paper.
async fn print_to_pdf(b: &Browser, name: &str, words: &[&str]) -> Result<String, Failed> {
    let session = b
        .client
        .session_id()
        .await
        .map_err(|e| format!("session id: {e}"))?
        .ok_or("no WebDriver session id")?;
    let mut res = awc::Client::default()
        .post(format!("{}/session/{session}/goog/cdp/execute", b.driver))
        .send_json(&json!({
            "cmd": "Page.printToPDF",
            "params": { "preferCSSPageSize": true, "printBackground": false },
        }))
        .await
        .map_err(|e| format!("printToPDF: {e}"))?;
    let answer: Value = res
        .json()
        .limit(64 * 1024 * 1024)
        .await
        .map_err(|e| format!("printToPDF answer: {e}"))?;
    let data = answer["value"]["data"]
        .as_str()
        .ok_or_else(|| format!("printToPDF gave no PDF: {answer}"))?;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| format!("printToPDF base64: {e}"))?;
    let path = print_dir().join(format!("{name}.pdf"));
    std::fs::write(&path, &pdf).map_err(|e| format!("{}: {e}", path.display()))?;

    let info = read_with("pdfinfo", &["-l", "100"], &path)?;
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    check(
        !sizes.is_empty(),
        format!("{name}: pdfinfo shows no page size: {info}"),
    )?;
    for s in &sizes {
        check(s.contains("(A4)"), format!("{name}: a page is not A4: {s}"))?;
    }
    let text = read_with("pdftotext", &["-layout", "-enc", "UTF-8"], &path)?;
    // Compare without the spaces the layout puts between characters.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for w in words {
        let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        check(
            flat.contains(&w),
            format!("{name}.pdf lacks {w:?}:\n{text}"),
        )?;
    }
    for frame in ["人才培带人管理平台", "退出登录", "跳到主要内容", "← 返回"]
    {
        check(
            !flat.contains(frame),
            format!("{name}.pdf prints the site's {frame:?}"),
        )?;
    }
    Ok(text)
}

/// Opens `path`, checks the screen's print button came alive (the embedded script shows it),
/// saves the screenshots and prints it.
async fn document(
    b: &Browser,
    app: &TestApp,
    path: &str,
    name: &str,
    words: &[&str],
) -> Result<String, Failed> {
    b.open(&format!("{}{path}", app.base)).await?;
    check(
        b.has(".sheet").await? && b.has("button[data-print]:not([hidden])").await?,
        format!("{path}: a sheet with a print button"),
    )?;
    b.screenshots(&format!("print-{name}")).await?;
    print_to_pdf(b, name, words).await
}

async fn print_every_document(b: Browser) -> Result<(), Failed> {
    let app = spawn_with(&[
        ("auth.login_attempts_per_ip_per_minute", "1000"),
        ("auth.login_attempts_per_account_per_minute", "100"),
    ])
    .await;
    let at = app.state.clock.now();
    let Seeded::Created(_) = peidai::demo::seed_at(&app.state, DEMO_PASSWORD, at)
        .await
        .map_err(|e| format!("demo seed: {e:#}"))?
    else {
        return Err("the demo was not created on an empty database".into());
    };
    let city = app.login(CITY, DEMO_PASSWORD).await;
    let api = |path: String| {
        let (app, city) = (&app, city.clone());
        async move { app.get(&path, Some(&city)).await.body }
    };

    b.open(&format!("{}/login", app.base)).await?;
    b.fill("#f-email", CITY).await?;
    b.fill("#f-password", DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;

    // 培带联系书 and the 聘书 of its mentor.
    let contracts = items(&api("/api/v1/contracts?status=active&per_page=100".into()).await);
    let k = contracts
        .iter()
        .find(|k| k["mentees"].as_array().is_some_and(|m| m.len() == 5))
        .ok_or("an active contract with five mentees")?;
    let mut six: Vec<String> = vec![k["mentor_name"].as_str().unwrap_or_default().to_owned()];
    six.extend(
        k["mentees"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| m["name"].as_str().unwrap_or_default().to_owned()),
    );
    let mut words: Vec<&str> = six.iter().map(String::as_str).collect();
    words.extend(["培带联系书", "培带人职责", "培带对象职责", "年度目标"]);
    let text = document(
        &b,
        &app,
        &format!("/print/contracts/{}", k["id"]),
        "contract",
        &words,
    )
    .await?;
    check(
        text.matches("签名：").count() == 6,
        format!("the contract has a signature line for each of the six:\n{text}"),
    )?;
    let entry = api(format!("/api/v1/mentors/{}", k["mentor_entry_id"])).await;
    let entry = entry.get("mentor").cloned().unwrap_or(entry);
    let no = entry["certificate_no"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    document(
        &b,
        &app,
        &format!("/print/certificates/{}", k["mentor_entry_id"]),
        "certificate",
        &[&no, &six[0], "聘书", "市委组织部", "（盖章）"],
    )
    .await?;

    // 推荐申报表: a submitted form of the open round.
    let rounds = items(&api("/api/v1/selection-rounds?per_page=100".into()).await);
    let open = rounds
        .iter()
        .find(|r| r["status"] == "open")
        .ok_or("an open round")?;
    let noms = items(
        &api(format!(
            "/api/v1/selection-rounds/{}/nominations?per_page=100",
            open["id"]
        ))
        .await,
    );
    let n = noms
        .iter()
        .find(|n| n["status"] == "submitted")
        .ok_or("a submitted nomination")?;
    document(
        &b,
        &app,
        &format!("/print/nominations/{}", n["id"]),
        "nomination",
        &[
            n["candidate_name"].as_str().unwrap_or_default(),
            "推荐申报表",
            "证明材料",
            "单位推荐意见",
        ],
    )
    .await?;

    // 公示 of the closed round.
    let closed = rounds
        .iter()
        .find(|r| r["status"] == "closed")
        .ok_or("a closed round")?;
    let notice = api(format!(
        "/api/v1/selection-rounds/{}/public-notice?per_page=100",
        closed["id"]
    ))
    .await;
    let mut words: Vec<&str> = notice["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str())
        .collect();
    words.extend(["公示时间", "如何反映异议", "市委组织部人才科"]);
    document(
        &b,
        &app,
        &format!("/notice/{}/print", closed["id"]),
        "notice",
        &words,
    )
    .await?;

    // 考核结果通知书 of the confirmed unqualified grade, then, once its window has passed, the
    // notice of revocation.
    let arounds = items(&api("/api/v1/assessment-rounds?per_page=100".into()).await);
    let around = arounds.first().ok_or("an assessment round")?;
    let list = items(
        &api(format!(
            "/api/v1/assessment-rounds/{}/assessments?per_page=100",
            around["id"]
        ))
        .await,
    );
    let a = list
        .iter()
        .find(|a| a["status"] == "confirmed" && a["grade"] == "unqualified")
        .ok_or("a confirmed unqualified assessment")?;
    let name = a["mentor_name"].as_str().unwrap_or_default();
    let cert = a["certificate_no"].as_str().unwrap_or_default();
    document(
        &b,
        &app,
        &format!("/print/assessments/{}", a["id"]),
        "assessment",
        &[name, cert, "考核结果通知书", "不合格", "市委组织部人才科"],
    )
    .await?;
    let deadline: chrono::NaiveDate = a["objection_deadline"]
        .as_str()
        .ok_or("an objection deadline")?
        .parse()
        .map_err(|e| format!("deadline: {e}"))?;
    app.set_time(
        deadline
            .succ_opt()
            .ok_or("a day after")?
            .and_hms_opt(4, 0, 0)
            .ok_or("a time")?
            .and_utc(),
    );
    let run = app.run_job(JobName::RevokeUnqualified).await;
    check(
        run.counts["revoked"] == 1,
        format!("one mentor revoked: {:?}", run.counts),
    )?;
    // The session's token expired with the clock's jump: sign in again.
    b.open(&format!("{}/login", app.base)).await?;
    b.fill("#f-email", CITY).await?;
    b.fill("#f-password", DEMO_PASSWORD).await?;
    b.click("button[type=submit]").await?;
    document(
        &b,
        &app,
        &format!("/print/revocations/{}", a["mentor_entry_id"]),
        "revocation",
        &[name, cert, "撤销人才培带人资格通知", "撤销原因", "异议途径"],
    )
    .await?;
    Ok(())
}
