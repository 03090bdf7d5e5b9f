//! What the benefits pages share: a benefit as a row, the kinds and statuses as choices, dates
//! typed in a form, and a service's refusal split into reasons beside fields and a line above.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::db::benefits::Benefit;
use crate::domain::benefit::{BenefitKind, BenefitStatus};
use crate::domain::ids::BenefitId;
use crate::error::AppError;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};

/// Every kind, in the order the pages list them.
pub const KINDS: [BenefitKind; 7] = [
    BenefitKind::HealthCheck,
    BenefitKind::BusCard,
    BenefitKind::Apartment,
    BenefitKind::RecuperationLeave,
    BenefitKind::TrainingClass,
    BenefitKind::StudyTour,
    BenefitKind::Commendation,
];

/// Every status, in the order of a benefit's life.
pub const STATUSES: [BenefitStatus; 6] = [
    BenefitStatus::Applied,
    BenefitStatus::Approved,
    BenefitStatus::Declined,
    BenefitStatus::Issued,
    BenefitStatus::Expired,
    BenefitStatus::Revoked,
];

/// The words of a kind.
pub fn kind_word(k: BenefitKind) -> String {
    say(&format!("mentor.record.benefit.{}", k.as_str()))
}

/// The words of a status.
pub fn status_word(s: BenefitStatus) -> String {
    say(&format!("mentor.record.benefit_status.{}", s.as_str()))
}

/// The chip's tone of a status.
pub fn tone(s: BenefitStatus) -> &'static str {
    match s {
        BenefitStatus::Applied => "wait",
        BenefitStatus::Approved => "info",
        BenefitStatus::Issued => "ok",
        BenefitStatus::Declined | BenefitStatus::Revoked => "bad",
        BenefitStatus::Expired => "",
    }
}

/// A choice of a select.
#[derive(Debug, Serialize, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// "All" then every kind.
pub fn kind_choices() -> Vec<Choice> {
    std::iter::once(Choice {
        value: String::new(),
        label: say("benefits.filter.all"),
    })
    .chain(KINDS.iter().map(|k| Choice {
        value: k.as_str().to_owned(),
        label: kind_word(*k),
    }))
    .collect()
}

/// "All" then every status.
pub fn status_choices() -> Vec<Choice> {
    std::iter::once(Choice {
        value: String::new(),
        label: say("benefits.filter.all"),
    })
    .chain(STATUSES.iter().map(|s| Choice {
        value: s.as_str().to_owned(),
        label: status_word(*s),
    }))
    .collect()
}

/// A benefit as a row of a list.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: BenefitId,
    pub kind: &'static str,
    pub kind_label: String,
    pub status: &'static str,
    pub status_label: String,
    pub tone: &'static str,
    pub mentor: String,
    /// The mentor's unit, on the city's list of every unit's benefits (none elsewhere).
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub note: Option<String>,
    pub decision_reason: Option<String>,
    pub card_number: Option<String>,
    pub room: Option<String>,
    pub checked_on: Option<NaiveDate>,
    pub institution: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub place: Option<String>,
    pub attended: Option<bool>,
    pub title: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub return_by: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub issued_at: Option<DateTime<Utc>>,
}

/// The row of `b`.
pub fn row(b: &Benefit) -> Row {
    Row {
        id: b.id,
        kind: b.kind.as_str(),
        kind_label: kind_word(b.kind),
        status: b.status.as_str(),
        status_label: status_word(b.status),
        tone: tone(b.status),
        mentor: b.mentor_name.clone(),
        unit: None,
        year: b.year,
        note: b.note.clone(),
        decision_reason: b.decision_reason.clone(),
        card_number: b.details.card_number.clone(),
        room: b.details.room.clone(),
        checked_on: b.details.checked_on,
        institution: b.details.institution.clone(),
        starts_on: b.details.starts_on,
        ends_on: b.details.ends_on,
        place: b.details.place.clone(),
        attended: b.details.attended,
        title: b.details.title.clone(),
        valid_from: b.valid_from,
        valid_until: b.valid_until,
        end_reason: b
            .end_reason_label
            .as_ref()
            .map(|l| l.0.localized().to_owned()),
        return_by: b.return_by,
        created_at: b.created_at,
        issued_at: b.issued_at,
    }
}

/// Reasons beside fields, by field name.
pub type Errors = BTreeMap<String, String>;

/// A date typed in a form (`2027-03-01`): none when blank; a reason beside `field` when not a
/// date.
pub fn date_field(value: &str, field: &str, errors: &mut Errors) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(field.to_owned(), say("benefits.form.bad_date"));
            None
        }
    }
}

/// Text typed in a form: none when blank.
pub fn text_field(value: &str) -> Option<String> {
    (!value.trim().is_empty()).then(|| value.trim().to_owned())
}

/// The reasons of a service's refusal: those naming one of `fields` go beside it, the rest in the
/// line above the form. Anything but a refusal of the input is the page's error.
pub fn refusal(e: AppError, fields: &[&str]) -> Result<(Errors, Option<String>), PageError> {
    match e {
        AppError::Validation(_) | AppError::Conflict { .. } => {
            let mut errors = Errors::new();
            let mut banner = None;
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                let field = if field == "mentor_entry_id" {
                    "mentor".to_owned()
                } else {
                    field
                };
                if fields.contains(&field.as_str()) {
                    errors.insert(field, reason);
                } else {
                    banner = Some(reason);
                }
            }
            if errors.is_empty() && banner.is_none() {
                banner = Some(e.message().localized().to_owned());
            }
            Ok((errors, banner))
        }
        e => Err(PageError::App(e)),
    }
}

/// `errors` with an entry for each of `fields` (none where there is no reason), for a template
/// that reads each field's reason.
pub fn every_field(errors: &Errors, fields: &[&str]) -> BTreeMap<String, Option<String>> {
    fields
        .iter()
        .map(|f| ((*f).to_owned(), errors.get(*f).cloned()))
        .chain(errors.iter().map(|(k, v)| (k.clone(), Some(v.clone()))))
        .collect()
}
