//! The instance's memory of the accounts behind recently verified tokens: for each user, the
//! token version the database last showed with the account active, and the roles and unit it had
//! at that version. Every change of roles, unit, status or password bumps the version (see
//! `db::credentials`), so the roles and unit of an account at a version never change.
//!
//! A request whose token names a remembered version is let through the policy middleware without
//! a database hop of its own; the check that the version is still current runs in the request's
//! first hop instead (`db::session_check`). The memory therefore never decides alone whether a
//! session is alive: it only saves the separate round trip, and an ended session still ends at its
//! next request on every instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::credentials::AuthRecord;
use crate::domain::ids::{UnitId, UserId};
use crate::domain::role::Role;
use crate::domain::user::UserStatus;

/// How many accounts an instance remembers; past that the memory starts again from empty (a
/// forgotten account costs one hop at its next request, nothing else).
const CAPACITY: usize = 50_000;

/// What the instance remembers of one account.
#[derive(Debug, Clone)]
pub struct Known {
    pub version: i32,
    pub roles: Vec<Role>,
    pub unit_id: Option<UnitId>,
}

/// The memory itself; one per instance, shared by its workers.
#[derive(Debug, Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<UserId, Known>>,
    /// How many requests were recognised so far (the tests see the memory at work with it).
    recognised: AtomicU64,
}

impl SessionCache {
    /// The account as remembered at `version`, if that is the version last seen active.
    pub fn recall(&self, user: UserId, version: i32) -> Option<Known> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let known = entries.get(&user).filter(|k| k.version == version).cloned();
        if known.is_some() {
            self.recognised.fetch_add(1, Ordering::Relaxed);
        }
        known
    }

    /// How many requests [`SessionCache::recall`] recognised since the instance started.
    pub fn recognised(&self) -> u64 {
        self.recognised.load(Ordering::Relaxed)
    }

    /// Remembers what the database just showed of an account; an account that is not active is
    /// forgotten instead.
    pub fn remember(&self, user: UserId, record: &AuthRecord) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if record.status != UserStatus::Active {
            entries.remove(&user);
            return;
        }
        if entries.len() >= CAPACITY && !entries.contains_key(&user) {
            entries.clear();
        }
        entries.insert(
            user,
            Known {
                version: record.token_version,
                roles: record.roles.clone(),
                unit_id: record.unit_id,
            },
        );
    }

    /// Forgets an account whose remembered version turned out to be stale.
    pub fn forget(&self, user: UserId) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&user);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: UserStatus, version: i32) -> AuthRecord {
        AuthRecord {
            status,
            token_version: version,
            unit_id: Some(UnitId(3)),
            roles: vec![Role::Mentor],
        }
    }

    #[test]
    fn an_account_is_recalled_only_at_the_version_last_seen_active() {
        let cache = SessionCache::default();
        let id = UserId(7);
        assert!(cache.recall(id, 0).is_none());
        cache.remember(id, &record(UserStatus::Active, 2));
        assert!(
            cache.recall(id, 1).is_none(),
            "an older token is not recalled"
        );
        let known = cache.recall(id, 2).expect("recalled");
        assert_eq!(known.roles, vec![Role::Mentor]);
        assert_eq!(known.unit_id, Some(UnitId(3)));
        cache.remember(id, &record(UserStatus::Active, 3));
        assert!(cache.recall(id, 2).is_none(), "a newer version replaces it");
        cache.remember(id, &record(UserStatus::Deactivated, 4));
        assert!(cache.recall(id, 3).is_none() && cache.recall(id, 4).is_none());
        cache.remember(id, &record(UserStatus::Active, 5));
        cache.forget(id);
        assert!(cache.recall(id, 5).is_none());
    }
}
