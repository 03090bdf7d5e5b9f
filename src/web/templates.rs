//! The page templates (`src/web/templates/`, embedded at build time) in one minijinja environment
//! that refuses undefined values, with the words of the catalogue (`t`) and dates as a reader of
//! the page's language writes them (`date`).

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
    }
}
