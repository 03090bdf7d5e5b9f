//! The session check a request still owes, folded into its first database hop.
//!
//! A request whose caller the policy middleware recognised from the instance's session cache (a
//! token already verified against the database at the same version) is let through without a hop
//! of its own. What it still owes is the check that the account is active at the token's version
//! now: a logout, password change, deactivation or role change on any instance bumps the version.
//! The middleware opens a [`scope`] for the request; the first [`Db::run`](super::Db::run) or
//! [`Db::write`](super::Db::write) of the request runs the check on its own connection before the
//! handler's closure (inside the write transaction, for a write, so an ended session never
//! commits), and a request that ends without one has it run by the middleware afterwards. Once the
//! check failed, every later hop of the request refuses, and the middleware answers 401 whatever
//! the handler said.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use crate::domain::ids::UserId;

/// Who the request's token names, at which token version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionClaim {
    pub user: UserId,
    pub version: i32,
}

/// Where a request's check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    /// Not run yet.
    Owed,
    /// The account was active at the token's version.
    Passed,
    /// It was not: the session has ended.
    Failed,
}

/// One request's check, shared between the middleware and the request's database hops.
#[derive(Debug)]
pub struct SessionCheck {
    claim: SessionClaim,
    state: Cell<CheckState>,
}

impl SessionCheck {
    pub fn new(claim: SessionClaim) -> Rc<Self> {
        Rc::new(Self {
            claim,
            state: Cell::new(CheckState::Owed),
        })
    }

    pub fn claim(&self) -> SessionClaim {
        self.claim
    }

    pub fn state(&self) -> CheckState {
        self.state.get()
    }

    /// Records the outcome of a check the middleware ran itself.
    pub fn settle(&self, holds: bool) {
        self.state.set(if holds {
            CheckState::Passed
        } else {
            CheckState::Failed
        });
    }
}

tokio::task_local! {
    static OWED: Rc<SessionCheck>;
}

/// Runs `fut` (the rest of the request) with `check` owed by its database hops.
pub fn scope<F: Future>(check: Rc<SessionCheck>, fut: F) -> impl Future<Output = F::Output> {
    OWED.scope(check, fut)
}

/// What a hop has to do about the request's session before the handler's closure (the check
/// itself is [`super::session_holds`]; this file holds only the request's state, so that the
/// database handle can use it without the two importing each other).
#[derive(Debug, Clone, Copy)]
pub enum Due {
    /// Nothing: no check is owed here (a job, a CLI command, a public route, a check already
    /// passed).
    Nothing,
    /// Run the check first.
    Check(SessionClaim),
    /// The session has ended: refuse without a hop.
    Refuse,
}

/// What the current task's request owes, if anything.
pub fn due() -> Due {
    OWED.try_with(|check| match check.state.get() {
        CheckState::Owed => Due::Check(check.claim),
        CheckState::Passed => Due::Nothing,
        CheckState::Failed => Due::Refuse,
    })
    .unwrap_or(Due::Nothing)
}

/// Records what a hop's check found. A hop that failed records nothing: whether its check ran is
/// unknown, so the check stays owed.
pub fn record(holds: bool) {
    let _ = OWED.try_with(|check| check.settle(holds));
}
