//! The service's clock. Everything that depends on "now" asks it, so tests and operators can replay
//! a given moment.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use chrono_tz::Tz;

/// System time, or a fixed moment when one is set, and the city's time zone
/// (`jobs.timezone`), which says what day it is.
#[derive(Clone)]
pub struct Clock {
    fixed: Arc<RwLock<Option<DateTime<Utc>>>>,
    zone: Tz,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            fixed: Arc::default(),
            zone: chrono_tz::Asia::Shanghai,
        }
    }
}

impl Clock {
    /// A clock that follows the system time.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock stopped at `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        let c = Self::default();
        c.set(Some(at));
        c
    }

    /// The same clock (a moment set on one is set on both) in the city's time zone `zone`.
    pub fn in_zone(mut self, zone: Tz) -> Self {
        self.zone = zone;
        self
    }

    /// The city's time zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Stops the clock at `at`, or lets it follow the system time again with `None`.
    pub fn set(&self, at: Option<DateTime<Utc>>) {
        *self.fixed.write().expect("clock lock") = at;
    }

    /// Now, to the microsecond (what both databases store).
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed
            .read()
            .expect("clock lock")
            .unwrap_or_else(Utc::now)
            .trunc_subsecs(6)
    }

    /// Now as stored in the database (UTC without an offset).
    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Today's date in the city.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }

    /// The city's date of a moment stored in the database (UTC without an offset).
    pub fn city_date(&self, at: NaiveDateTime) -> NaiveDate {
        at.and_utc().with_timezone(&self.zone).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_city_date_not_the_utc_date() {
        let c = Clock::fixed("2026-11-21T16:30:00Z".parse().unwrap());
        assert_eq!(c.today(), "2026-11-22".parse::<NaiveDate>().unwrap());
        c.set(Some("2026-11-21T15:59:59Z".parse().unwrap()));
        assert_eq!(c.today(), "2026-11-21".parse::<NaiveDate>().unwrap());
    }

    #[test]
    fn today_follows_the_configured_zone() {
        let c = Clock::fixed("2026-11-22T04:30:00Z".parse().unwrap())
            .in_zone(chrono_tz::America::New_York);
        assert_eq!(c.today(), "2026-11-21".parse::<NaiveDate>().unwrap());
        let at = "2026-11-22T04:30:00".parse::<NaiveDateTime>().unwrap();
        assert_eq!(c.city_date(at), "2026-11-21".parse::<NaiveDate>().unwrap());
    }
}
