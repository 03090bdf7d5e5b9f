//! The service's clock. Everything that depends on "now" asks it, so tests and operators can replay
//! a given moment.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SubsecRound, Utc};

/// The city's offset from UTC (China Standard Time, no daylight saving).
const CITY_OFFSET_SECS: i32 = 8 * 3600;

/// System time, or a fixed moment when one is set.
#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<RwLock<Option<DateTime<Utc>>>>,
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
        let offset = FixedOffset::east_opt(CITY_OFFSET_SECS).expect("valid offset");
        self.now().with_timezone(&offset).date_naive()
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
}
