//! The talent profile (人才信息) kept for each person: the facts that eligibility and benefits are
//! computed from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::double_option;
use super::id_number::IdNumber;
use super::text;
use crate::error::{FieldError, Problems};

text_enum!(
    /// 性别
    Gender {
        Female => "female" ("女"),
        Male => "male" ("男"),
    }
);

text_enum!(
    /// 学历
    Education {
        BelowBachelor => "below_bachelor" ("本科以下"),
        Bachelor => "bachelor" ("本科"),
        Master => "master" ("硕士研究生"),
        Doctorate => "doctorate" ("博士研究生"),
    }
);

text_enum!(
    /// 专业技术职称
    TitleLevel {
        None => "none" ("无"),
        Junior => "junior" ("初级"),
        Intermediate => "intermediate" ("中级"),
        AssociateSenior => "associate_senior" ("副高级"),
        Senior => "senior" ("正高级"),
    }
);

text_enum!(
    /// 职业技能等级
    SkillLevel {
        None => "none" ("无"),
        JuniorWorker => "junior_worker" ("初级工"),
        IntermediateWorker => "intermediate_worker" ("中级工"),
        SeniorWorker => "senior_worker" ("高级工"),
        Technician => "technician" ("技师"),
        SeniorTechnician => "senior_technician" ("高级技师"),
    }
);

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
    /// 身份证号: 18 characters, checked (GB 11643), unique. Shown to the person, their unit's
    /// admins and city admins only.
    pub id_number: Option<String>,
    /// 职务 (job position), e.g. 教授 or 副主任; the 推荐人选名单 shows it beside the unit.
    pub position: Option<String>,
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
    /// 18 characters (17 digits and a digit or `X`); spaces are dropped, `x` is upper-cased.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, example = "11010119900307002X")]
    pub id_number: Option<Option<String>>,
    /// At most 60 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, example = "教授")]
    pub position: Option<Option<String>>,
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
        if let Some(v) = self.position
            && let Some(s) = p.take("profile.position", text::optional(v.as_deref(), 60))
        {
            out.position = s;
        }
        if let Some(v) = self.id_number
            && let Some(s) = p.take("profile.id_number", id_number(v.as_deref()))
        {
            out.id_number = s;
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
        check_id_against_profile(&out, p);
        out
    }
}

/// An optional ID number, normalised; empty means "not given".
fn id_number(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => IdNumber::parse(s).map(|id| Some(id.as_str().to_owned())),
    }
}

/// Refuses an ID number whose date of birth or gender contradicts the profile's.
fn check_id_against_profile(out: &Profile, p: &mut Problems) {
    let Some(id) = out
        .id_number
        .as_deref()
        .and_then(|s| IdNumber::parse(s).ok())
    else {
        return;
    };
    if let Some(b) = out.birth_date
        && id.birth_date() != Some(b)
    {
        p.add(
            "profile.id_number",
            "id_number_birth_date_mismatch",
            crate::i18n::Msg::new(
                "身份证号中的出生日期与“出生日期”不一致",
                "the date of birth in the ID number differs from the birth date",
            ),
        );
    }
    if let Some(g) = out.gender
        && id.is_male() != (g == Gender::Male)
    {
        p.add(
            "profile.id_number",
            "id_number_gender_mismatch",
            crate::i18n::Msg::new(
                "身份证号中的性别与“性别”不一致",
                "the gender in the ID number differs from the gender",
            ),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
    fn an_id_number_that_contradicts_the_birth_date_or_gender_is_refused() {
        let today = day("2026-11-21");
        let reason = |json: &str| {
            let input: ProfileInput = serde_json::from_str(json).unwrap();
            let mut p = Problems::new();
            input.apply(&Profile::default(), today, &mut p);
            match p.finish() {
                Ok(()) => None,
                Err(AppError::Validation(f)) => Some(f["profile.id_number"].code),
                Err(e) => panic!("{e:?}"),
            }
        };
        assert_eq!(
            reason(
                r#"{"id_number": "11010119900307002x", "birth_date": "1990-03-07", "gender": "female"}"#
            ),
            None
        );
        assert_eq!(
            reason(r#"{"id_number": "11010119900307002X", "birth_date": "1980-05-01"}"#),
            Some("id_number_birth_date_mismatch")
        );
        assert_eq!(
            reason(r#"{"id_number": "11010119900307002X", "gender": "male"}"#),
            Some("id_number_gender_mismatch")
        );
        assert_eq!(
            reason(r#"{"id_number": "11010119900307002"}"#),
            Some("invalid_id_number")
        );
    }

    #[test]
    fn the_id_number_is_stored_upper_case_and_the_position_trimmed() {
        let input: ProfileInput =
            serde_json::from_str(r#"{"id_number": " 11010119900307002x", "position": " 教授 "}"#)
                .unwrap();
        let mut p = Problems::new();
        let out = input.apply(&Profile::default(), day("2026-11-21"), &mut p);
        assert!(p.is_empty());
        assert_eq!(out.id_number.as_deref(), Some("11010119900307002X"));
        assert_eq!(out.position.as_deref(), Some("教授"));
        let long = "长".repeat(61);
        let input: ProfileInput =
            serde_json::from_str(&format!(r#"{{"position": "{long}"}}"#)).unwrap();
        let mut p = Problems::new();
        input.apply(&Profile::default(), day("2026-11-21"), &mut p);
        assert!(!p.is_empty());
    }
}
