//! Login and password-reset limits, in memory (each instance counts on its own).
//!
//! - Every login attempt counts against its client address (`per_ip`, GCRA via `governor`).
//! - Only failed logins count against an account, and they count per account *and* client
//!   address (`per_account_ip`): a stranger who fails from one address shuts out that address
//!   alone, and the owner still signs in from another.
//! - Failed logins from all addresses together are bounded per account (`per_account`, much
//!   higher, per hour), so a brute force spread over many addresses stays bounded. While that
//!   ceiling is reached, the addresses the account last signed in from (a few, remembered in
//!   memory) still pass it.
//! - Password-reset requests count against their client address only (`reset_per_ip`), never
//!   against the login counters.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Keys kept before idle ones are dropped.
const MAX_KEYS: usize = 50_000;

/// Addresses remembered per account as ones it signed in from.
const KNOWN_ADDRESSES: usize = 4;

/// How many failures a limit allows over a window.
#[derive(Debug, Clone, Copy)]
pub struct FailureQuota {
    pub failures: u32,
    pub window: Duration,
}

/// Failures counted per key (GCRA: a burst of `failures`, then one more every
/// `window / failures`); looking does not count, only [`Failures::count`] does.
struct Failures<K> {
    interval: Duration,
    tolerance: Duration,
    next: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> Failures<K> {
    fn new(q: FailureQuota) -> Self {
        let n = q.failures.max(1);
        let interval = q.window / n;
        Self {
            interval,
            tolerance: interval * (n - 1),
            next: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when `key` has no failure left at `now`.
    fn allows(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let map = self.next.lock().expect("limiter lock");
        match map.get(key) {
            Some(&tat) if tat > now + self.tolerance => Err(tat - self.tolerance - now),
            _ => Ok(()),
        }
    }

    /// Counts one failure of `key` at `now`.
    fn count(&self, key: &K, now: Instant) {
        let mut map = self.next.lock().expect("limiter lock");
        if map.len() > MAX_KEYS {
            map.retain(|_, tat| *tat > now);
        }
        let tat = map.get(key).copied().unwrap_or(now).max(now);
        map.insert(key.clone(), tat + self.interval);
    }
}

/// The limits a login and a reset request pass through (see the module's documentation).
pub struct LoginLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    reset_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account_ip: Failures<(String, Option<IpAddr>)>,
    per_account: Failures<String>,
    known: Mutex<HashMap<String, Vec<IpAddr>>>,
}

/// Whole seconds to wait, rounded up (at least 1).
fn secs(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

impl LoginLimiter {
    /// `per_ip_per_minute` attempts per address (logins; reset requests apart),
    /// `per_account_ip_per_minute` failures per account and address, and
    /// `per_account_per_hour` failures per account from all addresses.
    pub fn new(
        per_ip_per_minute: u32,
        per_account_ip_per_minute: u32,
        per_account_per_hour: u32,
    ) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least 1"));
        let minute = Duration::from_secs(60);
        Self {
            per_ip: RateLimiter::keyed(quota(per_ip_per_minute)),
            reset_per_ip: RateLimiter::keyed(quota(per_ip_per_minute)),
            per_account_ip: Failures::new(FailureQuota {
                failures: per_account_ip_per_minute,
                window: minute,
            }),
            per_account: Failures::new(FailureQuota {
                failures: per_account_per_hour,
                window: minute * 60,
            }),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// Before a login (or a check of the current password): counts the attempt against the
    /// address and checks that the account has failures left from this address, and from all
    /// addresses unless this is one it signed in from. `Err(seconds)` says how long to wait.
    pub fn check(&self, ip: Option<IpAddr>, account: &str) -> Result<(), u64> {
        self.check_at(ip, account, Instant::now())
    }

    fn check_at(&self, ip: Option<IpAddr>, account: &str, now: Instant) -> Result<(), u64> {
        if self.per_ip.len() > MAX_KEYS {
            self.per_ip.retain_recent();
        }
        if let Some(ip) = ip {
            let clock_now = DefaultClock::default().now();
            self.per_ip
                .check_key(&ip)
                .map_err(|n| secs(n.wait_time_from(clock_now)))?;
        }
        let account = account.to_owned();
        self.per_account_ip
            .allows(&(account.clone(), ip), now)
            .map_err(secs)?;
        if !self.is_known(&account, ip) {
            self.per_account.allows(&account, now).map_err(secs)?;
        }
        Ok(())
    }

    /// After a failed login: one failure of the account from this address.
    pub fn failed(&self, ip: Option<IpAddr>, account: &str) {
        let now = Instant::now();
        self.per_account_ip.count(&(account.to_owned(), ip), now);
        self.per_account.count(&account.to_owned(), now);
    }

    /// After a successful login: nothing is counted; the address is remembered as one the
    /// account signs in from.
    pub fn succeeded(&self, ip: Option<IpAddr>, account: &str) {
        let Some(ip) = ip else { return };
        let mut known = self.known.lock().expect("limiter lock");
        if known.len() > MAX_KEYS {
            known.clear();
        }
        let list = known.entry(account.to_owned()).or_default();
        list.retain(|a| *a != ip);
        list.push(ip);
        if list.len() > KNOWN_ADDRESSES {
            list.remove(0);
        }
    }

    fn is_known(&self, account: &str, ip: Option<IpAddr>) -> bool {
        let Some(ip) = ip else { return false };
        let known = self.known.lock().expect("limiter lock");
        known.get(account).is_some_and(|l| l.contains(&ip))
    }

    /// Before a password-reset request: counts it against the client address alone.
    pub fn check_reset(&self, ip: Option<IpAddr>) -> Result<(), u64> {
        if self.reset_per_ip.len() > MAX_KEYS {
            self.reset_per_ip.retain_recent();
        }
        let Some(ip) = ip else { return Ok(()) };
        let now = DefaultClock::default().now();
        self.reset_per_ip
            .check_key(&ip)
            .map_err(|n| secs(n.wait_time_from(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn every_attempt_counts_against_the_address() {
        let l = LoginLimiter::new(3, 100, 1000);
        let (a, b) = (ip("127.0.0.1"), ip("127.0.0.2"));
        for n in 0..3 {
            assert!(l.check(a, &format!("x{n}@y.cn")).is_ok());
        }
        let wait = l.check(a, "z@y.cn").unwrap_err();
        assert!((1..=60).contains(&wait), "a wait is given: {wait}");
        assert!(
            l.check(b, "z@y.cn").is_ok(),
            "other addresses are unaffected"
        );
    }

    #[test]
    fn failures_count_per_account_and_address_and_successes_not_at_all() {
        let l = LoginLimiter::new(100, 2, 1000);
        let (stranger, owner) = (ip("203.0.113.66"), ip("203.0.113.10"));
        for _ in 0..5 {
            assert!(l.check(owner, "v@y.cn").is_ok());
            l.succeeded(owner, "v@y.cn");
        }
        for _ in 0..2 {
            assert!(l.check(stranger, "v@y.cn").is_ok());
            l.failed(stranger, "v@y.cn");
        }
        assert!(
            l.check(stranger, "v@y.cn").is_err(),
            "the stranger is stopped"
        );
        assert!(
            l.check(ip("198.51.100.1"), "v@y.cn").is_ok(),
            "the owner elsewhere is not"
        );
        assert!(l.check(stranger, "w@y.cn").is_ok(), "nor other accounts");
    }

    #[test]
    fn failures_from_every_address_are_bounded_per_account_except_where_it_signed_in() {
        let l = LoginLimiter::new(100, 2, 4);
        l.succeeded(ip("203.0.113.10"), "v@y.cn");
        for a in ["198.51.100.1", "198.51.100.2"] {
            for _ in 0..2 {
                assert!(l.check(ip(a), "v@y.cn").is_ok());
                l.failed(ip(a), "v@y.cn");
            }
        }
        let wait = l.check(ip("198.51.100.3"), "v@y.cn").unwrap_err();
        assert!((1..=15 * 60).contains(&wait), "{wait}");
        assert!(
            l.check(ip("203.0.113.10"), "v@y.cn").is_ok(),
            "a known address passes"
        );
    }

    #[test]
    fn a_failure_window_refills_one_failure_per_interval() {
        let f = Failures::new(FailureQuota {
            failures: 5,
            window: Duration::from_secs(60),
        });
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(f.allows(&"k", t0).is_ok());
            f.count(&"k", t0);
        }
        assert_eq!(f.allows(&"k", t0), Err(Duration::from_secs(12)));
        assert!(f.allows(&"k", t0 + Duration::from_secs(12)).is_ok());
        assert!(f.allows(&"other", t0).is_ok());
    }

    #[test]
    fn reset_requests_count_apart_from_logins() {
        let l = LoginLimiter::new(2, 1, 1);
        let a = ip("127.0.0.1");
        assert!(l.check_reset(a).is_ok());
        assert!(l.check_reset(a).is_ok());
        assert!(l.check_reset(a).is_err());
        assert!(l.check(a, "v@y.cn").is_ok(), "logins have their own count");
    }
}
