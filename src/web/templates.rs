//! The page templates (`src/web/templates/`, embedded at build time) in one minijinja environment
//! that refuses undefined values, with the words of the catalogue (`t`) and dates and times as a
//! reader of the page's language writes them (`date`, `datetime` in the city's time zone).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior, Value};

use super::strings::word;
use crate::i18n::Locale;

/// Every file under `src/web/templates/`, named by its path there (listed by `build.rs`).
const TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/page_templates.rs"));

static ENV: LazyLock<Result<Environment<'static>, Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    env.add_function("t", translate);
    env.add_filter("date", date);
    env.add_filter("datetime", datetime);
    Ok(env)
});

/// Compiles the page templates: start-up calls it, so a broken template refuses to start.
pub fn check() -> anyhow::Result<()> {
    ENV.as_ref()
        .map(|_| ())
        .map_err(|e| anyhow::anyhow!("page template: {e:#}"))
}

/// Renders the page template `name` with `ctx` (which must hold `lang`).
pub fn render(name: &str, ctx: Value) -> Result<String, Error> {
    let env = ENV.as_ref().map_err(|e| {
        Error::new(
            ErrorKind::TemplateNotFound,
            format!("page templates: {e:#}"),
        )
    })?;
    env.get_template(name)?.render(ctx)
}

fn locale_of(state: &State) -> Result<Locale, Error> {
    let lang = state.lookup("lang").unwrap_or_default();
    lang.as_str()
        .and_then(Locale::parse)
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "the page has no `lang`"))
}

/// `t("key")`: the catalogue's word in the page's language; an unknown key is an error.
fn translate(state: &State, key: &str) -> Result<String, Error> {
    let locale = locale_of(state)?;
    word(key, locale).map(str::to_owned).ok_or_else(|| {
        Error::new(
            ErrorKind::UndefinedError,
            format!("no word for `{key}` in the catalogue"),
        )
    })
}

/// `value|date`: an ISO date (`2026-12-01`) as the page's reader writes it.
fn date(state: &State, value: &str) -> Result<String, Error> {
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|e| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("not a date: {value}: {e}"),
        )
    })?;
    Ok(format_date(day, locale_of(state)?))
}

/// `value|datetime`: a moment stored in UTC (`2026-12-01T06:30:00`, with or without a zone or
/// fraction) in the city's time zone (`tz` of the page) as the reader writes it:
/// 2026年12月1日 14:30 in Chinese, 2026-12-01 14:30 in English.
fn datetime(state: &State, value: &str) -> Result<String, Error> {
    let bad = |e: String| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("not a moment: {value}: {e}"),
        )
    };
    let utc = match chrono::DateTime::parse_from_rfc3339(value) {
        Ok(t) => t.naive_utc(),
        Err(_) => chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S%.f"))
            .map_err(|e| bad(e.to_string()))?,
    };
    let tz: chrono_tz::Tz = state
        .lookup("tz")
        .and_then(|v| v.as_str().map(str::to_owned))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "the page has no `tz`"))?;
    Ok(format_datetime(utc, tz, locale_of(state)?))
}

/// A UTC moment in `tz`, with the date as [`format_date`] writes it and the time as 14:30.
pub fn format_datetime(utc: chrono::NaiveDateTime, tz: chrono_tz::Tz, locale: Locale) -> String {
    let local = utc.and_utc().with_timezone(&tz).naive_local();
    format!(
        "{} {}",
        format_date(local.date(), locale),
        local.format("%H:%M")
    )
}

/// 2026年12月1日 in Chinese, 2026-12-01 in English.
pub fn format_date(day: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Locale::En => day.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(format_date(day, Locale::ZhCn), "2026年12月1日");
        assert_eq!(format_date(day, Locale::En), "2026-12-01");
        let utc = day.and_hms_opt(23, 30, 0).unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(
            format_datetime(utc, tz, Locale::ZhCn),
            "2026年12月2日 07:30"
        );
        assert_eq!(format_datetime(utc, tz, Locale::En), "2026-12-02 07:30");
    }
}
