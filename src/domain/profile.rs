//! The talent profile (人才信息) kept for each person: the facts that eligibility and benefits are
//! computed from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::double_option;
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
}
