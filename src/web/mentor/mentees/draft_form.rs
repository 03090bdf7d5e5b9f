//! The contract's drafting form: what the mentor typed (kept when the service refuses), turned
//! into the service's request, and the service's reasons put back beside the inputs they concern.
//! The five mentees are check boxes named `mentee` (one value per ticked person), each with an
//! optional `justification_<id>`; the indicators are rows `kind_<n>`, `description_<n>`,
//! `target_<n>`, `measure_<n>`, a row left blank is left out.
//!
//! Shared by every drafter: the mentor's `/mentor/contract` and the unit admin's
//! `/unit/contracts/new` and `/unit/contracts/{id}/edit` (the drafter is the caller, the mentor
//! a parameter); both pages include the template `mentor/mentees/_draft_fields.html` with the
//! context [`fields_context`] makes.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use minijinja::context;
use minijinja::value::{Serde, Value};

use crate::auth::caller::Caller;
use crate::db::contracts::Contract;
use crate::domain::contract::{
    IndicatorInput, Measure, MenteeInput, UpdateContractRequest, default_indicators,
};
use crate::domain::ids::UserId;
use crate::domain::indicator::IndicatorKind;
use crate::domain::policy::Policy;
use crate::error::AppError;
use crate::services::contract_drafting::{self, Candidate};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};

/// At most this many indicator rows are read from a form (a guard).
const MAX_ROWS: usize = 30;
/// Blank rows offered under the filled ones, to add indicators without a script.
const BLANK_ROWS: usize = 1;

/// One indicator row as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndicatorRow {
    pub kind: String,
    pub description: String,
    pub target: String,
    pub measure: String,
}

/// Rows to name someone of another unit or specialty by e-mail.
const OTHER_ROWS: usize = 2;

/// Someone of elsewhere named by e-mail, with the reason the rules ask for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OtherRow {
    pub email: String,
    pub justification: String,
}

/// The form as typed (or as the draft or the policy fills it).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftForm {
    pub start_date: String,
    pub cycle_months: String,
    /// The ticked mentees, as the form sends their ids.
    pub chosen: Vec<String>,
    /// Justifications by mentee id.
    pub justifications: BTreeMap<String, String>,
    pub indicators: Vec<IndicatorRow>,
    /// People of elsewhere named by e-mail (`other_email_<k>`, `other_justification_<k>`).
    pub others: Vec<OtherRow>,
}

/// Reasons of one indicator row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RowErrors {
    pub kind: Option<String>,
    pub description: Option<String>,
    pub target: Option<String>,
    pub measure: Option<String>,
}

/// The reasons beside each input, and those that name none (shown above the form).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftErrors {
    pub start_date: Option<String>,
    pub cycle_months: Option<String>,
    pub mentees: Option<String>,
    pub indicators: Option<String>,
    /// Beside a mentee's check box, by id.
    pub mentee: BTreeMap<String, String>,
    /// Beside a mentee's justification, by id.
    pub justification: BTreeMap<String, String>,
    /// By row, in the order the rows are shown (the page passes them beside the rows).
    #[serde(skip)]
    pub rows: BTreeMap<usize, RowErrors>,
    /// Beside an e-mail of the rows naming people of elsewhere, by row.
    #[serde(skip)]
    pub others: BTreeMap<usize, String>,
    pub other: Vec<String>,
}

impl DraftErrors {
    pub fn any(&self) -> bool {
        self.start_date.is_some()
            || self.cycle_months.is_some()
            || self.mentees.is_some()
            || self.indicators.is_some()
            || !self.mentee.is_empty()
            || !self.justification.is_empty()
            || !self.rows.is_empty()
            || !self.others.is_empty()
            || !self.other.is_empty()
    }

    fn row(&mut self, row: usize) -> &mut RowErrors {
        self.rows.entry(row).or_default()
    }
}

/// The request the form makes, with which shown row each sent indicator came from.
pub struct Parsed {
    pub request: UpdateContractRequest,
    pub start_date: NaiveDate,
    pub rows_sent: Vec<usize>,
}

impl DraftForm {
    /// A fresh form: starting on the first day of next month, the policy's shortest cycle and its
    /// indicators.
    pub fn fresh(policy: &Policy, today: NaiveDate) -> Self {
        let next_month = today
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .unwrap_or(today);
        let mut form = Self {
            start_date: next_month.format("%Y-%m-%d").to_string(),
            cycle_months: policy.min_cycle_months.to_string(),
            indicators: default_indicators(policy)
                .into_iter()
                .map(|i| IndicatorRow {
                    kind: i.kind.as_str().to_owned(),
                    description: i.description,
                    target: i.yearly_target.to_string(),
                    measure: i.measure.as_str().to_owned(),
                })
                .collect(),
            ..Self::default()
        };
        form.add_blank_rows();
        form
    }

    /// The form of a draft: its terms as they stand.
    pub fn of_draft(k: &Contract) -> Self {
        let mut form = Self {
            start_date: k.start_date.format("%Y-%m-%d").to_string(),
            cycle_months: k.cycle_months.to_string(),
            chosen: k.mentees.iter().map(|m| m.user_id.to_string()).collect(),
            justifications: k
                .mentees
                .iter()
                .filter_map(|m| m.justification.clone().map(|j| (m.user_id.to_string(), j)))
                .collect(),
            others: Vec::new(),
            indicators: k
                .indicators
                .iter()
                .map(|i| IndicatorRow {
                    kind: i.kind.as_str().to_owned(),
                    description: i.description.clone(),
                    target: i.yearly_target.to_string(),
                    measure: i.measure.as_str().to_owned(),
                })
                .collect(),
        };
        form.add_blank_rows();
        form
    }

    /// The form as posted (`fields` in their order).
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let mut form = Self::default();
        let mut rows: BTreeMap<usize, IndicatorRow> = BTreeMap::new();
        let mut others: BTreeMap<usize, OtherRow> = BTreeMap::new();
        for (name, value) in fields {
            let row_of = |prefix: &str| {
                name.strip_prefix(prefix)
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n < MAX_ROWS)
            };
            match name.as_str() {
                "start_date" => form.start_date = value.trim().to_owned(),
                "cycle_months" => form.cycle_months = value.trim().to_owned(),
                "mentee" => {
                    if !form.chosen.contains(value) {
                        form.chosen.push(value.clone());
                    }
                }
                _ => {
                    let other = |prefix: &str| {
                        name.strip_prefix(prefix)
                            .and_then(|n| n.parse::<usize>().ok())
                            .filter(|n| *n < OTHER_ROWS)
                    };
                    if let Some(k) = other("other_email_") {
                        others.entry(k).or_default().email = value.trim().to_owned();
                    } else if let Some(k) = other("other_justification_") {
                        others.entry(k).or_default().justification = value.clone();
                    } else if let Some(id) = name.strip_prefix("justification_") {
                        form.justifications.insert(id.to_owned(), value.clone());
                    } else if let Some(n) = row_of("kind_") {
                        rows.entry(n).or_default().kind = value.clone();
                    } else if let Some(n) = row_of("description_") {
                        rows.entry(n).or_default().description = value.clone();
                    } else if let Some(n) = row_of("target_") {
                        rows.entry(n).or_default().target = value.trim().to_owned();
                    } else if let Some(n) = row_of("measure_") {
                        rows.entry(n).or_default().measure = value.clone();
                    }
                }
            }
        }
        form.indicators = rows.into_values().collect();
        form.others = others.into_values().collect();
        form
    }

    /// Offers blank rows under the filled ones (indicators, and people named by e-mail).
    pub fn add_blank_rows(&mut self) {
        self.others
            .retain(|o| !o.email.is_empty() || !o.justification.trim().is_empty());
        while self.others.len() < OTHER_ROWS {
            self.others.push(OtherRow::default());
        }
        let blank = self
            .indicators
            .iter()
            .rev()
            .take_while(|r| r.is_blank())
            .count();
        for _ in blank..BLANK_ROWS {
            if self.indicators.len() >= MAX_ROWS {
                break;
            }
            self.indicators.push(IndicatorRow {
                kind: IndicatorKind::Custom.as_str().to_owned(),
                measure: Measure::Count.as_str().to_owned(),
                ..IndicatorRow::default()
            });
        }
    }

    /// The request, or the reasons of what the page itself cannot read (a date that is not one, a
    /// target that is not a whole number).
    pub fn parse(&self) -> Result<Parsed, Box<DraftErrors>> {
        let mut errors = DraftErrors::default();
        let start_date = if self.start_date.is_empty() {
            errors.start_date = Some(say("form.required"));
            None
        } else {
            let d = NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d").ok();
            if d.is_none() {
                errors.start_date = Some(say("mentor.mentees.form.not_a_date"));
            }
            d
        };
        let cycle_months = self.cycle_months.parse::<u32>().ok();
        if cycle_months.is_none() {
            errors.cycle_months = Some(say("mentor.mentees.form.not_a_number"));
        }
        let mut mentees = Vec::new();
        for id in &self.chosen {
            match id.parse::<i64>() {
                Ok(n) => mentees.push(MenteeInput {
                    user_id: UserId(n),
                    justification: self
                        .justifications
                        .get(id)
                        .map(|j| j.trim().to_owned())
                        .filter(|j| !j.is_empty()),
                }),
                Err(_) => errors.mentees = Some(say("mentor.mentees.form.no_such_mentee")),
            }
        }
        let mut indicators = Vec::new();
        let mut rows_sent = Vec::new();
        for (n, row) in self.indicators.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            let kind = row.kind.parse::<IndicatorKind>().ok();
            if kind.is_none() {
                errors.row(n).kind = Some(say("mentor.mentees.form.choose"));
            }
            let measure = row.measure.parse::<Measure>().ok();
            if measure.is_none() {
                errors.row(n).measure = Some(say("mentor.mentees.form.choose"));
            }
            let target = if row.target.is_empty() {
                errors.row(n).target = Some(say("form.required"));
                None
            } else {
                let t = row.target.parse::<u32>().ok();
                if t.is_none() {
                    errors.row(n).target = Some(say("mentor.mentees.form.not_a_number"));
                }
                t
            };
            if let (Some(kind), Some(measure), Some(yearly_target)) = (kind, measure, target) {
                indicators.push(IndicatorInput {
                    kind,
                    description: row.description.clone(),
                    yearly_target,
                    measure: Some(measure),
                });
                rows_sent.push(n);
            }
        }
        match (start_date, cycle_months) {
            (Some(start_date), Some(cycle_months)) if !errors.any() => Ok(Parsed {
                request: UpdateContractRequest {
                    start_date: Some(start_date),
                    cycle_months: Some(cycle_months),
                    mentees: Some(mentees),
                    indicators: Some(indicators),
                },
                start_date,
                rows_sent,
            }),
            _ => Err(Box::new(errors)),
        }
    }
}

impl IndicatorRow {
    fn is_blank(&self) -> bool {
        self.description.trim().is_empty() && self.target.trim().is_empty()
    }
}

/// The service's refusal beside the inputs it names; `None` when it names no field at all (then
/// the page shows the refusal as it is).
pub fn show_refusal(err: &AppError, sent: &Parsed) -> Option<DraftErrors> {
    let reasons = field_reasons(err)?;
    let mentees = sent.request.mentees.as_deref().unwrap_or_default();
    let mut errors = DraftErrors::default();
    for (field, reason) in reasons {
        if place(&mut errors, &field, &reason, mentees, &sent.rows_sent).is_none() {
            errors.other.push(reason);
        }
    }
    Some(errors)
}

/// Puts one reason beside its input; `None` when the page has no such input.
fn place(
    errors: &mut DraftErrors,
    field: &str,
    reason: &str,
    mentees: &[MenteeInput],
    rows_sent: &[usize],
) -> Option<()> {
    let reason = Some(reason.to_owned());
    match field {
        "start_date" => errors.start_date = reason,
        "cycle_months" => errors.cycle_months = reason,
        "mentees" => errors.mentees = reason,
        "indicators" => errors.indicators = reason,
        _ => {
            let (list, rest) = field.split_once('[')?;
            let (index, sub) = rest.split_once(']')?;
            let index: usize = index.parse().ok()?;
            match (list, sub) {
                ("mentees", ".justification") => {
                    let id = mentees.get(index)?.user_id.to_string();
                    errors.justification.insert(id, reason?);
                }
                ("mentees", _) => {
                    let id = mentees.get(index)?.user_id.to_string();
                    errors.mentee.insert(id, reason?);
                }
                ("indicators", sub) => {
                    let row = errors.row(*rows_sent.get(index)?);
                    match sub {
                        ".description" => row.description = reason,
                        ".yearly_target" => row.target = reason,
                        ".measure" => row.measure = reason,
                        _ => row.kind = reason,
                    }
                }
                _ => return None,
            }
        }
    }
    Some(())
}

/// A `{value, label}` of a select.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

/// A person offered as a mentee, as the form shows them.
#[derive(Serialize)]
pub struct CandidateView {
    pub id: String,
    pub name: String,
    pub meta: String,
    /// Of the mentor's unit or specialty (no justification needed).
    pub near: bool,
    pub ticked: bool,
    pub justification: String,
    pub error: Option<String>,
    pub justification_error: Option<String>,
}

/// One person the page offers: id, name, "unit · specialty", near the mentor.
pub type Offered = (String, String, String, bool);

/// "红山区 · 设施农业" from what is known of a person.
pub fn meta_of(p: &Candidate) -> String {
    [p.unit_name.as_deref(), p.specialty.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A candidate as offered.
pub fn offered(p: &Candidate) -> Offered {
    (p.user_id.to_string(), p.name.clone(), meta_of(p), p.near)
}

/// The people offered (the first of each id counts), ticked and with their reasons as the form
/// and `errors` have them; the reasons shown beside them are taken out of `errors`.
pub fn people_of(
    form: &DraftForm,
    errors: &mut DraftErrors,
    offered: impl IntoIterator<Item = Offered>,
) -> Vec<CandidateView> {
    let mut people: Vec<CandidateView> = Vec::new();
    for (id, name, meta, near) in offered {
        if people.iter().any(|p| p.id == id) {
            continue;
        }
        people.push(CandidateView {
            ticked: form.chosen.contains(&id),
            justification: form.justifications.get(&id).cloned().unwrap_or_default(),
            error: errors.mentee.remove(&id),
            justification_error: errors.justification.remove(&id),
            id,
            name,
            meta,
            near,
        });
    }
    people
}

/// The lines above the form: `banner`, the reasons about people the page does not show, those
/// naming no input, or "fix the marked fields".
pub fn above_of(banner: Option<String>, errors: &mut DraftErrors) -> Vec<String> {
    let mut above: Vec<String> = banner.into_iter().collect();
    above.extend(errors.mentee.values().cloned());
    above.extend(errors.justification.values().cloned());
    above.append(&mut errors.other);
    if above.is_empty() && errors.any() {
        above.push(say("form.fix"));
    }
    above
}

/// What `_draft_fields.html` reads: the form, its reasons, the people, the choices.
pub fn fields_context(
    policy: &Policy,
    form: &DraftForm,
    errors: &DraftErrors,
    people: &[CandidateView],
) -> Value {
    let others_open = people
        .iter()
        .any(|p| !p.near && (p.ticked || p.justification_error.is_some()))
        || form.others.iter().any(|o| !o.email.is_empty())
        || !errors.others.is_empty();
    let other_errors: Vec<Option<String>> = (0..form.others.len())
        .map(|k| errors.others.get(&k).cloned())
        .collect();
    let row_errors: Vec<RowErrors> = (0..form.indicators.len())
        .map(|n| errors.rows.get(&n).cloned().unwrap_or_default())
        .collect();
    context! {
        form => Serde(form),
        errors => Serde(errors),
        row_errors => Serde(&row_errors),
        other_errors => Serde(&other_errors),
        near => people.iter().filter(|p| p.near).count(),
        people => Serde(people),
        others_open => others_open,
        needed => policy.mentees_per_contract,
        cycles => Serde(cycles(policy.min_cycle_months, policy.max_cycle_months)),
        kinds => Serde(kinds()),
        measures => Serde(measures()),
    }
}

/// The cycles the policy allows, in months, with their length in years.
fn cycles(min: u32, max: u32) -> Vec<Choice> {
    (min..=max)
        .map(|m| Choice {
            value: m.to_string(),
            label: say("mentor.mentees.form.months").replace("{n}", &m.to_string()),
        })
        .collect()
}

fn kinds() -> Vec<Choice> {
    IndicatorKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_owned(),
            label: say(&format!("mentor.mentees.kind.{}", k.as_str())),
        })
        .collect()
}

fn measures() -> Vec<Choice> {
    Measure::ALL
        .iter()
        .map(|m| Choice {
            value: m.as_str().to_owned(),
            label: say(&format!("mentor.mentees.measure.{}", m.as_str())),
        })
        .collect()
}

/// Turns the people named by e-mail into ticked mentees with their reasons, for `caller`
/// drafting `mentor`'s contract; the reason beside each e-mail that names no free mentee. Gives
/// the people found.
pub async fn resolve_others(
    state: &AppState,
    caller: &Caller,
    mentor: UserId,
    form: &mut DraftForm,
    errors: &mut DraftErrors,
) -> Result<Vec<Candidate>, PageError> {
    let mut found = Vec::new();
    for (k, row) in form.others.iter_mut().enumerate() {
        if row.email.is_empty() {
            if !row.justification.trim().is_empty() {
                errors.others.insert(k, say("form.required"));
            }
            continue;
        }
        match contract_drafting::free_mentee_for(state, caller.clone(), mentor, &row.email).await? {
            Some(person) => {
                let id = person.user_id.to_string();
                if !form.chosen.contains(&id) {
                    form.chosen.push(id.clone());
                }
                form.justifications
                    .insert(id, std::mem::take(&mut row.justification));
                row.email.clear();
                found.push(person);
            }
            None => {
                errors
                    .others
                    .insert(k, say("mentor.mentees.form.no_free_mentee"));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_posted_form_keeps_its_ticks_and_leaves_blank_rows_out() {
        let form = DraftForm::from_fields(&fields(&[
            ("start_date", "2027-01-01"),
            ("cycle_months", "30"),
            ("mentee", "7"),
            ("mentee", "9"),
            ("justification_9", " 同一课题组 "),
            ("kind_0", "lecture"),
            ("description_0", "专题讲座"),
            ("target_0", "4"),
            ("measure_0", "count"),
            ("kind_1", "custom"),
            ("description_1", ""),
            ("target_1", ""),
            ("measure_1", "count"),
        ]));
        assert_eq!(form.chosen, ["7", "9"]);
        let parsed = form.parse().map_err(|_| "refused").unwrap();
        let mentees = parsed.request.mentees.unwrap();
        assert_eq!(mentees[1].justification.as_deref(), Some("同一课题组"));
        assert_eq!(mentees[0].justification, None);
        assert_eq!(parsed.request.indicators.unwrap().len(), 1);
        assert_eq!(parsed.rows_sent, [0]);
    }

    #[test]
    fn what_the_page_cannot_read_is_marked_beside_its_input() {
        let form = DraftForm::from_fields(&fields(&[
            ("start_date", "2027-13-01"),
            ("cycle_months", "24"),
            ("kind_0", "lecture"),
            ("description_0", "专题讲座"),
            ("target_0", "four"),
            ("measure_0", "count"),
        ]));
        let errors = form.parse().err().unwrap();
        assert!(errors.start_date.is_some());
        assert!(errors.rows[&0].target.is_some());
    }

    #[test]
    fn the_service_reasons_go_beside_the_mentee_and_the_row_they_name() {
        let form = DraftForm::from_fields(&fields(&[
            ("start_date", "2027-01-01"),
            ("cycle_months", "24"),
            ("mentee", "7"),
            ("mentee", "9"),
            ("kind_0", "custom"),
            ("description_0", ""),
            ("target_0", ""),
            ("measure_0", "count"),
            ("kind_1", "lecture"),
            ("description_1", "讲座"),
            ("target_1", "5000"),
            ("measure_1", "count"),
        ]));
        let parsed = form.parse().map_err(|_| "refused").unwrap();
        let mut p = crate::error::Problems::new();
        let msg = |s: &'static str| crate::i18n::Msg::new(s, s);
        p.add("mentees[1].justification", "required", msg("说明理由"));
        p.add("indicators[0].yearly_target", "out_of_range", msg("范围"));
        p.add("mentor_entry_id", "not_active", msg("不在聘期"));
        let err = p.finish().err().unwrap();
        let errors = show_refusal(&err, &parsed).unwrap();
        assert_eq!(errors.justification["9"], "说明理由");
        assert_eq!(errors.rows[&1].target.as_deref(), Some("范围"));
        assert_eq!(errors.other, ["不在聘期"]);
    }
}
