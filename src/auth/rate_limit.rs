//! Login attempts limited per client address and per account, in memory (GCRA via `governor`).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Keys kept before idle ones are dropped.
const MAX_KEYS: usize = 50_000;

/// The two limits a login passes through.
pub struct LoginLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
}

impl LoginLimiter {
    pub fn new(per_ip_per_minute: u32, per_account_per_minute: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least 1"));
        Self {
            per_ip: RateLimiter::keyed(quota(per_ip_per_minute)),
            per_account: RateLimiter::keyed(quota(per_account_per_minute)),
        }
    }

    /// Counts one attempt; `Err(seconds)` says how long to wait when over a limit.
    pub fn check(&self, ip: Option<IpAddr>, account: &str) -> Result<(), u64> {
        if self.per_ip.len() > MAX_KEYS {
            self.per_ip.retain_recent();
        }
        if self.per_account.len() > MAX_KEYS {
            self.per_account.retain_recent();
        }
        let now = DefaultClock::default().now();
        let wait = |d: std::time::Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
        if let Some(ip) = ip {
            self.per_ip
                .check_key(&ip)
                .map_err(|n| wait(n.wait_time_from(now)))?;
        }
        self.per_account
            .check_key(&account.to_owned())
            .map_err(|n| wait(n.wait_time_from(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_address_and_per_account() {
        let l = LoginLimiter::new(3, 2);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(l.check(Some(a), "x@y.cn").is_ok());
        assert!(l.check(Some(a), "x@y.cn").is_ok());
        let wait = l.check(Some(a), "x@y.cn").unwrap_err();
        assert!(wait >= 1, "a wait is given");
        // The third call used address a's last attempt; a fresh account does not help.
        assert!(l.check(Some(a), "z@y.cn").is_err(), "a is over its limit");
        assert!(
            l.check(Some(a), "w@y.cn").is_err(),
            "a is now over its limit"
        );
        assert!(
            l.check(Some(b), "w@y.cn").is_ok(),
            "other addresses are unaffected"
        );
    }
}
