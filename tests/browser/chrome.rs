//! Starting chromedriver and a headless Chromium for one journey, and the few things every
//! journey does with them (open a page of the app, fill a field, save screenshots).

use std::future::Future;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use libtest_mimic::Failed;
use serde_json::{Value, json};

use crate::smtp_sink::free_port;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The phone and the desktop every screenshot is taken at.
pub const SIZES: [(u32, u32); 2] = [(390, 844), (1366, 768)];

/// A journey: given a browser, it drives the app and fails with a message.
pub type Journey = fn(Browser) -> Pin<Box<dyn Future<Output = Result<(), Failed>>>>;

/// Why the suite cannot run here, if it cannot.
pub fn missing() -> Option<String> {
    [CHROMIUM, CHROMEDRIVER]
        .iter()
        .find(|p| !Path::new(p).exists())
        .map(|p| format!("{p} not found (Debian: apt-get install chromium chromium-driver)"))
}

/// chromedriver, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A headless Chromium for one journey.
pub struct Browser {
    pub client: Client,
    /// The chromedriver's address (`http://127.0.0.1:<port>`), for its commands beyond WebDriver.
    pub driver: String,
    _profile: tempfile::TempDir,
}

/// Runs one journey in a fresh chromedriver and browser on the actix runtime the app needs.
pub fn run(journey: Journey) -> Result<(), Failed> {
    actix_web::rt::System::new().block_on(async move {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        let _driver = Driver(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not listen within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // A loaded machine can be slow to start Chromium ("DevToolsActivePort file doesn't
        // exist"): a second and third try get a fresh profile.
        let mut attempt = 0;
        let (client, profile) = loop {
            attempt += 1;
            let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities(profile.path()))
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break (client, profile),
                Err(e) if attempt < 3 => eprintln!("Chromium did not start ({e}); trying again"),
                Err(e) => return Err(format!("no WebDriver session: {e}").into()),
            }
        };
        let result = journey(Browser {
            client: client.clone(),
            driver: format!("http://127.0.0.1:{port}"),
            _profile: profile,
        })
        .await;
        let _ = client.close().await;
        result
    })
}

/// Headless Chromium with a fresh profile in `profile`.
fn capabilities(profile: &Path) -> serde_json::Map<String, Value> {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--lang=zh-CN",
                "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": { "intl.accept_languages": "zh-CN,zh" },
        }),
    );
    caps
}

/// Where the screenshots go: `target/screenshots/` of the package.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("a screenshot folder");
    dir
}

fn failed(what: &str) -> impl Fn(fantoccini::error::CmdError) -> Failed + '_ {
    move |e| format!("{what}: {e}").into()
}

impl Browser {
    /// Opens `url` and waits for the page.
    pub async fn open(&self, url: &str) -> Result<(), Failed> {
        self.client.goto(url).await.map_err(failed(url))
    }

    /// The path of the current page.
    pub async fn path(&self) -> Result<String, Failed> {
        let url = self.client.current_url().await.map_err(failed("url"))?;
        Ok(url.path().to_owned())
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String, Failed> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(failed(css))?;
        el.text().await.map_err(failed(css))
    }

    /// Types `value` into the field matching `css`, replacing what it held.
    pub async fn fill(&self, css: &str, value: &str) -> Result<(), Failed> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(failed(css))?;
        el.clear().await.map_err(failed(css))?;
        el.send_keys(value).await.map_err(failed(css))
    }

    /// Chooses the file at `path` in the file input matching `css` (as a person picks a photo).
    pub async fn upload(&self, css: &str, path: &Path) -> Result<(), Failed> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(failed(css))?;
        let path = path.to_str().ok_or("a file path in UTF-8")?;
        el.send_keys(path).await.map_err(failed(css))
    }

    /// Ticks (or clears) the check box or picks the radio button or option matching `css`,
    /// without leaving the page.
    pub async fn tick(&self, css: &str) -> Result<(), Failed> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(failed(css))?;
        el.click().await.map_err(failed(css))
    }

    /// True when an element matches `css` on the current page.
    pub async fn has(&self, css: &str) -> Result<bool, Failed> {
        Ok(self
            .client
            .find_all(Locator::Css(css))
            .await
            .map_err(failed(css))?
            .into_iter()
            .next()
            .is_some())
    }

    /// Clicks the link or button matching `css` and waits for the page it leads to (a new
    /// document, loaded), even when that page has the same address (a form shown again).
    pub async fn click(&self, css: &str) -> Result<(), Failed> {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(failed(css))?;
        self.script("window.__before_click = true; return null;")
            .await?;
        el.click().await.map_err(failed(css))?;
        let started = Instant::now();
        loop {
            let state = self
                .script(
                    "return (window.__before_click === undefined) && document.readyState === 'complete';",
                )
                .await;
            if matches!(state, Ok(Value::Bool(true))) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(15) {
                return Err(format!("clicking {css} led to no new page").into());
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script and gives its value.
    pub async fn script(&self, js: &str) -> Result<Value, Failed> {
        self.client
            .execute(js, vec![])
            .await
            .map_err(failed("script"))
    }

    /// Saves `<name>-<w>x<h>.png` at both sizes; at the phone's width the page must not scroll
    /// sideways.
    pub async fn screenshots(&self, name: &str) -> Result<(), Failed> {
        for (w, h) in SIZES {
            self.set_viewport(w, h).await?;
            let overflow = self
                .script("return document.documentElement.scrollWidth - window.innerWidth;")
                .await?;
            if overflow.as_i64().unwrap_or(0) > 0 {
                return Err(format!("{name} scrolls sideways by {overflow} px at {w} px").into());
            }
            let png = self
                .client
                .screenshot()
                .await
                .map_err(failed("screenshot"))?;
            let path = screenshot_dir().join(format!("{name}-{w}x{h}.png"));
            std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        self.set_viewport(SIZES[0].0, SIZES[0].1).await
    }

    /// Sizes the window so that the page itself (the viewport) is `w`×`h`.
    async fn set_viewport(&self, w: u32, h: u32) -> Result<(), Failed> {
        let (mut outer_w, mut outer_h) = (w, h);
        for _ in 0..2 {
            self.client
                .set_window_size(outer_w, outer_h)
                .await
                .map_err(failed("window size"))?;
            // Let the layout settle after the resize.
            actix_web::rt::time::sleep(Duration::from_millis(150)).await;
            let inner = self
                .script("return [window.innerWidth, window.innerHeight];")
                .await?;
            let (iw, ih) = (
                inner[0].as_u64().unwrap_or(0) as u32,
                inner[1].as_u64().unwrap_or(0) as u32,
            );
            if (iw, ih) == (w, h) {
                return Ok(());
            }
            outer_w += w.saturating_sub(iw);
            outer_h += h.saturating_sub(ih);
        }
        Ok(())
    }
}

/// Fails with `message` unless `ok`.
pub fn check(ok: bool, message: impl Into<String>) -> Result<(), Failed> {
    if ok {
        Ok(())
    } else {
        Err(message.into().into())
    }
}
