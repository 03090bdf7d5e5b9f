//! The application form (推荐申报表) as the page sends it: its fields as typed, turned into the
//! service's `NominationForm`, and shown again with a reason beside each field. Only the shape of
//! a value (a date, one of the listed choices) is checked here; every rule of the program is the
//! service's (`services::eligibility_check`, `services::nominations`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::category::TalentCategory;
use crate::domain::choice::Choice;
use crate::domain::ids::UserId;
use crate::domain::profile::{Education, SkillLevel, TitleLevel};
use crate::domain::selection::{FormFields, Honour, HonourLevel, NewCandidate, NominationForm};
use crate::i18n::{self, Locale};
use crate::web::forms::say;

/// The form's fields as typed (every one text, so that nothing typed is a 400 page).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NominationInput {
    pub csrf: String,
    /// What the save button asked: `save` or `submit`.
    pub action: String,
    pub round_id: String,
    /// A person of the unit already known to the service, or "" for a new person.
    pub candidate_id: String,
    pub name: String,
    pub email: String,
    pub category: String,
    pub birth_date: String,
    pub education: String,
    pub title_level: String,
    pub skill_level: String,
    pub specialty: String,
    pub city_work_start_date: String,
    pub from_outside_city: String,
    pub skills_award: String,
    pub achievements: String,
    pub unit_opinion: String,
    pub outstanding_exception: String,
    pub exception_justification: String,
    pub qualification_justification: String,
    /// The honours and awards, one row each (the form sends them as repeated fields).
    #[serde(skip_deserializing)]
    pub honours: Vec<HonourRow>,
}

/// One honour or award as typed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct HonourRow {
    pub name: String,
    pub level: String,
    pub year: String,
}

impl HonourRow {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.level.trim().is_empty() && self.year.trim().is_empty()
    }
}

/// The reasons of a form by field name, in the reader's language.
pub type Errors = BTreeMap<String, String>;

fn choice<T: Choice>(field: &str, value: &str, errors: &mut Errors) -> Option<T> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = T::from_code(v);
    if parsed.is_none() {
        errors.insert(field.to_owned(), say("nominations.form.choose"));
    }
    parsed
}

fn date(field: &str, value: &str, errors: &mut Errors) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = v.parse::<NaiveDate>().ok();
    if parsed.is_none() {
        errors.insert(field.to_owned(), say("nominations.form.bad_date"));
    }
    parsed
}

fn ticked(value: &str) -> bool {
    matches!(value.trim(), "on" | "true" | "1")
}

impl NominationInput {
    /// The form from its fields as sent (`honour_name`, `honour_level` and `honour_year` repeat,
    /// one of each per row; any other field counts once).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut single = serde_json::Map::new();
        let (mut names, mut levels, mut years) = (Vec::new(), Vec::new(), Vec::new());
        for (k, v) in pairs {
            match k.as_str() {
                "honour_name" => names.push(v),
                "honour_level" => levels.push(v),
                "honour_year" => years.push(v),
                _ => {
                    single.entry(k).or_insert(serde_json::Value::String(v));
                }
            }
        }
        let mut input: Self =
            serde_json::from_value(serde_json::Value::Object(single)).unwrap_or_default();
        let rows = names.len().max(levels.len()).max(years.len());
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        input.honours = (0..rows)
            .map(|i| HonourRow {
                name: at(&names, i),
                level: at(&levels, i),
                year: at(&years, i),
            })
            .filter(|r| !r.is_blank())
            .collect();
        input
    }

    /// The honours typed, and the reason of a row whose level or year is not one.
    fn honours(&self, e: &mut Errors) -> Vec<Honour> {
        let mut out = Vec::new();
        for row in &self.honours {
            let level = choice::<HonourLevel>("honours", &row.level, e);
            let year = row.year.trim().parse::<i32>().ok();
            if level.is_none() || year.is_none() {
                e.entry("honours".to_owned())
                    .or_insert_with(|| say("nominations.form.honour_incomplete"));
                continue;
            }
            out.push(Honour {
                name: row.name.clone(),
                level: level.expect("checked"),
                year: year.expect("checked"),
            });
        }
        out
    }

    /// The service's form, and the reasons of the values that are not even of their kind.
    pub fn to_form(&self, with_candidate: bool) -> (NominationForm, Errors) {
        let mut e = Errors::new();
        let existing = match self.candidate_id.trim() {
            "" => None,
            _ if !with_candidate => None,
            id => {
                let parsed = id.parse::<i64>().ok();
                if parsed.is_none() {
                    e.insert("candidate_id".to_owned(), say("nominations.form.choose"));
                }
                parsed
            }
        };
        // A new form leaves a blank text to the person's profile; a saved one is cleared by it.
        let txt = |v: &String| (!with_candidate || !v.trim().is_empty()).then(|| v.clone());
        let form = NominationForm {
            candidate_id: existing.map(UserId),
            new_candidate: (with_candidate && existing.is_none()).then(|| NewCandidate {
                email: self.email.trim().to_owned(),
                name: self.name.trim().to_owned(),
                locale: None,
            }),
            category: choice::<TalentCategory>("category", &self.category, &mut e),
            birth_date: date("birth_date", &self.birth_date, &mut e),
            education: choice::<Education>("education", &self.education, &mut e),
            title_level: choice::<TitleLevel>("title_level", &self.title_level, &mut e),
            skill_level: choice::<SkillLevel>("skill_level", &self.skill_level, &mut e),
            specialty: txt(&self.specialty),
            city_work_start_date: date("city_work_start_date", &self.city_work_start_date, &mut e),
            from_outside_city: Some(ticked(&self.from_outside_city)),
            skills_award: txt(&self.skills_award),
            honours: Some(self.honours(&mut e)),
            achievements: txt(&self.achievements),
            unit_opinion: txt(&self.unit_opinion),
            outstanding_exception: Some(ticked(&self.outstanding_exception)),
            exception_justification: txt(&self.exception_justification),
            qualification_justification: txt(&self.qualification_justification),
        };
        (form, e)
    }

    /// The form as a stored nomination holds it.
    pub fn of_fields(f: &FormFields) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let d = |v: Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
        let b = |v: bool| if v { "on".to_owned() } else { String::new() };
        Self {
            category: f
                .category
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            birth_date: d(f.birth_date),
            education: f
                .education
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            title_level: f
                .title_level
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            skill_level: f
                .skill_level
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            specialty: s(&f.specialty),
            city_work_start_date: d(f.city_work_start_date),
            from_outside_city: b(f.from_outside_city),
            skills_award: s(&f.skills_award),
            achievements: s(&f.achievements),
            unit_opinion: s(&f.unit_opinion),
            outstanding_exception: b(f.outstanding_exception),
            exception_justification: s(&f.exception_justification),
            qualification_justification: s(&f.qualification_justification),
            honours: f
                .honours
                .iter()
                .map(|h| HonourRow {
                    name: h.name.clone(),
                    level: h.level.as_str().to_owned(),
                    year: h.year.to_string(),
                })
                .collect(),
            ..Self::default()
        }
    }
}

/// One option of a select.
#[derive(Serialize)]
pub struct Opt {
    value: String,
    label: String,
}

fn options<T: Choice>(locale: Locale) -> Vec<Opt> {
    let mut all = vec![Opt {
        value: String::new(),
        label: say("nominations.form.pick"),
    }];
    all.extend(T::ALL.iter().map(|v| Opt {
        value: v.code().to_owned(),
        label: v.label(locale).into_owned(),
    }));
    all
}

/// The choices of the form's selects, in the reader's language.
#[derive(Serialize)]
pub struct Choices {
    category: Vec<Opt>,
    education: Vec<Opt>,
    title_level: Vec<Opt>,
    skill_level: Vec<Opt>,
    honour_level: Vec<Opt>,
}

impl Choices {
    pub fn now() -> Self {
        let locale = i18n::current().locale;
        Self {
            category: options::<TalentCategory>(locale),
            education: options::<Education>(locale),
            title_level: options::<TitleLevel>(locale),
            skill_level: options::<SkillLevel>(locale),
            honour_level: options::<HonourLevel>(locale),
        }
    }
}

/// The page's field names for the service's: a new person's name and email are asked as `name`
/// and `email`; an honour's reason falls to the form's line.
pub fn page_field(service_field: &str) -> &str {
    match service_field {
        "new_candidate.name" => "name",
        "new_candidate.email" => "email",
        other if other.starts_with("honours") => "honours",
        other => other,
    }
}

/// The fields the page shows a reason beside; any other reason goes above the form.
pub const FIELDS: &[&str] = &[
    "candidate_id",
    "name",
    "email",
    "category",
    "birth_date",
    "education",
    "title_level",
    "skill_level",
    "specialty",
    "city_work_start_date",
    "skills_award",
    "achievements",
    "unit_opinion",
    "outstanding_exception",
    "exception_justification",
    "qualification_justification",
    "honours",
];

/// Splits a refusal's reasons into those beside a field and the rest (one line above the form).
pub fn place(reasons: BTreeMap<String, String>, errors: &mut Errors) -> Option<String> {
    let mut banner: Option<String> = None;
    for (field, reason) in reasons {
        let f = page_field(&field);
        if FIELDS.contains(&f) {
            errors.entry(f.to_owned()).or_insert(reason);
        } else {
            banner = Some(match banner {
                Some(b) => format!("{b} {reason}"),
                None => reason,
            });
        }
    }
    banner
}

/// The reasons as a template reads them: every field of `fields` present, `None` when it has
/// no reason (the templates are strict about undefined values).
pub fn errors_view(
    errors: &Errors,
    fields: &[&'static str],
) -> BTreeMap<&'static str, Option<String>> {
    fields
        .iter()
        .map(|f| (*f, errors.get(*f).cloned()))
        .collect()
}

/// The nomination form's fields and its file input.
pub const FORM_FIELDS: &[&str] = &[
    "candidate_id",
    "name",
    "email",
    "category",
    "birth_date",
    "education",
    "title_level",
    "skill_level",
    "specialty",
    "city_work_start_date",
    "skills_award",
    "achievements",
    "unit_opinion",
    "outstanding_exception",
    "exception_justification",
    "qualification_justification",
    "honours",
    "files",
];
