//! `serve --demo`: a small demo city on an empty database, so that a new operator can log in and
//! look around at once. Development and test only; production refuses it.

use chrono::{NaiveDate, NaiveDateTime};

use crate::auth::password::{self, Password};
use crate::clock::Clock;
use crate::db::{AnyConnection, Db, mentors, nominations, rounds, units, users, write_transaction};
use crate::domain::category::TalentCategory;
use crate::domain::ids::{UnitId, UserId};
use crate::domain::profile::{Education, Gender, Profile, SkillLevel, TitleLevel};
use crate::domain::review::certificate_number;
use crate::domain::role::Role;
use crate::domain::selection::{FormFields, NominationStatus, RoundSettings, RoundStatus};
use crate::domain::unit::{NewUnit, UnitKind};
use crate::domain::user::{Email, NewUser, UserStatus};
use crate::i18n::Locale;

/// One demo login, printed at start-up.
pub struct DemoLogin {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub unit: Option<String>,
}

/// What `seed` did.
pub enum Seeded {
    /// The database was empty; these accounts now exist.
    Created(Vec<DemoLogin>),
    /// The demo city is already there (a restart); these are its accounts.
    AlreadyPresent(Vec<DemoLogin>),
    /// The database holds other people; nothing was added.
    NotEmpty,
}

const CITY_ADMIN_EMAIL: &str = "admin@demo.peidai.cn";

const UNITS: &[(&str, UnitKind, Option<&str>)] = &[
    ("红山区", UnitKind::BannerCountyDistrict, Some("红山区")),
    ("松山区", UnitKind::BannerCountyDistrict, Some("松山区")),
    ("宁城县", UnitKind::BannerCountyDistrict, Some("宁城县")),
    ("市卫生健康委员会", UnitKind::CityDepartment, Some("红山区")),
    ("市农牧局", UnitKind::CityDepartment, Some("松山区")),
    ("赤峰学院", UnitKind::College, Some("红山区")),
    ("玉龙能源有限责任公司", UnitKind::Enterprise, Some("松山区")),
    ("市科学技术协会", UnitKind::Other, Some("红山区")),
];

struct Person {
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
    unit: Option<usize>,
    profile: fn() -> Profile,
}

fn date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

fn no_profile() -> Profile {
    Profile::default()
}

fn mentor_doctor() -> Profile {
    Profile {
        gender: Some(Gender::Female),
        birth_date: date("1978-04-12"),
        education: Some(Education::Doctorate),
        title_level: Some(TitleLevel::Senior),
        skill_level: Some(SkillLevel::None),
        specialty: Some("心血管内科".into()),
        phone: Some("0476-8000001".into()),
        city_work_start_date: date("2006-07-01"),
        from_outside_city: true,
        owns_urban_housing: false,
    }
}

fn mentor_technician() -> Profile {
    Profile {
        gender: Some(Gender::Male),
        birth_date: date("1975-09-30"),
        education: Some(Education::BelowBachelor),
        title_level: Some(TitleLevel::None),
        skill_level: Some(SkillLevel::SeniorTechnician),
        specialty: Some("电力设备检修".into()),
        phone: Some("0476-8000002".into()),
        city_work_start_date: date("1996-03-01"),
        from_outside_city: false,
        owns_urban_housing: true,
    }
}

fn mentor_professor() -> Profile {
    Profile {
        gender: Some(Gender::Female),
        birth_date: date("1982-01-20"),
        education: Some(Education::Master),
        title_level: Some(TitleLevel::AssociateSenior),
        skill_level: None,
        specialty: Some("草原生态".into()),
        phone: None,
        city_work_start_date: date("2009-09-01"),
        from_outside_city: true,
        owns_urban_housing: true,
    }
}

fn mentor_farmer() -> Profile {
    Profile {
        gender: Some(Gender::Male),
        birth_date: date("1970-11-05"),
        education: Some(Education::BelowBachelor),
        title_level: Some(TitleLevel::None),
        skill_level: Some(SkillLevel::Technician),
        specialty: Some("设施农业".into()),
        phone: None,
        city_work_start_date: date("1990-05-01"),
        from_outside_city: false,
        owns_urban_housing: false,
    }
}

fn mentee() -> Profile {
    Profile {
        education: Some(Education::Master),
        title_level: Some(TitleLevel::Junior),
        specialty: Some("心血管内科".into()),
        city_work_start_date: date("2021-08-01"),
        birth_date: date("1995-06-15"),
        ..Profile::default()
    }
}

const PEOPLE: &[Person] = &[
    Person {
        email: CITY_ADMIN_EMAIL,
        name: "王敏（市委组织部人才科）",
        roles: &[Role::CityAdmin],
        unit: None,
        profile: no_profile,
    },
    Person {
        email: "hongshan.admin@demo.peidai.cn",
        name: "红山区委组织部",
        roles: &[Role::UnitAdmin],
        unit: Some(0),
        profile: no_profile,
    },
    Person {
        email: "songshan.admin@demo.peidai.cn",
        name: "松山区委组织部",
        roles: &[Role::UnitAdmin],
        unit: Some(1),
        profile: no_profile,
    },
    Person {
        email: "health.admin@demo.peidai.cn",
        name: "市卫健委人事科",
        roles: &[Role::UnitAdmin],
        unit: Some(3),
        profile: no_profile,
    },
    Person {
        email: "college.admin@demo.peidai.cn",
        name: "赤峰学院组织部",
        roles: &[Role::UnitAdmin],
        unit: Some(5),
        profile: no_profile,
    },
    Person {
        email: "enterprise.admin@demo.peidai.cn",
        name: "玉龙能源党群部",
        roles: &[Role::UnitAdmin],
        unit: Some(6),
        profile: no_profile,
    },
    Person {
        email: "reviewer@demo.peidai.cn",
        name: "评审专家 刘教授",
        roles: &[Role::Reviewer],
        unit: Some(7),
        profile: no_profile,
    },
    Person {
        email: "li.hua@demo.peidai.cn",
        name: "李华",
        roles: &[Role::Mentor],
        unit: Some(3),
        profile: mentor_doctor,
    },
    Person {
        email: "zhang.qiang@demo.peidai.cn",
        name: "张强",
        roles: &[Role::Mentor],
        unit: Some(6),
        profile: mentor_technician,
    },
    Person {
        email: "zhao.li@demo.peidai.cn",
        name: "赵丽",
        roles: &[Role::Mentor],
        unit: Some(5),
        profile: mentor_professor,
    },
    Person {
        email: "bateer@demo.peidai.cn",
        name: "巴特尔",
        roles: &[Role::Mentor],
        unit: Some(2),
        profile: mentor_farmer,
    },
    Person {
        email: "mentee1@demo.peidai.cn",
        name: "陈晨",
        roles: &[Role::Mentee],
        unit: Some(3),
        profile: mentee,
    },
    Person {
        email: "mentee2@demo.peidai.cn",
        name: "周洋",
        roles: &[Role::Mentee],
        unit: Some(3),
        profile: mentee,
    },
    Person {
        email: "mentee3@demo.peidai.cn",
        name: "吴静",
        roles: &[Role::Mentee],
        unit: Some(3),
        profile: mentee,
    },
    Person {
        email: "mentee4@demo.peidai.cn",
        name: "郑磊",
        roles: &[Role::Mentee],
        unit: Some(3),
        profile: mentee,
    },
    Person {
        email: "mentee5@demo.peidai.cn",
        name: "孙悦",
        roles: &[Role::Mentee],
        unit: Some(3),
        profile: mentee,
    },
    Person {
        email: "mentee6@demo.peidai.cn",
        name: "高峰",
        roles: &[Role::Mentee],
        unit: Some(6),
        profile: mentee,
    },
];

fn logins() -> Vec<DemoLogin> {
    PEOPLE
        .iter()
        .map(|p| DemoLogin {
            email: p.email.to_owned(),
            name: p.name.to_owned(),
            roles: p.roles.to_vec(),
            unit: p.unit.map(|i| UNITS[i].0.to_owned()),
        })
        .collect()
}

/// Seeds the demo city if the database has no users; every account's password is `password`.
/// The demo's mentors hold real appointments (`certificate_format` numbers their certificates).
pub fn seed(
    db: &Db,
    clock: &Clock,
    password: &str,
    certificate_format: &str,
) -> anyhow::Result<Seeded> {
    let password = Password::parse(password)
        .map_err(|_| anyhow::anyhow!("demo.password must be 8 to 128 characters"))?;
    let mut conn = db.get()?;
    if users::count(&mut conn)? > 0 {
        let admin = Email::parse(CITY_ADMIN_EMAIL).expect("valid");
        return Ok(if users::find_by_email(&mut conn, &admin)?.is_some() {
            Seeded::AlreadyPresent(logins())
        } else {
            Seeded::NotEmpty
        });
    }
    let hash = password::hash(&password)?;
    let now = clock.now_naive();
    write_transaction(&mut conn, |c| -> anyhow::Result<()> {
        let mut unit_ids: Vec<UnitId> = Vec::new();
        let mut people = Vec::new();
        for (name, kind, district) in UNITS {
            let unit = units::insert(
                c,
                &NewUnit {
                    name: (*name).to_owned(),
                    kind: *kind,
                    district: district.map(str::to_owned),
                },
                now,
            )?;
            unit_ids.push(unit.id);
        }
        for p in PEOPLE {
            let new = NewUser {
                email: Email::parse(p.email).expect("valid demo e-mail"),
                name: p.name.to_owned(),
                roles: p.roles.to_vec(),
                unit_id: p.unit.map(|i| unit_ids[i]),
                locale: Locale::ZhCn,
                profile: (p.profile)(),
            };
            let id = users::insert(c, &new, UserStatus::Active, Some(&hash), now)?;
            people.push((p, id, new.unit_id));
        }
        appoint_mentors(c, &people, certificate_format, now)?;
        Ok(())
    })?;
    Ok(Seeded::Created(logins()))
}

/// The demo's mentors with their appointments: a closed selection round of 2026 whose approved
/// nominations put each demo mentor in the pool, with a certificate number and a three-year term
/// from 1 July 2026, so that a mentor logging in can draft a contract, log activities and apply
/// for benefits at once.
fn appoint_mentors(
    c: &mut AnyConnection,
    people: &[(&Person, UserId, Option<UnitId>)],
    certificate_format: &str,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let settings = RoundSettings {
        name: "2026年度人才培带人选拔".to_owned(),
        year: 2026,
        nomination_deadline: date("2026-06-30").expect("valid"),
        age_reference_date: date("2026-06-30").expect("valid"),
        birth_date_cutoff: None,
        appointment_term_years: 3,
        min_scores: 3,
        unit_quotas: vec![],
        category_quotas: vec![],
    };
    let round = rounds::insert(c, &settings, now)?;
    let appointed_on = date("2026-07-01").expect("valid");
    let term_ends_on = date("2029-07-01").expect("valid");
    let admin = people
        .iter()
        .find(|(p, _, _)| p.email == CITY_ADMIN_EMAIL)
        .map(|(_, id, _)| *id)
        .expect("the demo has a city admin");
    let mentors = people
        .iter()
        .filter(|(p, _, _)| p.roles.contains(&Role::Mentor));
    for (seq, (p, user, unit)) in mentors.enumerate() {
        let unit = unit.expect("every demo mentor has a unit");
        let profile = (p.profile)();
        let category = if matches!(
            profile.skill_level,
            Some(SkillLevel::Technician | SkillLevel::SeniorTechnician)
        ) {
            TalentCategory::HighSkill
        } else {
            TalentCategory::ProfessionalTechnical
        };
        // The form as submitted: the candidate's profile at the time.
        let form = FormFields {
            category: Some(category),
            birth_date: profile.birth_date,
            education: profile.education,
            title_level: profile.title_level,
            skill_level: profile.skill_level,
            specialty: profile.specialty.clone(),
            city_work_start_date: profile.city_work_start_date,
            from_outside_city: profile.from_outside_city,
            unit_opinion: Some("同意推荐".to_owned()),
            ..Default::default()
        };
        let nomination = nominations::insert(c, round, unit, *user, &form, admin, now)?;
        nominations::decide(
            c,
            nomination,
            NominationStatus::Approved,
            "评审委员会综合评定，同意聘任",
            "王敏",
            date("2026-06-20").expect("valid"),
            now,
        )?;
        let certificate_no = certificate_number(certificate_format, 2026, seq as u32 + 1);
        mentors::insert(
            c,
            &mentors::NewMentor {
                user: *user,
                round,
                nomination,
                unit,
                category,
                certificate_no: &certificate_no,
                appointed_on,
                term_ends_on,
            },
            now,
        )?;
    }
    rounds::set_status(c, round, RoundStatus::Closed, now)?;
    Ok(())
}
