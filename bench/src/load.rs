//! The load generator: N keep-alive connections on loopback, each sending one step after the
//! other for a fixed time (and at most a fixed count), spread over two threads. A step is one
//! request, or several issued one after another on the same connection (the API calls a page
//! replaces) and timed together. Latencies are kept per step and summarised as p50, p99 and max.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

/// One request the generator can send.
#[derive(Debug, Clone)]
pub struct Req {
    pub post: bool,
    pub path: String,
    pub token: Arc<str>,
    pub body: Option<String>,
    /// A write whose 2xx must be found in the database afterwards.
    pub write: bool,
    /// A page: the token goes in the `peidai_session` cookie (as a signed-in browser sends it)
    /// and HTML is asked for, instead of a bearer token.
    pub page: bool,
}

/// What a scenario sends: its `i`-th step (`i` counts across all connections), one request or
/// several sent one after another and timed as one.
pub type Plan = dyn Fn(usize) -> Vec<Req> + Send + Sync;

/// The figures of one scenario.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct LoadResult {
    pub scenario: String,
    pub connections: usize,
    pub seconds: f64,
    /// Steps sent (each of `requests_per_step` requests).
    pub requests: u64,
    /// Steps per second.
    pub requests_per_second: f64,
    /// Requests in each step (1 but for a page's API calls issued one after another).
    #[serde(default = "one")]
    pub requests_per_step: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Steps with an answer other than 2xx (or no answer).
    pub non_2xx: u64,
    /// Writes answered with 2xx (each must be stored).
    pub writes_acknowledged: u64,
    /// Writes found in the database afterwards (filled in by the harness).
    pub writes_stored: Option<u64>,
}

fn one() -> usize {
    1
}

struct Tally {
    latencies_us: Vec<u32>,
    non_2xx: u64,
    writes_ok: u64,
}

/// Runs `plan` against `base` with `connections` connections for `duration` (and at most
/// `max_requests` in all).
pub fn run(
    name: &str,
    base: &str,
    plan: Arc<Plan>,
    connections: usize,
    duration: Duration,
    max_requests: usize,
) -> LoadResult {
    let requests_per_step = plan(0).len();
    let counter = Arc::new(AtomicUsize::new(0));
    let threads = 2.min(connections.max(1));
    let started = Instant::now();
    let deadline = started + duration;
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let plan = plan.clone();
            let counter = counter.clone();
            let base = base.to_owned();
            let mine = connections / threads + usize::from(t < connections % threads);
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let tasks: Vec<_> = (0..mine)
                        .map(|_| {
                            let plan = plan.clone();
                            let counter = counter.clone();
                            let base = base.clone();
                            actix_web::rt::spawn(async move {
                                connection(&base, &*plan, &counter, deadline, max_requests).await
                            })
                        })
                        .collect();
                    let mut all = Tally {
                        latencies_us: Vec::new(),
                        non_2xx: 0,
                        writes_ok: 0,
                    };
                    for t in tasks {
                        if let Ok(t) = t.await {
                            all.latencies_us.extend(t.latencies_us);
                            all.non_2xx += t.non_2xx;
                            all.writes_ok += t.writes_ok;
                        }
                    }
                    all
                })
            })
        })
        .collect();
    let mut lat = Vec::new();
    let (mut non_2xx, mut writes_ok) = (0, 0);
    for h in handles {
        if let Ok(t) = h.join() {
            lat.extend(t.latencies_us);
            non_2xx += t.non_2xx;
            writes_ok += t.writes_ok;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    lat.sort_unstable();
    let pct = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
        f64::from(lat[i]) / 1000.0
    };
    LoadResult {
        scenario: name.to_owned(),
        connections,
        seconds,
        requests: lat.len() as u64,
        requests_per_second: lat.len() as f64 / seconds.max(1e-9),
        requests_per_step,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: lat.last().map_or(0.0, |v| f64::from(*v) / 1000.0),
        non_2xx,
        writes_acknowledged: writes_ok,
        writes_stored: None,
    }
}

/// One keep-alive connection sending requests back to back until the deadline.
async fn connection(
    base: &str,
    plan: &Plan,
    counter: &AtomicUsize,
    deadline: Instant,
    max_requests: usize,
) -> Tally {
    let client = awc::Client::builder()
        .connector(awc::Connector::new().limit(1))
        .timeout(Duration::from_secs(30))
        .finish();
    let mut tally = Tally {
        latencies_us: Vec::with_capacity(1 << 16),
        non_2xx: 0,
        writes_ok: 0,
    };
    while Instant::now() < deadline {
        let i = counter.fetch_add(1, Ordering::Relaxed);
        if i >= max_requests {
            break;
        }
        let sent = Instant::now();
        let mut ok = true;
        let mut writes = 0;
        for req in plan(i) {
            let url = format!("{base}{}", req.path);
            let builder = if req.post {
                client.post(url)
            } else {
                client.get(url)
            };
            let builder = if req.page {
                builder
                    .insert_header(("Cookie", format!("peidai_session={}", req.token)))
                    .insert_header(("Accept", "text/html"))
            } else {
                builder.insert_header(("Authorization", format!("Bearer {}", req.token)))
            };
            let res = match req.body {
                Some(b) => {
                    builder
                        .insert_header(("Content-Type", "application/json"))
                        .send_body(b)
                        .await
                }
                None => builder.send().await,
            };
            let answered = match res {
                Ok(mut r) => {
                    let body = r.body().limit(8 << 20).await;
                    r.status().is_success() && body.is_ok()
                }
                Err(_) => false,
            };
            ok &= answered;
            if answered && req.write {
                writes += 1;
            }
        }
        tally
            .latencies_us
            .push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        if !ok {
            tally.non_2xx += 1;
        }
        tally.writes_ok += writes;
    }
    tally
}
