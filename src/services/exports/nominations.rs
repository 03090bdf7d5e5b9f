//! 推荐人选名单: a selection round's nominations as the list the units send the city (one unit's,
//! or the whole city's for a city admin), with the facts of the application form.

use chrono::{Datelike, NaiveDate};

use super::{BATCH, ExportFile, export_scope, limited_unit, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::export_reads;
use crate::db::nominations::{self, Nomination, NominationFilter};
use crate::domain::ids::RoundId;
use crate::domain::selection::FormFields;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

/// The list's columns, in the order of the program's notice.
fn columns() -> Vec<Column> {
    vec![
        Column::number("序号", "No."),
        Column::text("姓名", "Name"),
        Column::text("性别", "Gender"),
        Column::date("出生日期", "Date of birth"),
        Column::text("学历", "Education"),
        Column::text("职称或技能等级", "Title or skill level"),
        Column::text("工作单位及职务", "Unit and position"),
        Column::text("人才类别", "Talent category"),
        Column::number("在本市工作年限", "Years in the city"),
        Column::text("主要荣誉和奖项", "Honours and awards"),
        Column::text("状态", "Status"),
    ]
}

/// Whole years from `start` to `on`.
fn years_between(start: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year() - start.year());
    if (on.month(), on.day()) < (start.month(), start.day()) {
        years -= 1;
    }
    years.max(0)
}

/// The title and the skill level, as the form has them (either may be 无).
fn level(form: &FormFields, locale: Locale) -> String {
    let mut parts = Vec::new();
    if let Some(t) = form.title_level.filter(|t| t.as_str() != "none") {
        parts.push(t.label(locale).into_owned());
    }
    if let Some(s) = form.skill_level.filter(|s| s.as_str() != "none") {
        parts.push(s.label(locale).into_owned());
    }
    parts.join("、")
}

/// 工作单位及职务: the unit and the position with a space between (`某某大学 教授`), or
/// whichever of the two is known.
fn unit_and_position(unit: Option<&str>, position: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [unit, position]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn honours(form: &FormFields, locale: Locale) -> String {
    let mut lines: Vec<String> = form
        .honours
        .iter()
        .map(|h| format!("{} {}（{}）", h.year, h.name, h.level.label(locale)))
        .collect();
    if let Some(a) = form.skills_award.as_deref().filter(|a| !a.is_empty()) {
        lines.push(a.to_owned());
    }
    lines.join("\n")
}

/// The round's nominations the caller may see, filtered as the list is, as a file.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    round: RoundId,
    filter: NominationFilter,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let scope = export_scope(caller)?;
    let unit = limited_unit(scope, filter.unit_id);
    let today = state.clock.today();
    let (r, units, rows, people) = state
        .db
        .run(move |c| {
            let r = crate::db::rounds::find(c, round)?;
            let mut rows: Vec<Nomination> = Vec::new();
            loop {
                let after = rows.last().map(|n| n.id);
                let got = nominations::list_forms(c, round, &filter, scope, after, BATCH)?;
                let done = i64::try_from(got.len()).unwrap_or(0) < BATCH;
                rows.extend(got);
                if done {
                    break;
                }
            }
            let ids: Vec<_> = rows.iter().map(|n| n.candidate_id).collect();
            let people = export_reads::person_facts(c, &ids)?;
            Ok((r, super::unit_names(c)?, rows, people))
        })
        .await?;
    let whose = scope_name(&units, unit, locale);
    let mut sheet = Sheet::new(
        Msg::new("推荐人选名单", "Nominated candidates"),
        format!("{}　{whose}", r.name),
        today,
        columns(),
    );
    for (i, n) in rows.iter().enumerate() {
        let f = &n.form;
        let facts = people.get(&n.candidate_id).cloned().unwrap_or_default();
        sheet.push(vec![
            Cell::int(i64::try_from(i + 1).unwrap_or(0)),
            Cell::text(n.candidate_name.clone()),
            Cell::opt_text(facts.gender.map(|g| g.label(locale).into_owned())),
            Cell::opt_date(f.birth_date),
            Cell::opt_text(f.education.map(|e| e.label(locale).into_owned())),
            Cell::text(level(f, locale)),
            Cell::opt_text(unit_and_position(
                units.get(&n.unit_id).map(String::as_str),
                facts.position.as_deref(),
            )),
            Cell::opt_text(f.category.map(|c| c.label(locale).into_owned())),
            f.city_work_start_date
                .map_or(Cell::Empty, |d| Cell::int(years_between(d, today))),
            Cell::text(honours(f, locale)),
            Cell::text(n.status.label(locale).into_owned()),
        ]);
    }
    let round_ascii = format!("round-{}", r.id);
    render(
        &sheet,
        format,
        locale,
        &["推荐人选名单", &r.name, &whose],
        &["nominations", &round_ascii, &scope_ascii(unit)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_the_city_count_whole_years_only() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(years_between(d(2020, 7, 1), d(2026, 6, 30)), 5);
        assert_eq!(years_between(d(2020, 7, 1), d(2026, 7, 1)), 6);
    }

    #[test]
    fn unit_and_position_join_with_a_space_or_stand_alone() {
        assert_eq!(
            unit_and_position(Some("某某大学"), Some("教授")).as_deref(),
            Some("某某大学 教授")
        );
        assert_eq!(
            unit_and_position(Some("某某大学"), None).as_deref(),
            Some("某某大学")
        );
        assert_eq!(unit_and_position(None, None), None);
    }
}
