//! What the round pages share: a round as they show it (its status, settings and quotas in the
//! reader's words), reading a posted form's fields, and turning a service's refusal into the
//! reasons beside a form's fields and the one line above it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::rounds::Round;
use crate::domain::category::TalentCategory;
use crate::domain::ids::{RoundId, UnitId};
use crate::domain::selection::category_words;
use crate::error::AppError;
use crate::i18n;
use crate::web::errors::PageError;
use crate::web::forms::field_reasons;

/// A category's code and its words in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Choice {
    pub value: String,
    pub label: String,
    /// A line under the label (check boxes); empty for none.
    pub meta: String,
}

/// The categories as a select's or a group of check boxes' options.
pub(super) fn category_choices() -> Vec<Choice> {
    TalentCategory::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_owned(),
            label: category_label(*c),
            meta: String::new(),
        })
        .collect()
}

/// A category in the reader's words.
pub(super) fn category_label(c: TalentCategory) -> String {
    category_words(c).get(i18n::current().locale).to_owned()
}

/// One quota as the pages show it.
#[derive(Debug, Serialize)]
pub(super) struct QuotaView {
    pub label: String,
    pub quota: u32,
}

/// A round as its pages show it.
#[derive(Debug, Serialize)]
pub(super) struct RoundView {
    pub id: RoundId,
    pub name: String,
    pub year: i32,
    pub status: &'static str,
    /// The status it moves to next, if any.
    pub next: Option<&'static str>,
    pub nomination_deadline: NaiveDate,
    pub age_reference_date: NaiveDate,
    pub birth_date_cutoff: Option<NaiveDate>,
    pub appointment_term_years: i32,
    pub min_scores: i32,
    pub notice_starts_on: Option<NaiveDate>,
    pub notice_ends_on: Option<NaiveDate>,
    pub unit_quotas: Vec<QuotaView>,
    pub category_quotas: Vec<QuotaView>,
}

/// The view of `r`; `units` names the units of its quotas.
pub(super) fn round_view(r: &Round, units: &HashMap<UnitId, String>) -> RoundView {
    RoundView {
        id: r.id,
        name: r.name.clone(),
        year: r.year,
        status: r.status.as_str(),
        next: r.status.next().map(|s| s.as_str()),
        nomination_deadline: r.nomination_deadline,
        age_reference_date: r.age_reference_date,
        birth_date_cutoff: r.birth_date_cutoff,
        appointment_term_years: r.appointment_term_years,
        min_scores: r.min_scores,
        notice_starts_on: r.notice_starts_on,
        notice_ends_on: r.notice_ends_on,
        unit_quotas: r
            .unit_quotas
            .iter()
            .map(|q| QuotaView {
                label: units.get(&q.unit_id).cloned().unwrap_or_default(),
                quota: q.quota,
            })
            .collect(),
        category_quotas: r
            .category_quotas
            .iter()
            .map(|q| QuotaView {
                label: category_label(q.category),
                quota: q.quota,
            })
            .collect(),
    }
}

/// A posted form's fields, in order.
pub(super) struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `name` (check boxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// A refusal as a form shows it: the reasons by field (`known` fields only) and a line above
/// the form for the rest. Anything but a refusal of the input (404, 403, 500) stays the error it
/// is.
pub(super) fn refusal(
    err: AppError,
    known: &[&str],
) -> Result<(BTreeMap<String, String>, Option<String>), PageError> {
    match err {
        e @ (AppError::Validation(_) | AppError::Conflict { .. }) => {
            let mut fields = BTreeMap::new();
            let mut banner = None;
            for (field, reason) in field_reasons(&e).unwrap_or_default() {
                if known.contains(&field.as_str()) {
                    fields.insert(field, reason);
                } else {
                    banner = Some(reason);
                }
            }
            if fields.is_empty() && banner.is_none() {
                banner = Some(e.message().localized().to_owned());
            }
            Ok((fields, banner))
        }
        e => Err(PageError::App(e)),
    }
}

/// The units of the quotas by id.
pub(super) fn unit_map(units: Vec<(UnitId, String)>) -> HashMap<UnitId, String> {
    units.into_iter().collect()
}

/// Every one of `fields` with its entry of `map` or nothing, so that a template may name each
/// field (the templates treat a missing key as an error).
pub(super) fn every_field(
    map: &BTreeMap<String, String>,
    fields: &[&str],
) -> BTreeMap<String, Option<String>> {
    let mut out: BTreeMap<String, Option<String>> = fields
        .iter()
        .map(|f| ((*f).to_owned(), map.get(*f).cloned()))
        .collect();
    for (k, v) in map {
        out.entry(k.clone()).or_insert_with(|| Some(v.clone()));
    }
    out
}
