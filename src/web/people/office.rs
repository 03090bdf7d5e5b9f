//! What `/unit/people` and `/city/people` share: which office a page serves (its role, its
//! paths, the roles it may hand out) and the choices of its selects in the reader's language.

use serde::Serialize;

use crate::domain::choice::Choice;
use crate::domain::role::Role;
use crate::i18n;

/// The office a people page serves: a unit admin's own unit, or the city admin's every unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    Unit,
    City,
}

impl Office {
    /// The role the page is for.
    pub fn role(self) -> Role {
        match self {
            Self::Unit => Role::UnitAdmin,
            Self::City => Role::CityAdmin,
        }
    }

    /// The office's part of the site (`/unit`, `/city`).
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Unit => "/unit",
            Self::City => "/city",
        }
    }

    /// The list's path; a person's pages are under it.
    pub fn base(self) -> &'static str {
        match self {
            Self::Unit => "/unit/people",
            Self::City => "/city/people",
        }
    }

    /// The roles the office may hand out (the service refuses the others to a unit admin).
    pub fn grantable(self) -> &'static [Role] {
        match self {
            Self::Unit => &[Role::Mentor, Role::Mentee],
            Self::City => &[
                Role::Mentor,
                Role::Mentee,
                Role::UnitAdmin,
                Role::Reviewer,
                Role::CityAdmin,
            ],
        }
    }
}

/// One `<option>` (or check box) of a form.
#[derive(Debug, Clone, Serialize)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub meta: String,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            meta: String::new(),
        }
    }
}

/// Every value of a closed set in the reader's language, after a first blank choice `blank`
/// when given (a filter's "all", a profile's "not given").
pub fn choices<T: Choice>(blank: Option<String>) -> Vec<Opt> {
    let locale = i18n::current().locale;
    blank
        .map(|b| Opt::new("", b))
        .into_iter()
        .chain(T::ALL.iter().map(|v| Opt::new(v.code(), v.label(locale))))
        .collect()
}

/// The words of a role in the reader's language (the catalogue's `role.…`).
pub fn role_words(role: Role) -> String {
    crate::web::forms::say(&format!("role.{}", role.as_str()))
}

/// A value of a closed set in the reader's language.
pub fn words<T: Choice>(v: T) -> String {
    v.label(i18n::current().locale).into_owned()
}
