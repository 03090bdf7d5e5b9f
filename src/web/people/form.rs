//! The person form of both offices, shared by creating a person (`new_person`) and editing one
//! (`edit_person`): the values typed, kept on a refusal; the talent profile as the API takes it;
//! and a refusal of the service turned back into reasons beside their fields.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::office::{Office, Opt, choices, role_words};
use crate::db::users::User;
use crate::domain::choice::Choice;
use crate::domain::ids::UnitId;
use crate::domain::profile::{Education, Gender, ProfileInput, SkillLevel, TitleLevel};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::office_views;
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::{field_reasons, say};
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// The fields of the form that a reason can stand beside.
const FIELDS: &[&str] = &[
    "email",
    "name",
    "roles",
    "unit_id",
    "gender",
    "birth_date",
    "education",
    "title_level",
    "skill_level",
    "specialty",
    "phone",
    "city_work_start_date",
    "id_number",
    "position",
];

/// What the form shows: the values typed (kept on a refusal) and the reasons.
#[derive(Debug, Default, Serialize)]
pub struct PersonForm {
    pub values: BTreeMap<String, String>,
    pub roles: Vec<String>,
    pub from_outside_city: bool,
    pub owns_urban_housing: bool,
    pub errors: BTreeMap<String, String>,
    pub form_error: Option<String>,
}

/// A posted form, field by field (a check box group repeats its name).
pub(super) type Fields = Vec<(String, String)>;

fn value<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
        .trim()
}

impl PersonForm {
    /// The form as it was posted.
    pub(super) fn posted(fields: &Fields) -> Self {
        let mut values = BTreeMap::new();
        for f in FIELDS {
            values.insert((*f).to_owned(), value(fields, f).to_owned());
        }
        Self {
            values,
            roles: fields
                .iter()
                .filter(|(k, _)| k == "roles")
                .map(|(_, v)| v.clone())
                .collect(),
            from_outside_city: !value(fields, "from_outside_city").is_empty(),
            owns_urban_housing: !value(fields, "owns_urban_housing").is_empty(),
            ..Self::default()
        }
    }

    /// The form filled with a person's values, to edit.
    pub(super) fn of(u: &User) -> Self {
        let p = &u.profile;
        let mut values = BTreeMap::new();
        let mut put = |k: &str, v: Option<String>| {
            values.insert(k.to_owned(), v.unwrap_or_default());
        };
        put("email", Some(u.email.clone()));
        put("name", Some(u.name.clone()));
        put("unit_id", u.unit_id.map(|i| i.0.to_string()));
        put("gender", p.gender.map(|v| v.code().to_owned()));
        put("birth_date", p.birth_date.map(|d| d.to_string()));
        put("education", p.education.map(|v| v.code().to_owned()));
        put("title_level", p.title_level.map(|v| v.code().to_owned()));
        put("skill_level", p.skill_level.map(|v| v.code().to_owned()));
        put("specialty", p.specialty.clone());
        put("phone", p.phone.clone());
        put(
            "city_work_start_date",
            p.city_work_start_date.map(|d| d.to_string()),
        );
        put("id_number", p.id_number.clone());
        put("position", p.position.clone());
        Self {
            values,
            roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            from_outside_city: p.from_outside_city,
            owns_urban_housing: p.owns_urban_housing,
            ..Self::default()
        }
    }

    pub(super) fn get(&self, k: &str) -> &str {
        self.values.get(k).map_or("", String::as_str)
    }

    pub(super) fn roles(&self) -> Vec<Role> {
        self.roles.iter().filter_map(|r| r.parse().ok()).collect()
    }

    pub(super) fn unit(&self) -> Option<UnitId> {
        self.get("unit_id").parse::<i64>().ok().map(UnitId)
    }

    /// A choice of a closed set: empty is "not given"; a value outside the set is a reason.
    fn choice<T: Choice>(&mut self, k: &str) -> Option<Option<T>> {
        let raw = self.get(k).to_owned();
        if raw.is_empty() {
            return Some(None);
        }
        match T::from_code(&raw) {
            Some(v) => Some(Some(v)),
            None => {
                self.errors
                    .insert(k.to_owned(), say("people.form.bad_choice"));
                None
            }
        }
    }

    /// A date typed as `YYYY-MM-DD`; anything else is a reason beside it.
    fn date(&mut self, k: &str) -> Option<Option<NaiveDate>> {
        let raw = self.get(k).to_owned();
        if raw.is_empty() {
            return Some(None);
        }
        match raw.parse::<NaiveDate>() {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                self.errors
                    .insert(k.to_owned(), say("people.form.bad_date"));
                None
            }
        }
    }

    fn text(&self, k: &str) -> Option<Option<String>> {
        let v = self.get(k);
        Some((!v.is_empty()).then(|| v.to_owned()))
    }

    /// The profile as the API takes it (every field given, so that a cleared one is cleared).
    pub(super) fn profile(&mut self) -> ProfileInput {
        ProfileInput {
            gender: self.choice::<Gender>("gender"),
            birth_date: self.date("birth_date"),
            education: self.choice::<Education>("education"),
            title_level: self.choice::<TitleLevel>("title_level"),
            skill_level: self.choice::<SkillLevel>("skill_level"),
            specialty: self.text("specialty"),
            phone: self.text("phone"),
            city_work_start_date: self.date("city_work_start_date"),
            from_outside_city: Some(self.from_outside_city),
            owns_urban_housing: Some(self.owns_urban_housing),
            id_number: self.text("id_number"),
            position: self.text("position"),
        }
    }

    /// Puts a refusal of the service beside its fields (`profile.phone` beside `phone`), the
    /// rest above the form.
    pub(super) fn refused(&mut self, e: &AppError) {
        match field_reasons(e) {
            Some(reasons) => {
                for (field, reason) in reasons {
                    let field = field.strip_prefix("profile.").unwrap_or(&field).to_owned();
                    if FIELDS.contains(&field.as_str()) {
                        self.errors.insert(field, reason);
                    } else {
                        self.form_error = Some(reason);
                    }
                }
            }
            None => self.form_error = Some(e.message().localized().to_owned()),
        }
    }
}

/// Renders the create form (`person` is `None`) or the edit form of `person`.
pub(super) async fn render_form(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
    office: Office,
    person: Option<&User>,
    form: PersonForm,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let units = office_views::all_units(state, &session.caller).await?;
    let unit_opts: Vec<Opt> = std::iter::once(Opt::new("", say("people.form.no_unit")))
        .chain(
            units
                .iter()
                .filter(|u| u.active)
                .map(|u| Opt::new(u.id.0.to_string(), u.name.clone())),
        )
        .collect();
    let role_opts: Vec<Opt> = office
        .grantable()
        .iter()
        .map(|r| Opt::new(r.as_str(), role_words(*r)))
        .collect();
    let blank = Some(say("people.form.not_given"));
    let errors: BTreeMap<&str, Option<String>> = FIELDS
        .iter()
        .map(|f| (*f, form.errors.get(*f).cloned()))
        .collect();
    let has_errors = !form.errors.is_empty();
    Frame::signed_in(state, req, session, Some(office.role())).render(
        state,
        status,
        "people/form.html",
        context! {
            base => office.base(),
            city => office == Office::City,
            person => person.map(|p| context! { id => p.id.0, name => p.name.clone() }),
            form => Serde(form),
            errors => Serde(errors),
            has_errors => has_errors,
            role_opts => Serde(role_opts),
            unit_opts => Serde(unit_opts),
            gender_opts => Serde(choices::<Gender>(blank.clone())),
            education_opts => Serde(choices::<Education>(blank.clone())),
            title_opts => Serde(choices::<TitleLevel>(blank.clone())),
            skill_opts => Serde(choices::<SkillLevel>(blank)),
        },
    )
}
