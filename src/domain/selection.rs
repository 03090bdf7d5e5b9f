//! Selection rounds and nominations (推荐申报表): statuses, the request bodies and their parsing.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::category::TalentCategory;
use super::double_option;
use super::ids::{UnitId, UserId};
use super::profile::{Education, SkillLevel, TitleLevel};
use super::text;
use crate::domain::policy::Policy;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;

text_enum!(
    /// Where a round stands; it only moves forward.
    RoundStatus {
        /// Units nominate.
        Open => "open" ("推荐申报中"),
        /// The committee scores.
        Reviewing => "reviewing" ("评审中"),
        /// The approved candidates are published; objections may be recorded.
        PublicNotice => "public_notice" ("公示中"),
        /// Appointments made.
        Closed => "closed" ("已结束"),
    }
);

impl RoundStatus {
    /// The one status a round may move to from this one.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Open => Some(Self::Reviewing),
            Self::Reviewing => Some(Self::PublicNotice),
            Self::PublicNotice => Some(Self::Closed),
            Self::Closed => None,
        }
    }
}

text_enum!(
    /// Where a nomination stands.
    NominationStatus {
        Draft => "draft" ("草稿"),
        Submitted => "submitted" ("已提交"),
        /// Sent back by the city admin with comments; the unit edits and submits again.
        Returned => "returned" ("已退回"),
        UnderReview => "under_review" ("评审中"),
        Approved => "approved" ("已通过"),
        Rejected => "rejected" ("未通过"),
        /// Taken back by the unit before review.
        Withdrawn => "withdrawn" ("已撤回"),
    }
);

impl NominationStatus {
    /// The unit may still edit the form.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }

    /// Counts against the round's quotas (handed in and not taken back).
    pub fn counts_for_quota(self) -> bool {
        !matches!(self, Self::Draft | Self::Withdrawn)
    }
}

text_enum!(
    /// The level of an honour or award.
    HonourLevel {
        National => "national" ("国家级"),
        AutonomousRegion => "autonomous_region" ("自治区级"),
        City => "city" ("市级"),
    }
);

/// One honour or award on the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Honour {
    pub name: String,
    pub level: HonourLevel,
    pub year: i32,
}

/// A unit's quota in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitQuota {
    pub unit_id: UnitId,
    pub quota: u32,
}

/// A category's quota in a round (across all units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryQuota {
    pub category: TalentCategory,
    pub quota: u32,
}

/// `POST /api/v1/selection-rounds`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoundRequest {
    #[schema(example = "第五届人才培带人选拔")]
    pub name: String,
    /// 2000 to 2100.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// Default: the policy's deadline (30 June) of `year`.
    pub nomination_deadline: Option<NaiveDate>,
    /// Ages are counted on this day. Default: the nomination deadline.
    pub age_reference_date: Option<NaiveDate>,
    /// Instead of the age limit: candidates born before this day are over age.
    pub birth_date_cutoff: Option<NaiveDate>,
    /// 1 to 10. Default: the policy's term (3 years).
    #[schema(minimum = 1, maximum = 10)]
    pub appointment_term_years: Option<u32>,
    /// Scores a nomination needs before it is decided, 1 to 100. Default: the policy's
    /// `review_min_scores` (3).
    #[schema(minimum = 1, maximum = 100)]
    pub min_scores: Option<u32>,
    #[serde(default)]
    pub unit_quotas: Vec<UnitQuota>,
    #[serde(default)]
    pub category_quotas: Vec<CategoryQuota>,
}

/// `PATCH /api/v1/selection-rounds/{id}` while the round is open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRoundRequest {
    pub name: Option<String>,
    pub nomination_deadline: Option<NaiveDate>,
    pub age_reference_date: Option<NaiveDate>,
    /// `null` removes the cut-off (the age limit applies again).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub birth_date_cutoff: Option<Option<NaiveDate>>,
    /// 1 to 10.
    #[schema(minimum = 1, maximum = 10)]
    pub appointment_term_years: Option<u32>,
    /// Scores a nomination needs before it is decided, 1 to 100.
    #[schema(minimum = 1, maximum = 100)]
    pub min_scores: Option<u32>,
    /// Replaces every unit quota.
    pub unit_quotas: Option<Vec<UnitQuota>>,
    /// Replaces every category quota.
    pub category_quotas: Option<Vec<CategoryQuota>>,
}

/// A round's settings, checked.
#[derive(Debug, Clone)]
pub struct RoundSettings {
    pub name: String,
    pub year: i32,
    pub nomination_deadline: NaiveDate,
    pub age_reference_date: NaiveDate,
    pub birth_date_cutoff: Option<NaiveDate>,
    pub appointment_term_years: u32,
    pub min_scores: u32,
    pub unit_quotas: Vec<UnitQuota>,
    pub category_quotas: Vec<CategoryQuota>,
}

fn check_quotas(units: &[UnitQuota], categories: &[CategoryQuota], p: &mut Problems) {
    let mut seen_units: Vec<UnitId> = units.iter().map(|q| q.unit_id).collect();
    seen_units.sort();
    if seen_units.windows(2).any(|w| w[0] == w[1]) {
        p.add(
            "unit_quotas",
            "duplicate",
            Msg::new("同一单位只能设一个名额", "one quota per unit"),
        );
    }
    let mut seen: Vec<&str> = categories.iter().map(|q| q.category.as_str()).collect();
    seen.sort();
    if seen.windows(2).any(|w| w[0] == w[1]) {
        p.add(
            "category_quotas",
            "duplicate",
            Msg::new("同一类别只能设一个名额", "one quota per category"),
        );
    }
    if units
        .iter()
        .map(|q| q.quota)
        .chain(categories.iter().map(|q| q.quota))
        .any(|q| q > 1000)
    {
        p.add(
            "unit_quotas",
            "out_of_range",
            Msg::new("名额不能超过 1000", "a quota is at most 1000"),
        );
    }
}

fn check_dates(s: &RoundSettings, p: &mut Problems) {
    if !(2000..=2100).contains(&s.year) {
        p.add(
            "year",
            "out_of_range",
            Msg::new("年份应在 2000 到 2100 之间", "year must be 2000 to 2100"),
        );
    }
    if s.nomination_deadline.year() != s.year {
        p.add(
            "nomination_deadline",
            "wrong_year",
            Msg::new(
                "推荐截止日期应在本届年份内",
                "the deadline must fall in the round's year",
            ),
        );
    }
    if !(1..=10).contains(&s.appointment_term_years) {
        p.add(
            "appointment_term_years",
            "out_of_range",
            Msg::new("聘期应为 1 到 10 年", "the term must be 1 to 10 years"),
        );
    }
    if !(1..=100).contains(&s.min_scores) {
        p.add(
            "min_scores",
            "out_of_range",
            Msg::new(
                "每个推荐所需的评分数应为 1 到 100",
                "the scores each nomination needs must be 1 to 100",
            ),
        );
    }
}

impl CreateRoundRequest {
    pub fn parse(self, policy: &Policy) -> Result<RoundSettings, AppError> {
        let mut p = Problems::new();
        let name = p.take("name", text::required(&self.name, 100));
        let deadline = self.nomination_deadline.unwrap_or_else(|| {
            policy
                .nomination_deadline
                .in_year(self.year.clamp(2000, 2100))
        });
        let settings = RoundSettings {
            name: name.unwrap_or_default(),
            year: self.year,
            nomination_deadline: deadline,
            age_reference_date: self.age_reference_date.unwrap_or(deadline),
            birth_date_cutoff: self.birth_date_cutoff,
            appointment_term_years: self
                .appointment_term_years
                .unwrap_or(policy.appointment_term_years),
            min_scores: self.min_scores.unwrap_or(policy.review_min_scores),
            unit_quotas: self.unit_quotas,
            category_quotas: self.category_quotas,
        };
        check_dates(&settings, &mut p);
        check_quotas(&settings.unit_quotas, &settings.category_quotas, &mut p);
        p.finish()?;
        Ok(settings)
    }
}

impl UpdateRoundRequest {
    /// Applies the changes on top of the stored settings and checks the result.
    pub fn apply(self, mut s: RoundSettings) -> Result<RoundSettings, AppError> {
        let mut p = Problems::new();
        if let Some(n) = self.name.as_deref()
            && let Some(n) = p.take("name", text::required(n, 100))
        {
            s.name = n;
        }
        if let Some(d) = self.nomination_deadline {
            s.nomination_deadline = d;
        }
        if let Some(d) = self.age_reference_date {
            s.age_reference_date = d;
        }
        if let Some(c) = self.birth_date_cutoff {
            s.birth_date_cutoff = c;
        }
        if let Some(t) = self.appointment_term_years {
            s.appointment_term_years = t;
        }
        if let Some(m) = self.min_scores {
            s.min_scores = m;
        }
        if let Some(q) = self.unit_quotas {
            s.unit_quotas = q;
        }
        if let Some(q) = self.category_quotas {
            s.category_quotas = q;
        }
        check_dates(&s, &mut p);
        check_quotas(&s.unit_quotas, &s.category_quotas, &mut p);
        p.finish()?;
        Ok(s)
    }
}

/// The application form, as sent when a nomination is created or edited. A draft may be
/// incomplete; the eligibility rules run at submission.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationForm {
    /// When the nomination is created: a person of the caller's unit (a current mentee may be
    /// nominated: the second tier). Refused afterwards.
    pub candidate_id: Option<UserId>,
    /// Instead of `candidate_id`, a person not yet known to the service, created in the caller's
    /// unit with the nomination (no role, no invitation until appointed).
    pub new_candidate: Option<NewCandidate>,
    pub category: Option<TalentCategory>,
    pub birth_date: Option<NaiveDate>,
    pub education: Option<Education>,
    pub title_level: Option<TitleLevel>,
    pub skill_level: Option<SkillLevel>,
    pub specialty: Option<String>,
    pub city_work_start_date: Option<NaiveDate>,
    pub from_outside_city: Option<bool>,
    /// A listed skills award (policy `skills_awards`), for high-skill candidates.
    pub skills_award: Option<String>,
    pub honours: Option<Vec<Honour>>,
    pub achievements: Option<String>,
    /// The unit's recommendation opinion (推荐意见).
    pub unit_opinion: Option<String>,
    /// Claims the "particularly outstanding" exception to the age rule.
    pub outstanding_exception: Option<bool>,
    pub exception_justification: Option<String>,
    pub qualification_justification: Option<String>,
}

/// A person created with a nomination.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    pub email: String,
    pub name: String,
    pub locale: Option<crate::i18n::Locale>,
}

/// The stored form fields of a nomination.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct FormFields {
    pub category: Option<TalentCategory>,
    pub birth_date: Option<NaiveDate>,
    pub education: Option<Education>,
    pub title_level: Option<TitleLevel>,
    pub skill_level: Option<SkillLevel>,
    pub specialty: Option<String>,
    pub city_work_start_date: Option<NaiveDate>,
    pub from_outside_city: bool,
    pub skills_award: Option<String>,
    pub honours: Vec<Honour>,
    pub achievements: Option<String>,
    pub unit_opinion: Option<String>,
    pub outstanding_exception: bool,
    pub exception_justification: Option<String>,
    pub qualification_justification: Option<String>,
}

impl NominationForm {
    /// Applies the form on top of `base` (given fields replace stored ones), checking lengths and
    /// dates against `today`.
    pub fn apply(self, mut base: FormFields, today: NaiveDate) -> Result<FormFields, AppError> {
        let mut p = Problems::new();
        macro_rules! copy {
            ($($f:ident),*) => { $(if let Some(v) = self.$f { base.$f = Some(v); })* };
        }
        copy!(
            category,
            education,
            title_level,
            skill_level,
            birth_date,
            city_work_start_date
        );
        macro_rules! text_field {
            ($($f:ident: $max:expr),*) => {
                $(if let Some(v) = self.$f.as_deref() {
                    if let Some(t) = p.take(stringify!($f), text::optional(Some(v), $max)) {
                        base.$f = t;
                    }
                })*
            };
        }
        text_field!(specialty: 100, skills_award: 100);
        macro_rules! long_field {
            ($($f:ident: $max:expr),*) => {
                $(if self.$f.is_some() {
                    if let Some(t) = p.take(stringify!($f), text::long_optional(self.$f.as_deref(), $max)) {
                        base.$f = t;
                    }
                })*
            };
        }
        long_field!(
            achievements: 5000,
            unit_opinion: 2000,
            exception_justification: 2000,
            qualification_justification: 2000
        );
        if let Some(v) = self.from_outside_city {
            base.from_outside_city = v;
        }
        if let Some(v) = self.outstanding_exception {
            base.outstanding_exception = v;
        }
        if let Some(honours) = self.honours {
            if honours.len() > 50 {
                p.add(
                    "honours",
                    "too_many",
                    Msg::new("荣誉最多填写 50 项", "at most 50 honours"),
                );
            }
            for (i, h) in honours.iter().enumerate() {
                if let Err(e) = text::required(&h.name, 200) {
                    p.add(format!("honours[{i}].name"), e.code, e.message);
                }
                if h.year < 1950 || h.year > today.year() {
                    p.add(
                        format!("honours[{i}].year"),
                        "out_of_range",
                        Msg::new("获奖年份不合理", "the year is not plausible"),
                    );
                }
            }
            base.honours = honours
                .into_iter()
                .map(|h| Honour {
                    name: h.name.trim().to_owned(),
                    ..h
                })
                .collect();
        }
        for (field, d) in [
            ("birth_date", base.birth_date),
            ("city_work_start_date", base.city_work_start_date),
        ] {
            if d.is_some_and(|d| d > today) {
                p.add(
                    field,
                    "in_future",
                    Msg::new("不能晚于今天", "must not be in the future"),
                );
            }
        }
        p.finish()?;
        Ok(base)
    }
}

/// A talent category in words, as people read it (the code stays on the wire beside it).
pub fn category_words(category: TalentCategory) -> Msg {
    match category {
        TalentCategory::ProfessionalTechnical => {
            Msg::new("专业技术人才", "professional and technical talent")
        }
        TalentCategory::HighSkill => Msg::new("高技能人才", "high-skill talent"),
        TalentCategory::RuralPractical => Msg::new(
            "农村牧区实用人才",
            "practical talent of farming and pastoral areas",
        ),
        TalentCategory::EquivalentOrHigher => Msg::new(
            "高于或相当于上述层次的人才",
            "talent at or above the levels above",
        ),
        TalentCategory::ApprovedOther => Msg::new(
            "经市委组织部批准的其他人才",
            "other talent approved by the city organization department",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_words_in_both_languages() {
        for c in TalentCategory::ALL {
            let words = category_words(*c);
            assert!(!words.zh.is_empty() && !words.en.is_empty(), "{c}");
            assert!(!words.en.contains('_'), "words, not the code: {c}");
        }
        assert_eq!(category_words(TalentCategory::HighSkill).zh, "高技能人才");
    }

    #[test]
    fn rounds_move_forward_only() {
        assert_eq!(RoundStatus::Open.next(), Some(RoundStatus::Reviewing));
        assert_eq!(RoundStatus::PublicNotice.next(), Some(RoundStatus::Closed));
        assert_eq!(RoundStatus::Closed.next(), None);
    }
}
