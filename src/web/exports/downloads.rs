//! The download handlers: each reads the list page's own filter names from the query (unknown
//! or malformed values are ignored, as the pages ignore them), and answers the file.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::db::benefits::BenefitFilter;
use crate::db::mentors::MentorFilter;
use crate::db::nominations::NominationFilter;
use crate::domain::ids::{AssessmentRoundId, RoundId, UnitId};
use crate::domain::sheet::FileFormat;
use crate::i18n::Locale;
use crate::routes::exports::export_response;
use crate::services::exports::{self, ExportFile};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::given;
use crate::web::session::SignedIn;

/// A list page's filters and the format, all as text.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub format: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub unit: Option<String>,
    pub unit_id: Option<String>,
    pub q: Option<String>,
    pub round: Option<String>,
    pub grade: Option<String>,
    pub kind: Option<String>,
    pub year: Option<String>,
}

fn parsed<T: std::str::FromStr>(s: &Option<String>) -> Option<T> {
    given(s).and_then(|s| s.parse().ok())
}

impl ExportQuery {
    fn format(&self) -> FileFormat {
        if given(&self.format) == Some("csv") {
            FileFormat::Csv
        } else {
            FileFormat::Xlsx
        }
    }

    fn unit(&self) -> Option<UnitId> {
        parsed::<i64>(&self.unit)
            .or_else(|| parsed(&self.unit_id))
            .map(UnitId)
    }
}

/// The language of the signed-in page.
fn locale() -> Locale {
    crate::i18n::current().locale
}

fn answer(file: Result<ExportFile, crate::error::AppError>) -> Result<HttpResponse, PageError> {
    Ok(export_response(file.map_err(PageError::App)?))
}

/// `GET /exports/nominations/{round}`: the round's 推荐人选名单.
pub async fn get_nominations_export(
    state: web::Data<AppState>,
    session: SignedIn,
    round: web::Path<i64>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    let filter = NominationFilter {
        status: parsed(&query.status),
        category: parsed(&query.category),
        unit_id: query.unit(),
    };
    let round = RoundId(round.into_inner());
    answer(
        exports::nominations::export(
            &state,
            &session.caller,
            round,
            filter,
            query.format(),
            locale(),
        )
        .await,
    )
}

/// `GET /exports/pool`: the mentor pool register.
pub async fn get_pool_export(
    state: web::Data<AppState>,
    session: SignedIn,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    let filter = MentorFilter {
        unit_id: query.unit(),
        category: parsed(&query.category),
        status: parsed(&query.status),
        round_id: parsed::<i64>(&query.round).map(RoundId),
        search: given(&query.q).map(str::to_owned),
    };
    answer(exports::pool::export(&state, &session.caller, filter, query.format(), locale()).await)
}

/// `GET /exports/contracts`: the contract register.
pub async fn get_contracts_export(
    state: web::Data<AppState>,
    session: SignedIn,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    let status = parsed(&query.status);
    answer(
        exports::contracts::export(&state, &session.caller, status, query.format(), locale()).await,
    )
}

/// `GET /exports/assessments/{round}`: the year's 考核结果汇总表.
pub async fn get_assessments_export(
    state: web::Data<AppState>,
    session: SignedIn,
    round: web::Path<i64>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    let filter = crate::db::assessments::AssessmentFilter {
        unit_id: query.unit(),
        status: parsed(&query.status),
        grade: parsed(&query.grade),
        kind: parsed(&query.kind),
    };
    let round = AssessmentRoundId(round.into_inner());
    answer(
        exports::assessments::export(
            &state,
            &session.caller,
            round,
            filter,
            query.format(),
            locale(),
        )
        .await,
    )
}

/// `GET /exports/benefits/{kind}`: the bus-card list, the health-check list, or another kind's.
pub async fn get_benefits_export(
    state: web::Data<AppState>,
    session: SignedIn,
    kind: web::Path<String>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    let kind = kind
        .parse()
        .map_err(|()| PageError::App(crate::error::AppError::NotFound))?;
    let filter = BenefitFilter {
        kind: Some(kind),
        status: parsed(&query.status),
        unit_id: query.unit(),
        ..Default::default()
    };
    answer(
        exports::benefits::export(&state, &session.caller, filter, query.format(), locale()).await,
    )
}

/// `GET /exports/activity-statistics`: the year's activity statistics (this year by default).
pub async fn get_activity_statistics_export(
    state: web::Data<AppState>,
    session: SignedIn,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    use chrono::Datelike;
    let year = parsed(&query.year).unwrap_or_else(|| state.clock.today().year());
    answer(
        exports::activity_statistics::export(
            &state,
            &session.caller,
            year,
            query.unit(),
            query.format(),
            locale(),
        )
        .await,
    )
}
