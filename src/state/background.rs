//! Work a request leaves running after its answer (the e-mail of a password-reset request), and a
//! way to wait until none is left (tests, before they look at the outbox).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

/// Counts the work still running after its answers.
#[derive(Clone, Default)]
pub struct AfterAnswer(Arc<Inner>);

#[derive(Default)]
struct Inner {
    pending: AtomicUsize,
    done: Notify,
}

/// Ends one piece of work when dropped (a panic included).
struct Done(Arc<Inner>);

impl Drop for Done {
    fn drop(&mut self) {
        if self.0.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.done.notify_waiters();
        }
    }
}

impl AfterAnswer {
    /// Runs `work` on the current worker once the handler has returned.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.0.pending.fetch_add(1, Ordering::SeqCst);
        let done = Done(self.0.clone());
        actix_web::rt::spawn(async move {
            let _done = done;
            work.await;
        });
    }

    /// Returns once no work is left running.
    pub async fn idle(&self) {
        loop {
            let notified = self.0.done.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.0.pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}
