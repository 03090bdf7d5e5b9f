//! 考核结果汇总表: a year's assessment results (one unit's, or the city's), each with its evidence
//! summary: the indicators done against their targets, the hours, the disputed activities, and
//! the suggested and final grades.

use super::{ExportFile, export_scope, limited_unit, read_all, render, scope_ascii, scope_name};
use crate::auth::caller::Caller;
use crate::db::assessments::{self, Assessment, AssessmentFilter};
use crate::domain::assessment::{AssessmentStatus, Evidence};
use crate::domain::ids::AssessmentRoundId;
use crate::domain::sheet::{Cell, Column, FileFormat, Sheet};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::state::AppState;

fn columns() -> Vec<Column> {
    vec![
        Column::number("序号", "No."),
        Column::text("证书编号", "Certificate No."),
        Column::text("姓名", "Name"),
        Column::text("单位", "Unit"),
        Column::text("考核类型", "Kind"),
        Column::date("考核期起", "Period from"),
        Column::date("考核期止", "Period to"),
        Column::text("指标完成情况（完成/目标）", "Indicators (done/target)"),
        Column::number("达标指标数", "Indicators met"),
        Column::number("活动次数", "Activities"),
        Column::number("活动学时", "Hours"),
        Column::number("有异议活动", "Disputed activities"),
        Column::text("系统建议等次", "Suggested grade"),
        Column::text("评定等次", "Grade"),
        Column::text("状态", "Status"),
    ]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn indicators(e: &Evidence) -> String {
    e.indicators
        .iter()
        .map(|i| {
            format!(
                "{} {}/{}",
                i.description,
                round2(i.done_confirmed + i.done_unconfirmed),
                round2(i.pro_rata_target)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[allow(clippy::cast_possible_wrap)]
fn row(i: usize, a: &Assessment, e: &Evidence, locale: Locale) -> Vec<Cell> {
    let grade = |g: Option<crate::domain::assessment::Grade>| {
        Cell::opt_text(g.map(|g| g.label(locale).into_owned()))
    };
    vec![
        Cell::int(i64::try_from(i + 1).unwrap_or(0)),
        Cell::text(a.certificate_no.clone()),
        Cell::text(a.mentor_name.clone()),
        Cell::text(a.unit_name.clone()),
        Cell::text(a.kind.label(locale).into_owned()),
        Cell::Date(a.period_from),
        Cell::Date(a.period_to),
        Cell::text(indicators(e)),
        Cell::int(e.indicators_met as i64),
        Cell::int(e.activities as i64),
        Cell::Number(round2(e.hours)),
        Cell::int(e.disputed_activities as i64),
        grade(Some(a.suggested_grade.unwrap_or(e.suggested_grade))),
        grade(a.grade),
        Cell::text(a.status.label(locale).into_owned()),
    ]
}

/// The round's assessments the caller may see, filtered as the list is, with their evidence, as
/// a file. A handed-in assessment shows the evidence it was handed in with; a draft's is
/// computed now, as its page shows it.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
    filter: AssessmentFilter,
    format: FileFormat,
    locale: Locale,
) -> Result<ExportFile, AppError> {
    let scope = export_scope(caller)?;
    let unit = limited_unit(scope, filter.unit_id);
    let viewer = crate::services::assessments::viewer(caller);
    let thresholds = state.settings.policy.thresholds();
    let (year, units, rows) = state
        .db
        .run(move |c| {
            let r = assessments::find_round(c, round)?;
            let list = read_all(|page| assessments::list(c, round, &filter, viewer, page))?;
            let rows = list
                .into_iter()
                .map(|a| {
                    let e = match &a.evidence_snapshot {
                        Some(e) if a.status != AssessmentStatus::Draft => e.clone(),
                        _ => crate::services::assessments::evidence(c, &a, thresholds)?,
                    };
                    Ok((a, e))
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok((r.year, super::unit_names(c)?, rows))
        })
        .await?;
    let whose = scope_name(&units, unit, locale);
    let year_text = match locale {
        Locale::ZhCn => format!("{year}年度"),
        Locale::En => year.to_string(),
    };
    let mut sheet = Sheet::new(
        Msg::new("考核结果汇总表", "Assessment results"),
        format!("{year_text}　{whose}"),
        state.clock.today(),
        columns(),
    );
    for (i, (a, e)) in rows.iter().enumerate() {
        sheet.push(row(i, a, e, locale));
    }
    let year_ascii = year.to_string();
    render(
        &sheet,
        format,
        locale,
        &["考核结果汇总表", &year_text, &whose],
        &["assessments", &year_ascii, &scope_ascii(unit)],
    )
}
