//! What the assessment rounds add up to: the city's view of a year (counts by grade and unit,
//! outstanding submissions) and a unit's report to the city (每个单位的书面考核报告), as JSON or as
//! a CSV that opens in Excel.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::caller::Caller;
use crate::db::assessments::{self, Assessment, AssessmentRound};
use crate::db::units;
use crate::domain::assessment::{AssessmentStatus, Evidence, Grade};
use crate::domain::csv::Csv;
use crate::domain::ids::{AssessmentRoundId, UnitId};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::sheet::{Cell, Column, Sheet};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

/// One unit's line of a round's summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitSummary {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub total: i64,
    /// Not handed in yet (draft or returned).
    pub outstanding: i64,
    pub submitted: i64,
    pub confirmed: i64,
    /// Confirmed grades.
    pub grades: BTreeMap<String, i64>,
}

/// A round at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundSummary {
    pub round: AssessmentRound,
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    /// Grades of the confirmed assessments.
    pub by_grade: BTreeMap<String, i64>,
    pub units: Vec<UnitSummary>,
}

/// The unit a caller's round-level views are limited to (none: the whole city).
fn unit_limit(caller: &Caller) -> Result<Option<UnitId>, AppError> {
    if caller.is_city_admin() {
        Ok(None)
    } else if let (true, Some(u)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Ok(Some(u))
    } else {
        Err(AppError::NotFound)
    }
}

/// Counts by status, grade and unit: the whole city for the city admin, the own unit for a unit
/// admin.
pub async fn summary(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
) -> Result<RoundSummary, AppError> {
    let limit = unit_limit(caller)?;
    state
        .db
        .run(move |c| {
            let r = assessments::find_round(c, round)?;
            let rows = assessments::counts(c, round, limit)?;
            let mut by_status = BTreeMap::new();
            let mut by_grade = BTreeMap::new();
            let mut per_unit: BTreeMap<UnitId, UnitSummary> = BTreeMap::new();
            for s in AssessmentStatus::ALL {
                by_status.insert(s.as_str().to_owned(), 0);
            }
            for g in Grade::ALL {
                by_grade.insert(g.as_str().to_owned(), 0);
            }
            let mut total = 0;
            for (unit, status, grade, n) in rows {
                total += n;
                *by_status.entry(status.clone()).or_insert(0) += n;
                let u = per_unit.entry(unit).or_insert_with(|| UnitSummary {
                    unit_id: unit,
                    unit_name: String::new(),
                    total: 0,
                    outstanding: 0,
                    submitted: 0,
                    confirmed: 0,
                    grades: Grade::ALL
                        .iter()
                        .map(|g| (g.as_str().to_owned(), 0))
                        .collect(),
                });
                u.total += n;
                match status.as_str() {
                    "draft" | "returned" => u.outstanding += n,
                    "submitted" => u.submitted += n,
                    _ => {
                        u.confirmed += n;
                        if let Some(g) = grade {
                            *u.grades.entry(g.clone()).or_insert(0) += n;
                            *by_grade.entry(g).or_insert(0) += n;
                        }
                    }
                }
            }
            let mut units_out: Vec<UnitSummary> = per_unit.into_values().collect();
            for u in &mut units_out {
                u.unit_name = units::find(c, u.unit_id, Scope::City)?.name;
            }
            Ok(RoundSummary {
                round: r,
                total,
                by_status,
                by_grade,
                units: units_out,
            })
        })
        .await
}

/// One line of a unit's report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportLine {
    #[serde(flatten)]
    pub assessment: Assessment,
    pub evidence: Evidence,
}

/// A unit's assessments of a year, with grades, comments and evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitReport {
    #[schema(value_type = i64)]
    pub round_id: AssessmentRoundId,
    pub year: i32,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub generated_at: DateTime<Utc>,
    pub assessments: Vec<ReportLine>,
}

/// The report of `unit` in `round`; another unit's answers 404 to a unit admin.
pub async fn unit_report(
    state: &AppState,
    caller: &Caller,
    round: AssessmentRoundId,
    unit: UnitId,
) -> Result<UnitReport, AppError> {
    if unit_limit(caller)?.is_some_and(|own| own != unit) {
        return Err(AppError::NotFound);
    }
    let thresholds = state.settings.policy.thresholds();
    let now = state.clock.now();
    state
        .db
        .run(move |c| {
            let r = assessments::find_round(c, round)?;
            let u = units::find(c, unit, Scope::City)?;
            let lines = assessments::of_unit(c, round, unit)?
                .into_iter()
                .map(|a| {
                    let evidence = match &a.evidence_snapshot {
                        Some(e) if a.status != AssessmentStatus::Draft => e.clone(),
                        _ => crate::services::assessments::evidence(c, &a, thresholds)?,
                    };
                    Ok(ReportLine {
                        assessment: a,
                        evidence,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok(UnitReport {
                round_id: r.id,
                year: r.year,
                unit_id: unit,
                unit_name: u.name,
                generated_at: now,
                assessments: lines,
            })
        })
        .await
}

fn grade_name(g: Option<Grade>, locale: Locale) -> String {
    g.map(|g| g.label(locale).into_owned()).unwrap_or_default()
}

/// Each indicator's done against its pro-rata target, with the assessor's comment on it.
fn indicators_text(line: &ReportLine) -> String {
    let (a, e) = (&line.assessment, &line.evidence);
    e.indicators
        .iter()
        .map(|i| {
            let note = a
                .indicator_comments
                .iter()
                .find(|c| c.indicator_id == i.indicator_id)
                .map(|c| format!(" ({})", c.comment))
                .unwrap_or_default();
            format!(
                "{} {}/{}{note}",
                i.description,
                i.done_confirmed + i.done_unconfirmed,
                i.pro_rata_target
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report as CSV, headed in the caller's language: one row per assessment.
pub fn report_csv(r: &UnitReport, locale: Locale) -> String {
    let mut csv = Csv::new();
    let header: [&str; 16] = match locale {
        Locale::ZhCn => [
            "考核编号",
            "年度",
            "类型",
            "证书编号",
            "姓名",
            "考核期起",
            "考核期止",
            "状态",
            "评定等次",
            "系统建议等次",
            "指标完成情况",
            "活动次数",
            "活动学时",
            "有异议活动",
            "平均出勤率",
            "总体评价",
        ],
        Locale::En => [
            "assessment",
            "year",
            "kind",
            "certificate",
            "name",
            "from",
            "to",
            "status",
            "grade",
            "suggested grade",
            "indicators (done/target)",
            "activities",
            "hours",
            "disputed activities",
            "average attendance",
            "overall comment",
        ],
    };
    csv.row(header);
    for line in &r.assessments {
        let a = &line.assessment;
        let e = &line.evidence;
        let indicators = indicators_text(line);
        csv.row([
            a.id.to_string(),
            a.year.to_string(),
            a.kind.label(locale).into_owned(),
            a.certificate_no.clone(),
            a.mentor_name.clone(),
            a.period_from.to_string(),
            a.period_to.to_string(),
            a.status.label(locale).into_owned(),
            grade_name(a.grade, locale),
            grade_name(Some(e.suggested_grade), locale),
            indicators,
            e.activities.to_string(),
            e.hours.to_string(),
            e.disputed_activities.to_string(),
            format!("{:.0}%", e.attendance_rate * 100.0),
            a.overall_comment.clone().unwrap_or_default(),
        ]);
    }
    csv.finish()
}

/// The report as a spreadsheet (`format=xlsx`): the CSV's columns, typed (dates as dates,
/// counts as numbers, the certificate number as text), under a title row naming the unit.
pub fn report_sheet(r: &UnitReport, locale: Locale, today: chrono::NaiveDate) -> Sheet {
    let columns = vec![
        Column::number("考核编号", "assessment"),
        Column::number("年度", "year"),
        Column::text("类型", "kind"),
        Column::text("证书编号", "certificate"),
        Column::text("姓名", "name"),
        Column::date("考核期起", "from"),
        Column::date("考核期止", "to"),
        Column::text("状态", "status"),
        Column::text("评定等次", "grade"),
        Column::text("系统建议等次", "suggested grade"),
        Column::text("指标完成情况", "indicators (done/target)"),
        Column::number("活动次数", "activities"),
        Column::number("活动学时", "hours"),
        Column::number("有异议活动", "disputed activities"),
        Column::number("平均出勤率（%）", "average attendance (%)"),
        Column::text("总体评价", "overall comment"),
    ];
    let mut sheet = Sheet::new(
        crate::i18n::Msg::new("单位考核报告", "Unit assessment report"),
        format!("{}　{}", r.year, r.unit_name),
        today,
        columns,
    );
    for line in &r.assessments {
        let a = &line.assessment;
        let e = &line.evidence;
        sheet.push(vec![
            Cell::int(a.id.0),
            Cell::int(i64::from(a.year)),
            Cell::text(a.kind.label(locale).into_owned()),
            Cell::text(a.certificate_no.clone()),
            Cell::text(a.mentor_name.clone()),
            Cell::Date(a.period_from),
            Cell::Date(a.period_to),
            Cell::text(a.status.label(locale).into_owned()),
            Cell::text(grade_name(a.grade, locale)),
            Cell::text(grade_name(Some(e.suggested_grade), locale)),
            Cell::text(indicators_text(line)),
            Cell::int(i64::try_from(e.activities).unwrap_or(0)),
            Cell::Number(e.hours),
            Cell::int(i64::try_from(e.disputed_activities).unwrap_or(0)),
            Cell::Number((e.attendance_rate * 100.0).round()),
            Cell::opt_text(a.overall_comment.clone()),
        ]);
    }
    sheet
}
