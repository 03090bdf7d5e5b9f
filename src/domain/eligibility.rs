//! Who may be nominated (`docs/program-rules.md`, "Eligibility"): the hard rules that refuse a
//! nomination at submission, and the soft ones that only warn the reviewers and ask for a
//! justification. Pure functions of the candidate, the round and the policy; ages and years are
//! counted exactly on dates (a birthday or anniversary on the reference date counts).

use chrono::{Datelike, NaiveDate};

use super::category::TalentCategory;
use super::profile::{Education, SkillLevel, TitleLevel};
use crate::error::Problems;
use crate::i18n::Msg;

/// Whole years from `from` to `on` (0 if `on` is earlier): an age, or years of service.
pub fn whole_years(from: NaiveDate, on: NaiveDate) -> u32 {
    if on < from {
        return 0;
    }
    let mut years = on.year() - from.year();
    if (on.month(), on.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// What the rules look at in a nomination.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub category: Option<TalentCategory>,
    pub birth_date: Option<NaiveDate>,
    pub city_work_start_date: Option<NaiveDate>,
    pub education: Option<Education>,
    pub title_level: Option<TitleLevel>,
    pub skill_level: Option<SkillLevel>,
    /// A listed skills award (policy `skills_awards`) the candidate holds.
    pub skills_award: Option<String>,
    /// The "particularly outstanding" exception to the age rule is claimed.
    pub outstanding_exception: bool,
    pub exception_justification: Option<String>,
    /// Why a candidate below the usual degree, title or skill level is nominated.
    pub qualification_justification: Option<String>,
}

/// The round's and the policy's numbers.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Age is counted on this day.
    pub reference_date: NaiveDate,
    /// If set, candidates born before this day are over age.
    pub birth_date_cutoff: Option<NaiveDate>,
    pub max_age: u32,
    pub min_years_in_city: u32,
    pub skills_awards: Vec<String>,
}

/// A soft rule the candidate does not meet: shown to the reviewers with the justification.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|t| !t.trim().is_empty())
}

fn problem(p: &mut Problems, field: &str, code: &'static str, zh: String, en: String) {
    p.add(field, code, Msg::new(zh, en));
}

/// Checks a nomination at submission: `Err` lists every refusal by field; `Ok` gives the warnings
/// the reviewers will see.
pub fn check(c: &Candidate, r: &Rules) -> Result<Vec<Warning>, Problems> {
    let mut p = Problems::new();
    let mut warnings = Vec::new();
    if c.category.is_none() {
        problem(
            &mut p,
            "category",
            "required",
            "请选择人才类别".into(),
            "choose a talent category".into(),
        );
    }
    match c.city_work_start_date {
        None => problem(
            &mut p,
            "city_work_start_date",
            "required",
            "请填写来本市工作时间".into(),
            "the date the candidate started working in the city is required".into(),
        ),
        Some(start) if whole_years(start, r.reference_date) < r.min_years_in_city => problem(
            &mut p,
            "city_work_start_date",
            "too_few_years_in_city",
            format!("在本市工作不满 {} 年，不符合推荐条件", r.min_years_in_city),
            format!(
                "has worked in the city for fewer than {} years on {}",
                r.min_years_in_city, r.reference_date
            ),
        ),
        Some(_) => {}
    }
    match c.birth_date {
        None => problem(
            &mut p,
            "birth_date",
            "required",
            "请填写出生日期".into(),
            "the birth date is required".into(),
        ),
        Some(born) => {
            let over_age = whole_years(born, r.reference_date) > r.max_age;
            let before_cutoff = r.birth_date_cutoff.is_some_and(|cut| born < cut);
            if (over_age || before_cutoff) && !c.outstanding_exception {
                let (zh, en) = match (before_cutoff, r.birth_date_cutoff) {
                    (true, Some(cut)) => (
                        format!("出生日期早于 {cut}，超过年龄要求；特别优秀者可申请破格并说明理由"),
                        format!(
                            "born before {cut}; only the \"particularly outstanding\" exception, with a justification, allows it"
                        ),
                    ),
                    _ => (
                        format!(
                            "截至 {} 年龄超过 {} 周岁；特别优秀者可申请破格并说明理由",
                            r.reference_date, r.max_age
                        ),
                        format!(
                            "older than {} on {}; only the \"particularly outstanding\" exception, with a justification, allows it",
                            r.max_age, r.reference_date
                        ),
                    ),
                };
                problem(&mut p, "birth_date", "over_age", zh, en);
            }
        }
    }
    if c.outstanding_exception && !has_text(&c.exception_justification) {
        problem(
            &mut p,
            "exception_justification",
            "required",
            "申请破格须填写理由".into(),
            "the exception needs a written justification".into(),
        );
    }
    let below_usual = match c.category {
        Some(TalentCategory::ProfessionalTechnical) => {
            let degree = matches!(c.education, Some(Education::Master | Education::Doctorate));
            let title = matches!(
                c.title_level,
                Some(TitleLevel::AssociateSenior | TitleLevel::Senior)
            );
            (!degree && !title).then(|| Warning {
                code: "below_degree_or_title",
                zh: "原则上应具有硕士研究生及以上学历或副高级及以上职称".into(),
                en: "in principle a master's degree or higher, or an associate-senior title or higher".into(),
            })
        }
        Some(TalentCategory::HighSkill) => {
            let level = matches!(
                c.skill_level,
                Some(SkillLevel::Technician | SkillLevel::SeniorTechnician)
            );
            let award = c
                .skills_award
                .as_deref()
                .is_some_and(|a| r.skills_awards.iter().any(|listed| listed == a.trim()));
            (!level && !award).then(|| Warning {
                code: "below_skill_level",
                zh: "原则上应具有技师及以上职业资格或获得所列技能奖项".into(),
                en: "in principle technician level or higher, or a listed skills award".into(),
            })
        }
        _ => None,
    };
    if let Some(w) = below_usual {
        if has_text(&c.qualification_justification) {
            warnings.push(w);
        } else {
            problem(
                &mut p,
                "qualification_justification",
                "required",
                format!("{}；请填写推荐理由", w.zh),
                format!("{}; give a written justification", w.en),
            );
        }
    }
    if c.outstanding_exception && has_text(&c.exception_justification) {
        warnings.push(Warning {
            code: "age_exception",
            zh: "超龄，按特别优秀破格推荐".into(),
            en: "over age, nominated under the particularly-outstanding exception".into(),
        });
    }
    if p.is_empty() { Ok(warnings) } else { Err(p) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rules() -> Rules {
        Rules {
            reference_date: day("2026-06-30"),
            birth_date_cutoff: None,
            max_age: 55,
            min_years_in_city: 3,
            skills_awards: vec!["全国技术能手".into()],
        }
    }

    fn candidate() -> Candidate {
        Candidate {
            category: Some(TalentCategory::RuralPractical),
            birth_date: Some(day("1980-01-01")),
            city_work_start_date: Some(day("2010-01-01")),
            ..Default::default()
        }
    }

    fn refusal(c: &Candidate, r: &Rules) -> Vec<(String, &'static str)> {
        match check(c, r) {
            Ok(_) => vec![],
            Err(p) => match p.finish().unwrap_err() {
                AppError::Validation(f) => f.into_iter().map(|(k, v)| (k, v.code)).collect(),
                other => panic!("{other:?}"),
            },
        }
    }

    #[test]
    fn years_and_ages_count_whole_years_and_the_anniversary_itself() {
        assert_eq!(whole_years(day("1971-06-30"), day("2026-06-30")), 55);
        assert_eq!(whole_years(day("1971-07-01"), day("2026-06-30")), 54);
        assert_eq!(whole_years(day("1970-06-30"), day("2026-06-30")), 56);
        assert_eq!(whole_years(day("2000-02-29"), day("2001-02-28")), 0);
        assert_eq!(whole_years(day("2000-02-29"), day("2001-03-01")), 1);
        assert_eq!(whole_years(day("2027-01-01"), day("2026-06-30")), 0);
    }

    #[test]
    fn three_years_in_the_city_on_the_reference_date_is_enough_and_a_day_less_is_not() {
        let mut c = candidate();
        c.city_work_start_date = Some(day("2023-06-30"));
        assert!(
            check(&c, &rules()).is_ok(),
            "the third anniversary itself counts"
        );
        c.city_work_start_date = Some(day("2023-07-01"));
        assert_eq!(
            refusal(&c, &rules()),
            [("city_work_start_date".to_owned(), "too_few_years_in_city")]
        );
    }

    #[test]
    fn fifty_five_on_the_reference_date_is_allowed_and_a_day_older_is_refused_without_the_exception()
     {
        let mut c = candidate();
        c.birth_date = Some(day("1970-07-01"));
        assert!(
            check(&c, &rules()).is_ok(),
            "55 until the day before the 56th birthday"
        );
        c.birth_date = Some(day("1970-06-30"));
        assert_eq!(
            refusal(&c, &rules()),
            [("birth_date".to_owned(), "over_age")]
        );
        c.outstanding_exception = true;
        assert_eq!(
            refusal(&c, &rules()),
            [("exception_justification".to_owned(), "required")]
        );
        c.exception_justification = Some("国家级科技奖获得者".into());
        let warnings = check(&c, &rules()).unwrap();
        assert_eq!(warnings[0].code, "age_exception");
    }

    #[test]
    fn a_birth_date_cut_off_refuses_anyone_born_before_it() {
        let mut r = rules();
        r.birth_date_cutoff = Some(day("1972-01-01"));
        let mut c = candidate();
        c.birth_date = Some(day("1972-01-01"));
        assert!(check(&c, &r).is_ok());
        c.birth_date = Some(day("1971-12-31"));
        assert_eq!(refusal(&c, &r), [("birth_date".to_owned(), "over_age")]);
    }

    #[test]
    fn professional_technical_below_master_or_associate_senior_needs_a_justification_and_warns() {
        let mut c = candidate();
        c.category = Some(TalentCategory::ProfessionalTechnical);
        c.education = Some(Education::Bachelor);
        c.title_level = Some(TitleLevel::Intermediate);
        assert_eq!(
            refusal(&c, &rules()),
            [("qualification_justification".to_owned(), "required")]
        );
        c.qualification_justification = Some("主持完成重大工程".into());
        assert_eq!(
            check(&c, &rules()).unwrap()[0].code,
            "below_degree_or_title"
        );
        c.title_level = Some(TitleLevel::AssociateSenior);
        assert!(check(&c, &rules()).unwrap().is_empty());
        c.title_level = Some(TitleLevel::Intermediate);
        c.education = Some(Education::Master);
        assert!(check(&c, &rules()).unwrap().is_empty());
    }

    #[test]
    fn high_skill_below_technician_passes_with_a_listed_award_only() {
        let mut c = candidate();
        c.category = Some(TalentCategory::HighSkill);
        c.skill_level = Some(SkillLevel::SeniorWorker);
        assert_eq!(
            refusal(&c, &rules()),
            [("qualification_justification".to_owned(), "required")]
        );
        c.skills_award = Some("某个未列出的奖".into());
        assert!(check(&c, &rules()).is_err());
        c.skills_award = Some("全国技术能手".into());
        assert!(check(&c, &rules()).unwrap().is_empty());
        c.skills_award = None;
        c.skill_level = Some(SkillLevel::Technician);
        assert!(check(&c, &rules()).unwrap().is_empty());
    }

    #[test]
    fn missing_facts_are_each_named() {
        let c = Candidate::default();
        let fields: Vec<String> = refusal(&c, &rules()).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["birth_date", "category", "city_work_start_date"]);
    }
}
