//! Users: accounts with roles, a unit, a status and a talent profile.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::double_option;
use super::ids::UnitId;
use super::profile::{Profile, ProfileInput};
use super::role::Role;
use super::text;
use crate::error::{AppError, FieldError, Problems};
use crate::i18n::Locale;

text_enum!(
    /// Where an account stands. Nobody is deleted; deactivation ends every session.
    UserStatus {
        /// Created, has not set a password yet.
        Invited => "invited" ("已邀请"),
        Active => "active" ("正常"),
        Deactivated => "deactivated" ("已停用"),
    }
);

/// An e-mail address, trimmed and lower-cased: addresses are unique case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let invalid = || {
            FieldError::new(
                "invalid_email",
                "请输入有效的邮箱地址",
                "must be a valid e-mail address",
            )
        };
        if s.is_empty() || s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = s.split_once('@').ok_or_else(invalid)?;
        if local.is_empty()
            || domain.contains('@')
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(invalid());
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `POST /api/v1/users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "zhang.san@example.cn")]
    pub email: String,
    /// Display name, e.g. 张三.
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
    /// At least one role.
    #[schema(min_items = 1)]
    pub roles: Vec<Role>,
    /// Required for unit admins, mentors and mentees.
    pub unit_id: Option<UnitId>,
    pub locale: Option<Locale>,
    pub profile: Option<ProfileInput>,
}

/// `PATCH /api/v1/users/{id}`: only the fields given change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: Option<String>,
    /// At least one role.
    #[schema(min_items = 1)]
    pub roles: Option<Vec<Role>>,
    /// `null` takes the user out of any unit (allowed for city admins and reviewers only).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<UnitId>)]
    pub unit_id: Option<Option<UnitId>>,
    pub locale: Option<Locale>,
    pub profile: Option<ProfileInput>,
}

/// A user ready to be stored.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub roles: Vec<Role>,
    pub unit_id: Option<UnitId>,
    pub locale: Locale,
    pub profile: Profile,
}

/// The changes to apply to a user, already checked against `today`.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub unit_id: Option<Option<UnitId>>,
    pub locale: Option<Locale>,
    pub profile: Option<ProfileInput>,
}

/// Sorts, de-duplicates and checks a role list.
fn roles(mut roles: Vec<Role>, p: &mut Problems) -> Vec<Role> {
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        p.add(
            "roles",
            "required",
            crate::i18n::Msg::new("至少选择一个角色", "at least one role is required"),
        );
    }
    roles
}

/// Checks that a unit is given exactly where the roles need one.
pub fn check_unit_for_roles(roles: &[Role], unit: Option<UnitId>, p: &mut Problems) {
    if unit.is_none() && roles.iter().any(|r| r.needs_unit()) {
        p.add(
            "unit_id",
            "required",
            crate::i18n::Msg::new(
                "单位管理员、培带人和培带对象必须属于一个单位",
                "unit admins, mentors and mentees must belong to a unit",
            ),
        );
    }
}

impl CreateUserRequest {
    pub fn parse(self, today: NaiveDate) -> Result<NewUser, AppError> {
        let mut p = Problems::new();
        let email = p.take("email", Email::parse(&self.email));
        let name = p.take("name", text::required(&self.name, 100));
        let roles = roles(self.roles, &mut p);
        check_unit_for_roles(&roles, self.unit_id, &mut p);
        let profile = self
            .profile
            .unwrap_or_default()
            .apply(&Profile::default(), today, &mut p);
        p.finish()?;
        Ok(NewUser {
            email: email.expect("checked"),
            name: name.expect("checked"),
            roles,
            unit_id: self.unit_id,
            locale: self.locale.unwrap_or_default(),
            profile,
        })
    }
}

impl UpdateUserRequest {
    /// Checks the fields that stand alone; the profile is checked against the stored one later.
    pub fn parse(self) -> Result<UserChanges, AppError> {
        let mut p = Problems::new();
        let name = match self.name.as_deref() {
            Some(n) => p.take("name", text::required(n, 100)),
            None => None,
        };
        let roles = self.roles.map(|r| roles(r, &mut p));
        p.finish()?;
        Ok(UserChanges {
            name,
            roles,
            unit_id: self.unit_id,
            locale: self.locale,
            profile: self.profile,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Zhang.San@Example.CN ").unwrap().as_str(),
            "zhang.san@example.cn"
        );
        for bad in [
            "",
            "no-at",
            "a@b",
            "@x.cn",
            "a@@x.cn",
            "a b@x.cn",
            "a@x.cn\r\nBcc: y@z.cn",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn mentors_need_a_unit_and_roles_are_required() {
        let req = CreateUserRequest {
            email: "a@x.cn".into(),
            name: "甲".into(),
            roles: vec![Role::Mentor, Role::Mentor],
            unit_id: None,
            locale: None,
            profile: None,
        };
        let AppError::Validation(f) = req.parse(day("2026-11-21")).unwrap_err() else {
            panic!()
        };
        assert!(f.contains_key("unit_id"));
        let req = CreateUserRequest {
            email: "a@x.cn".into(),
            name: "甲".into(),
            roles: vec![],
            unit_id: Some(UnitId(1)),
            locale: None,
            profile: None,
        };
        let AppError::Validation(f) = req.parse(day("2026-11-21")).unwrap_err() else {
            panic!()
        };
        assert!(f.contains_key("roles"));
    }
}
