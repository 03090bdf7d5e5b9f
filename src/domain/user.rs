//! Users: accounts with roles, a unit, a status and a talent profile.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::ids::UnitId;
use super::role::Role;
use super::text;
use crate::error::{AppError, FieldError, Problems};
use crate::i18n::Locale;

text_enum!(
    /// Where an account stands. Nobody is deleted; deactivation ends every session.
    UserStatus {
        /// Created, has not set a password yet.
        Invited => "invited",
        Active => "active",
        Deactivated => "deactivated",
    }
);

text_enum!(
    /// 性别
    Gender {
        Female => "female",
        Male => "male",
    }
);

text_enum!(
    /// 学历
    Education {
        /// 本科以下
        BelowBachelor => "below_bachelor",
        /// 本科
        Bachelor => "bachelor",
        /// 硕士研究生
        Master => "master",
        /// 博士研究生
        Doctorate => "doctorate",
    }
);

text_enum!(
    /// 专业技术职称
    TitleLevel {
        /// 无
        None => "none",
        /// 初级
        Junior => "junior",
        /// 中级
        Intermediate => "intermediate",
        /// 副高级
        AssociateSenior => "associate_senior",
        /// 正高级
        Senior => "senior",
    }
);

text_enum!(
    /// 职业技能等级
    SkillLevel {
        /// 无
        None => "none",
        /// 初级工
        JuniorWorker => "junior_worker",
        /// 中级工
        IntermediateWorker => "intermediate_worker",
        /// 高级工
        SeniorWorker => "senior_worker",
        /// 技师
        Technician => "technician",
        /// 高级技师
        SeniorTechnician => "senior_technician",
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

/// Deserializes a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The talent profile (人才信息) kept for each person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Profile {
    pub gender: Option<Gender>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<NaiveDate>,
    pub education: Option<Education>,
    pub title_level: Option<TitleLevel>,
    pub skill_level: Option<SkillLevel>,
    /// 专业 / 从事领域.
    pub specialty: Option<String>,
    pub phone: Option<String>,
    /// The day the person started working in the city (来本市工作时间).
    pub city_work_start_date: Option<NaiveDate>,
    /// Brought in from outside the city (市外引进).
    pub from_outside_city: bool,
    /// Owns housing in the urban area (the apartment benefit depends on it).
    pub owns_urban_housing: bool,
}

/// Profile fields in a request. Absent fields are left alone; `null` clears a field.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Gender>)]
    pub gender: Option<Option<Gender>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Education>)]
    pub education: Option<Option<Education>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<TitleLevel>)]
    pub title_level: Option<Option<TitleLevel>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<SkillLevel>)]
    pub skill_level: Option<Option<SkillLevel>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub specialty: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub city_work_start_date: Option<Option<NaiveDate>>,
    pub from_outside_city: Option<bool>,
    pub owns_urban_housing: Option<bool>,
}

impl ProfileInput {
    /// Applies the input on top of `base`, checking each value against `today`.
    pub fn apply(self, base: &Profile, today: NaiveDate, p: &mut Problems) -> Profile {
        let mut out = base.clone();
        if let Some(v) = self.gender {
            out.gender = v;
        }
        if let Some(v) = self.education {
            out.education = v;
        }
        if let Some(v) = self.title_level {
            out.title_level = v;
        }
        if let Some(v) = self.skill_level {
            out.skill_level = v;
        }
        if let Some(v) = self.from_outside_city {
            out.from_outside_city = v;
        }
        if let Some(v) = self.owns_urban_housing {
            out.owns_urban_housing = v;
        }
        if let Some(v) = self.specialty
            && let Some(s) = p.take("profile.specialty", text::optional(v.as_deref(), 100))
        {
            out.specialty = s;
        }
        if let Some(v) = self.phone
            && let Some(s) = p.take("profile.phone", phone(v.as_deref()))
        {
            out.phone = s;
        }
        if let Some(v) = self.birth_date {
            out.birth_date = v;
        }
        if let Some(v) = self.city_work_start_date {
            out.city_work_start_date = v;
        }
        if let Some(b) = out.birth_date {
            if b > today {
                p.add(
                    "profile.birth_date",
                    "in_future",
                    crate::i18n::Msg::new("出生日期不能晚于今天", "must not be in the future"),
                );
            } else if b < today - chrono::Months::new(12 * 120) {
                p.add(
                    "profile.birth_date",
                    "out_of_range",
                    crate::i18n::Msg::new("出生日期不合理", "is more than 120 years ago"),
                );
            }
        }
        if let Some(w) = out.city_work_start_date {
            if w > today {
                p.add(
                    "profile.city_work_start_date",
                    "in_future",
                    crate::i18n::Msg::new(
                        "来本市工作时间不能晚于今天",
                        "must not be in the future",
                    ),
                );
            } else if out.birth_date.is_some_and(|b| w < b) {
                p.add(
                    "profile.city_work_start_date",
                    "before_birth",
                    crate::i18n::Msg::new(
                        "来本市工作时间不能早于出生日期",
                        "must not be before the birth date",
                    ),
                );
            }
        }
        out
    }
}

fn phone(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(s) = text::optional(raw, 20)? else {
        return Ok(None);
    };
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if digits < 5 || !s.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c)) {
        return Err(FieldError::new(
            "invalid_phone",
            "请输入有效的电话号码",
            "must be a phone number (digits, +, - and spaces)",
        ));
    }
    Ok(Some(s))
}

/// `POST /api/v1/users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "zhang.san@example.cn")]
    pub email: String,
    /// Display name, e.g. 张三.
    pub name: String,
    /// At least one role.
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
    pub name: Option<String>,
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
    fn profile_dates_are_checked_against_today() {
        let today = day("2026-11-21");
        let mut p = Problems::new();
        let input = ProfileInput {
            birth_date: Some(Some(day("2026-11-22"))),
            ..Default::default()
        };
        input.apply(&Profile::default(), today, &mut p);
        assert!(!p.is_empty());

        let mut p = Problems::new();
        let input = ProfileInput {
            birth_date: Some(Some(day("1980-05-01"))),
            city_work_start_date: Some(Some(day("1979-01-01"))),
            ..Default::default()
        };
        input.apply(&Profile::default(), today, &mut p);
        let err = p.finish().unwrap_err();
        let AppError::Validation(fields) = err else {
            panic!("expected validation error")
        };
        assert_eq!(fields["profile.city_work_start_date"].code, "before_birth");
    }

    #[test]
    fn a_null_clears_a_profile_field_and_absence_keeps_it() {
        let base = Profile {
            phone: Some("0476-1234567".into()),
            specialty: Some("畜牧".into()),
            ..Default::default()
        };
        let input: ProfileInput = serde_json::from_str(r#"{"phone": null}"#).unwrap();
        let mut p = Problems::new();
        let out = input.apply(&base, day("2026-11-21"), &mut p);
        assert!(p.is_empty());
        assert_eq!(out.phone, None);
        assert_eq!(out.specialty.as_deref(), Some("畜牧"));
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
