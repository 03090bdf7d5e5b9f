//! Work that outlasts a request (opening an assessment round for every mentor of the city, a
//! large import's dry run or apply) runs in the background under a ticket, so that the page that
//! asked for it answers at once and then follows it: running (with its progress when the work
//! reports one), done (with the work's value), or failed (with a reason in both languages).
//!
//! A ticket is seen only by the user who started it; anyone else asking for it is told it does
//! not exist. The tickets live in this process's memory only: a restart forgets them (what the
//! work stored stays stored), and a finished ticket is forgotten after [`Tasks::new`]'s
//! `keep_for`, or sooner when more than its `max` tickets are kept, so that memory stays bounded.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::i18n::Msg;

/// Tickets are numbered across every store of the process, so a number names one task only.
static NEXT: AtomicU64 = AtomicU64::new(1);

/// How often [`Tasks::settle`] looks whether the task has ended.
const SETTLE_STEP: Duration = Duration::from_millis(25);

/// The reason a page shows for work that was refused or failed: the first field's reason when
/// the service names one (the year already has a round, the file is not a spreadsheet), else the
/// error's own message. A failure other than a refusal is logged.
pub fn reason(e: &AppError) -> Msg {
    if !matches!(e, AppError::Validation(_) | AppError::Conflict { .. }) {
        tracing::error!(error = %e, "background work failed");
    }
    match e {
        AppError::Validation(f) | AppError::Conflict { fields: f, .. } if !f.is_empty() => {
            f.values().next().map(|v| v.message.clone())
        }
        _ => None,
    }
    .unwrap_or_else(|| e.message())
}

/// The number naming one background task in its page's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Ticket(pub u64);

impl Ticket {
    /// The ticket an address names, if it is a number at all.
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok().map(Self)
    }
}

impl std::fmt::Display for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a running task says of itself: how many of how many items it has done, and what it is
/// doing now. Cheap to update (atomics; the phase only when it changes), so that a loop over
/// twenty thousand rows may report every few hundred of them.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    phase: Mutex<Option<&'static str>>,
}

impl Progress {
    /// Records that `done` of `total` items are done.
    pub fn items(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done.min(total), Ordering::Relaxed);
    }

    /// Records what the task is doing now, as the catalogue key of its words (`imports.phase.
    /// checking`: 正在检查各行).
    pub fn phase(&self, phase: &'static str) {
        if let Ok(mut p) = self.phase.lock() {
            *p = Some(phase);
        }
    }

    fn view(&self) -> ProgressView {
        let total = self.total.load(Ordering::Relaxed);
        let phase = self.phase.lock().ok().and_then(|p| *p);
        ProgressView {
            done: (total > 0).then(|| self.done.load(Ordering::Relaxed)),
            total: (total > 0).then_some(total),
            percent: (total > 0).then(|| self.done.load(Ordering::Relaxed) * 100 / total),
            phase,
        }
    }
}

/// A running task's progress as a page shows it; every part is absent until the task says it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    pub done: Option<usize>,
    pub total: Option<usize>,
    /// `done` as a whole percentage of `total`.
    pub percent: Option<usize>,
    /// The catalogue key of what the task is doing now.
    pub phase: Option<&'static str>,
}

/// Where a task is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TaskState<T> {
    Running {
        started_at: DateTime<Utc>,
        progress: ProgressView,
    },
    Done {
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
        value: T,
    },
    Failed {
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
        reason_zh: String,
        reason_en: String,
    },
}

impl<T> TaskState<T> {
    /// Whether the task is still at work.
    pub fn running(&self) -> bool {
        matches!(self, Self::Running { .. })
    }

    /// The same state with its value turned by `f` (a page that shows no value passes `|_| ()`).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> TaskState<U> {
        match self {
            Self::Running {
                started_at,
                progress,
            } => TaskState::Running {
                started_at,
                progress,
            },
            Self::Done {
                started_at,
                finished_at,
                value,
            } => TaskState::Done {
                started_at,
                finished_at,
                value: f(value),
            },
            Self::Failed {
                started_at,
                finished_at,
                reason_zh,
                reason_en,
            } => TaskState::Failed {
                started_at,
                finished_at,
                reason_zh,
                reason_en,
            },
        }
    }
}

/// Where a task is, as kept.
enum Stage<T> {
    Running,
    Done(T),
    Failed(Msg),
}

struct Entry<T> {
    by: UserId,
    /// What the task works on (the year being opened, an import's kept file), for its page and
    /// for finding the task again by that.
    key: Option<String>,
    started_at: DateTime<Utc>,
    finished_at: Option<(DateTime<Utc>, Instant)>,
    progress: Arc<Progress>,
    stage: Stage<T>,
}

/// One kind of background task's tickets; a `static` of the module that starts them.
pub struct Tasks<T> {
    keep_for: Duration,
    max: usize,
    tickets: Mutex<BTreeMap<Ticket, Entry<T>>>,
}

impl<T: Clone + 'static> Tasks<T> {
    /// A store that forgets a finished ticket `keep_for` after it finished, and keeps at most
    /// `max` tickets (forgetting the oldest finished ones first; a running one is never lost).
    pub const fn new(keep_for: Duration, max: usize) -> Self {
        Self {
            keep_for,
            max,
            tickets: Mutex::new(BTreeMap::new()),
        }
    }

    /// Starts `work` in the background for `by` and answers its ticket at once. `work` gets the
    /// task's [`Progress`] to report on; its `Err` is the reason the page shows.
    pub fn start<F, Fut>(
        &'static self,
        by: UserId,
        key: Option<String>,
        clock: Clock,
        work: F,
    ) -> Ticket
    where
        F: FnOnce(Arc<Progress>) -> Fut,
        Fut: Future<Output = Result<T, Msg>> + 'static,
    {
        let ticket = Ticket(NEXT.fetch_add(1, Ordering::Relaxed));
        let progress = Arc::new(Progress::default());
        if let Ok(mut all) = self.tickets.lock() {
            self.forget_old(&mut all);
            all.insert(
                ticket,
                Entry {
                    by,
                    key,
                    started_at: clock.now(),
                    finished_at: None,
                    progress: progress.clone(),
                    stage: Stage::Running,
                },
            );
        }
        let fut = work(progress);
        actix_web::rt::spawn(async move {
            let stage = match fut.await {
                Ok(v) => Stage::Done(v),
                Err(reason) => Stage::Failed(reason),
            };
            if let Ok(mut all) = self.tickets.lock()
                && let Some(e) = all.get_mut(&ticket)
            {
                e.stage = stage;
                e.finished_at = Some((clock.now(), Instant::now()));
            }
        });
        ticket
    }

    /// Forgets finished tickets past `keep_for`, then the oldest finished ones beyond `max`.
    fn forget_old(&self, all: &mut BTreeMap<Ticket, Entry<T>>) {
        all.retain(|_, e| {
            e.finished_at
                .is_none_or(|(_, at)| at.elapsed() < self.keep_for)
        });
        while all.len() >= self.max {
            let Some(oldest) = all
                .iter()
                .find(|(_, e)| e.finished_at.is_some())
                .map(|(t, _)| *t)
            else {
                break;
            };
            all.remove(&oldest);
        }
    }

    /// Where `ticket` is, when `by` started it; `None` for anyone else's ticket, a forgotten one
    /// or a made-up one alike.
    pub fn get(&self, ticket: Ticket, by: UserId) -> Option<TaskState<T>> {
        let all = self.tickets.lock().ok()?;
        let e = all.get(&ticket).filter(|e| e.by == by)?;
        Some(match &e.stage {
            Stage::Running => TaskState::Running {
                started_at: e.started_at,
                progress: e.progress.view(),
            },
            Stage::Done(v) => TaskState::Done {
                started_at: e.started_at,
                finished_at: e.finished_at.map_or(e.started_at, |(t, _)| t),
                value: v.clone(),
            },
            Stage::Failed(m) => TaskState::Failed {
                started_at: e.started_at,
                finished_at: e.finished_at.map_or(e.started_at, |(t, _)| t),
                reason_zh: m.zh.to_string(),
                reason_en: m.en.to_string(),
            },
        })
    }

    /// What `ticket` (`by`'s) works on, as its starter named it (the year being opened, the kept
    /// file being imported).
    pub fn key(&self, ticket: Ticket, by: UserId) -> Option<String> {
        let all = self.tickets.lock().ok()?;
        all.get(&ticket).filter(|e| e.by == by)?.key.clone()
    }

    /// The newest ticket `by` started on `key`.
    pub fn find(&self, by: UserId, key: &str) -> Option<Ticket> {
        let all = self.tickets.lock().ok()?;
        all.iter()
            .rev()
            .find(|(_, e)| e.by == by && e.key.as_deref() == Some(key))
            .map(|(t, _)| *t)
    }

    /// Forgets `ticket` (`by`'s), so that its key may be started on afresh.
    pub fn forget(&self, ticket: Ticket, by: UserId) {
        if let Ok(mut all) = self.tickets.lock()
            && all.get(&ticket).is_some_and(|e| e.by == by)
        {
            all.remove(&ticket);
        }
    }

    /// Where `ticket` is, after waiting up to `within` for it to end: a short task is then
    /// answered finished, without a progress page in between.
    pub async fn settle(
        &self,
        ticket: Ticket,
        by: UserId,
        within: Duration,
    ) -> Option<TaskState<T>> {
        let until = Instant::now() + within;
        loop {
            let state = self.get(ticket, by)?;
            if !state.running() || Instant::now() >= until {
                return Some(state);
            }
            actix_web::rt::time::sleep(SETTLE_STEP).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TASKS: Tasks<u32> = Tasks::new(Duration::from_secs(3600), 3);

    #[actix_web::test]
    async fn a_ticket_is_seen_by_its_starter_only_and_old_ones_are_forgotten() {
        let clock = Clock::system();
        let (tx, rx) = tokio::sync::oneshot::channel::<u32>();
        let me = UserId(7);
        let t = TASKS.start(me, Some("k".into()), clock.clone(), |p| async move {
            p.items(1, 4);
            rx.await.map_err(|_| Msg::new("中断", "interrupted"))
        });
        actix_web::rt::task::yield_now().await;
        match TASKS.get(t, me) {
            Some(TaskState::Running { progress, .. }) => {
                assert_eq!((progress.done, progress.total), (Some(1), Some(4)));
                assert_eq!(progress.percent, Some(25));
            }
            other => panic!("running: {other:?}"),
        }
        assert!(TASKS.get(t, UserId(8)).is_none(), "another user's ticket");
        assert_eq!(TASKS.find(me, "k"), Some(t));
        tx.send(5).unwrap();
        let done = TASKS.settle(t, me, Duration::from_secs(5)).await;
        assert!(
            matches!(done, Some(TaskState::Done { value: 5, .. })),
            "{done:?}"
        );
        // Beyond `max`, the oldest finished ticket goes; a running one stays.
        let failed = TASKS.start(me, None, clock.clone(), |_| async {
            Err::<u32, _>(Msg::new("失败", "failed"))
        });
        let s = TASKS.settle(failed, me, Duration::from_secs(5)).await;
        assert!(
            matches!(s, Some(TaskState::Failed { ref reason_en, .. }) if reason_en == "failed")
        );
        for _ in 0..3 {
            let n = TASKS.start(me, None, clock.clone(), |_| async { Ok(1) });
            TASKS.settle(n, me, Duration::from_secs(5)).await;
        }
        assert!(
            TASKS.get(t, me).is_none(),
            "the oldest finished one is forgotten"
        );
    }
}
