//! `peidai-bench seed`: fills an empty database with a consistent, deterministic program of N
//! mentors: units with their admins, reviewers, one closed selection round whose nominations put
//! every mentor in the pool, per mentor five mentees, an active contract with the policy's
//! indicators, a plan per mentee, ~30 activities a year over two years with attendance, some
//! benefits, and a confirmed assessment round for 2025 with a few percent unqualified (their
//! objection windows over, so `revoke_unqualified` has work). The bench's "today" is
//! 2026-11-21.
//!
//! Rows are built from the service's own types (enums, plan content, the policy's indicators,
//! the password hash) and written with multi-row inserts, one transaction per batch of mentors.

use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use peidai::db::schema::{
    activities, activity_attendance, assessment_rounds, assessments, benefits, contract_indicators,
    contract_mentees, contracts, mentors, nominations, plan_versions, selection_rounds,
    training_plans, units, user_roles, users,
};
use peidai::db::{AnyConnection, Backend};
use peidai::domain::activity::AttendanceStatus;
use peidai::domain::assessment::{AssessmentKind, AssessmentStatus, Grade};
use peidai::domain::benefit::{BenefitKind, BenefitStatus, IssueDetails};
use peidai::domain::category::TalentCategory;
use peidai::domain::contract::ContractStatus;
use peidai::domain::plan::{Milestone, PlanContent, PlanStatus};
use peidai::domain::policy::Policy;
use peidai::domain::review::MentorStatus;
use peidai::domain::role::Role;
use peidai::domain::selection::{NominationStatus, RoundStatus};
use peidai::domain::unit::UnitKind;
use peidai::domain::user::UserStatus;

/// The password of every seeded account.
pub const PASSWORD: &str = "bench-password-2026";

/// The day the seeded program stands at.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("valid")
}

/// Mentors written per transaction.
const BATCH: usize = 500;

/// A deterministic generator (SplitMix64): the same seed gives the same program.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The ids the seeded program uses, derived from N so that every table can be written in
/// batches without reading ids back.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub mentors: i64,
    pub units: i64,
    pub reviewers: i64,
}

impl Layout {
    pub fn new(mentors: i64) -> Self {
        Self {
            mentors,
            units: (mentors / 5).clamp(1, 200),
            reviewers: 20,
        }
    }

    pub const CITY_ADMIN: i64 = 1;

    /// The admin of unit `u` (1-based).
    pub fn unit_admin(&self, u: i64) -> i64 {
        1 + u
    }

    pub fn reviewer(&self, r: i64) -> i64 {
        2 + self.units + r
    }

    /// The user of mentor `i` (0-based); the pool entry, nomination and contract ids are `i + 1`.
    pub fn mentor_user(&self, i: i64) -> i64 {
        2 + self.units + self.reviewers + i
    }

    /// The user of mentee `j` (0..5) of mentor `i`.
    pub fn mentee_user(&self, i: i64, j: i64) -> i64 {
        2 + self.units + self.reviewers + self.mentors + i * 5 + j
    }

    /// The unit of mentor `i` (1-based unit id).
    pub fn unit_of(&self, i: i64) -> i64 {
        1 + i % self.units
    }
}

/// What a seeding wrote.
#[derive(Debug, Default, serde::Serialize)]
pub struct SeedReport {
    pub mentors: i64,
    pub rows: u64,
    pub seconds: f64,
    pub rows_per_second: f64,
}

/// Writes `rows` (tuples of `column.eq(value)`) into `table` in multi-row inserts small enough
/// for both backends' limits on bound parameters.
macro_rules! bulk {
    ($conn:expr, $table:expr, $rows:expr, $cols:expr, $count:expr) => {{
        let per = (30_000 / $cols).max(1);
        for part in $rows.chunks(per) {
            let part = part.to_vec();
            match $conn {
                AnyConnection::Sqlite(c) => {
                    diesel::insert_into($table).values(part).execute(c)?;
                }
                AnyConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(part).execute(c)?;
                }
            }
        }
        $count += $rows.len() as u64;
    }};
}

fn ts(d: NaiveDate, h: u32) -> NaiveDateTime {
    d.and_hms_opt(h, 0, 0).expect("valid time")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const DISTRICTS: &[&str] = &[
    "红山区",
    "松山区",
    "元宝山区",
    "宁城县",
    "巴林左旗",
    "林西县",
    "克什克腾旗",
    "敖汉旗",
];

/// Refuses a database that holds people already.
fn check_empty(c: &mut AnyConnection) -> anyhow::Result<()> {
    let n: i64 = users::table.count().get_result(c)?;
    anyhow::ensure!(
        n == 0,
        "the database is not empty ({n} users); seed an empty one"
    );
    Ok(())
}

/// Seeds `n` mentors. The connection must be migrated and empty.
pub fn seed(
    c: &mut AnyConnection,
    backend: Backend,
    policy: &Policy,
    n: i64,
    seed: u64,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<SeedReport> {
    anyhow::ensure!(n >= 1, "--mentors must be at least 1");
    check_empty(c)?;
    let started = Instant::now();
    let layout = Layout::new(n);
    let hash = peidai::auth::password::hash(
        &peidai::auth::password::Password::parse(PASSWORD).map_err(|e| anyhow::anyhow!("{e:?}"))?,
    )?;
    let mut rows = 0u64;
    let now = ts(day(2024, 11, 1), 2);
    peidai::db::write_transaction(c, |c| -> anyhow::Result<()> {
        seed_people_and_units(c, &layout, &hash, now, &mut rows)?;
        seed_rounds(c, now, &mut rows)?;
        Ok(())
    })?;
    let mut rng = Rng::new(seed);
    let mut i = 0;
    while i < n {
        let end = (i + BATCH as i64).min(n);
        peidai::db::write_transaction(c, |c| -> anyhow::Result<()> {
            seed_mentors(c, &layout, policy, i..end, &hash, &mut rng, &mut rows)
        })?;
        i = end;
        let secs = started.elapsed().as_secs_f64();
        progress(&format!(
            "{i}/{n} mentors, {rows} rows, {:.0} rows/s",
            rows as f64 / secs.max(1e-9)
        ));
    }
    if backend == Backend::Postgres {
        for table in [
            "units",
            "users",
            "selection_rounds",
            "nominations",
            "mentors",
            "contracts",
            "contract_indicators",
            "contract_mentees",
            "training_plans",
            "plan_versions",
            "activities",
            "activity_attendance",
            "assessment_rounds",
            "assessments",
            "benefits",
        ] {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 GREATEST((SELECT MAX(id) FROM {table}), 1))"
            ))
            .execute(c)?;
        }
        diesel::sql_query("ANALYZE").execute(c)?;
    } else {
        diesel::sql_query("ANALYZE").execute(c)?;
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(SeedReport {
        mentors: n,
        rows,
        seconds,
        rows_per_second: rows as f64 / seconds.max(1e-9),
    })
}

fn seed_people_and_units(
    c: &mut AnyConnection,
    l: &Layout,
    hash: &str,
    now: NaiveDateTime,
    rows: &mut u64,
) -> anyhow::Result<()> {
    let kinds = UnitKind::ALL;
    let unit_rows: Vec<_> = (1..=l.units)
        .map(|u| {
            let district = DISTRICTS[(u as usize) % DISTRICTS.len()];
            let kind = kinds[(u as usize) % kinds.len()];
            (
                units::id.eq(u),
                units::name.eq(format!("{district}单位{u:03}")),
                units::kind.eq(kind.as_str()),
                units::district.eq(Some(district.to_owned())),
                units::active.eq(true),
                units::created_at.eq(now),
                units::updated_at.eq(now),
            )
        })
        .collect();
    bulk!(c, units::table, unit_rows, 7, *rows);
    let mut people = vec![(Layout::CITY_ADMIN, "city".to_owned(), None, Role::CityAdmin)];
    for u in 1..=l.units {
        people.push((
            l.unit_admin(u),
            format!("admin{u}"),
            Some(u),
            Role::UnitAdmin,
        ));
    }
    for r in 0..l.reviewers {
        people.push((
            l.reviewer(r),
            format!("reviewer{r}"),
            Some(1 + r % l.units),
            Role::Reviewer,
        ));
    }
    insert_people(c, &people, hash, now, rows)
}

type Person = (i64, String, Option<i64>, Role);

fn insert_people(
    c: &mut AnyConnection,
    people: &[Person],
    hash: &str,
    now: NaiveDateTime,
    rows: &mut u64,
) -> anyhow::Result<()> {
    let user_rows: Vec<_> = people
        .iter()
        .map(|(id, tag, unit, role)| {
            (
                users::id.eq(*id),
                users::email.eq(format!("{tag}@bench.peidai.cn")),
                users::name.eq(format!("{}{id}", role_name(*role))),
                users::unit_id.eq(*unit),
                users::status.eq(UserStatus::Active.as_str()),
                users::locale.eq("zh-CN"),
                users::password_hash.eq(Some(hash.to_owned())),
                users::token_version.eq(0),
                users::from_outside_city.eq(id % 7 == 0),
                users::owns_urban_housing.eq(id % 3 == 0),
                users::specialty.eq(Some(format!("专业{}", id % 40))),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            )
        })
        .collect();
    bulk!(c, users::table, user_rows, 13, *rows);
    let role_rows: Vec<_> = people
        .iter()
        .map(|(id, _, _, role)| {
            (
                user_roles::user_id.eq(*id),
                user_roles::role.eq(role.as_str()),
            )
        })
        .collect();
    bulk!(c, user_roles::table, role_rows, 2, *rows);
    Ok(())
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::CityAdmin => "市级管理员",
        Role::UnitAdmin => "单位管理员",
        Role::Reviewer => "评审专家",
        Role::Mentor => "培带人",
        Role::Mentee => "培带对象",
    }
}

fn seed_rounds(c: &mut AnyConnection, now: NaiveDateTime, rows: &mut u64) -> anyhow::Result<()> {
    let round = [(
        selection_rounds::id.eq(1i64),
        selection_rounds::name.eq("第一届人才培带人选拔".to_owned()),
        selection_rounds::year.eq(2024),
        selection_rounds::nomination_deadline.eq(day(2024, 6, 30)),
        selection_rounds::age_reference_date.eq(day(2024, 6, 30)),
        selection_rounds::appointment_term_years.eq(3),
        selection_rounds::status.eq(RoundStatus::Closed.as_str()),
        selection_rounds::created_at.eq(now),
        selection_rounds::updated_at.eq(now),
    )];
    bulk!(c, selection_rounds::table, round, 9, *rows);
    let assessment_round = [(
        assessment_rounds::id.eq(1i64),
        assessment_rounds::year.eq(2025),
        assessment_rounds::opens_on.eq(day(2025, 12, 1)),
        assessment_rounds::closes_on.eq(day(2025, 12, 31)),
        assessment_rounds::objection_days.eq(15),
        assessment_rounds::consequence.eq("revoke"),
        assessment_rounds::rectification_days.eq(180),
        assessment_rounds::created_by.eq(Layout::CITY_ADMIN),
        assessment_rounds::created_at.eq(ts(day(2025, 11, 20), 2)),
        assessment_rounds::updated_at.eq(ts(day(2025, 11, 20), 2)),
    )];
    bulk!(c, assessment_rounds::table, assessment_round, 10, *rows);
    Ok(())
}

/// What a mentor's year looks like: activities per indicator kind, by grade band.
fn year_plan(grade: Grade) -> [usize; 5] {
    match grade {
        Grade::Excellent => [4, 12, 3, 6, 5],
        Grade::Qualified => [3, 12, 3, 6, 4],
        Grade::BasicallyQualified => [2, 3, 1, 1, 0],
        Grade::Unqualified => [1, 1, 0, 0, 0],
    }
}

#[allow(clippy::too_many_lines)]
fn seed_mentors(
    c: &mut AnyConnection,
    l: &Layout,
    policy: &Policy,
    range: std::ops::Range<i64>,
    hash: &str,
    rng: &mut Rng,
    rows: &mut u64,
) -> anyhow::Result<()> {
    let created = ts(day(2024, 11, 1), 2);
    let mut people: Vec<Person> = Vec::new();
    for i in range.clone() {
        people.push((
            l.mentor_user(i),
            format!("m{i}"),
            Some(l.unit_of(i)),
            Role::Mentor,
        ));
        for j in 0..5 {
            people.push((
                l.mentee_user(i, j),
                format!("e{i}x{j}"),
                Some(l.unit_of(i)),
                Role::Mentee,
            ));
        }
    }
    insert_people(c, &people, hash, created, rows)?;

    let grades: Vec<Grade> = range
        .clone()
        .map(|_| match rng.below(100) {
            0..=2 => Grade::Unqualified,
            3..=7 => Grade::BasicallyQualified,
            8..=27 => Grade::Excellent,
            _ => Grade::Qualified,
        })
        .collect();
    let grade_of = |i: i64| grades[(i - range.start) as usize];

    let nomination_rows: Vec<_> = range
        .clone()
        .map(|i| {
            (
                nominations::id.eq(i + 1),
                nominations::round_id.eq(1i64),
                nominations::unit_id.eq(l.unit_of(i)),
                nominations::candidate_id.eq(l.mentor_user(i)),
                nominations::status.eq(NominationStatus::Approved.as_str()),
                nominations::category.eq(Some(TalentCategory::ProfessionalTechnical.as_str())),
                nominations::from_outside_city.eq(false),
                nominations::honours.eq("[]"),
                nominations::outstanding_exception.eq(false),
                nominations::warnings.eq("[]"),
                nominations::created_by.eq(l.unit_admin(l.unit_of(i))),
                nominations::created_at.eq(created),
                nominations::updated_at.eq(created),
            )
        })
        .collect();
    bulk!(c, nominations::table, nomination_rows, 13, *rows);
    let mentor_rows: Vec<_> = range
        .clone()
        .map(|i| {
            (
                mentors::id.eq(i + 1),
                mentors::user_id.eq(l.mentor_user(i)),
                mentors::round_id.eq(1i64),
                mentors::nomination_id.eq(i + 1),
                mentors::unit_id.eq(l.unit_of(i)),
                mentors::category.eq(TalentCategory::ProfessionalTechnical.as_str()),
                mentors::certificate_no.eq(format!("赤培〔2024〕{:06}号", i + 1)),
                mentors::appointed_on.eq(day(2024, 12, 1)),
                mentors::term_ends_on.eq(day(2027, 11, 30)),
                mentors::status.eq(MentorStatus::Active.as_str()),
                mentors::created_at.eq(created),
                mentors::updated_at.eq(created),
            )
        })
        .collect();
    bulk!(c, mentors::table, mentor_rows, 12, *rows);

    let start = day(2025, 1, 1);
    let signed = ts(day(2024, 12, 20), 2);
    let contract_rows: Vec<_> = range
        .clone()
        .map(|i| {
            (
                contracts::id.eq(i + 1),
                contracts::mentor_entry_id.eq(i + 1),
                contracts::mentor_user_id.eq(l.mentor_user(i)),
                contracts::unit_id.eq(l.unit_of(i)),
                contracts::status.eq(ContractStatus::Active.as_str()),
                contracts::start_date.eq(start),
                contracts::cycle_months.eq(24),
                contracts::end_date.eq(day(2026, 12, 31)),
                contracts::version.eq(1),
                contracts::mentor_signed_at.eq(Some(signed)),
                contracts::active_mentor_lock.eq(Some(l.mentor_user(i))),
                contracts::created_by.eq(l.mentor_user(i)),
                contracts::activated_at.eq(Some(signed)),
                contracts::created_at.eq(created),
                contracts::updated_at.eq(signed),
            )
        })
        .collect();
    bulk!(c, contracts::table, contract_rows, 15, *rows);
    let kinds: &[peidai::domain::policy::IndicatorDefault] = &policy.default_indicators;
    let indicator_rows: Vec<_> = range
        .clone()
        .flat_map(|i| {
            kinds.iter().enumerate().map(move |(k, ind)| {
                (
                    contract_indicators::id.eq(i * kinds.len() as i64 + k as i64 + 1),
                    contract_indicators::contract_id.eq(i + 1),
                    contract_indicators::kind.eq(ind.kind.as_str()),
                    contract_indicators::description.eq(ind.description.clone()),
                    contract_indicators::yearly_target.eq(ind.yearly_target as i32),
                    contract_indicators::measure.eq("count"),
                )
            })
        })
        .collect();
    bulk!(c, contract_indicators::table, indicator_rows, 6, *rows);
    let member_rows: Vec<_> = range
        .clone()
        .flat_map(|i| {
            (0..5).map(move |j| {
                let mentee = l.mentee_user(i, j);
                (
                    contract_mentees::id.eq(i * 5 + j + 1),
                    contract_mentees::contract_id.eq(i + 1),
                    contract_mentees::mentee_user_id.eq(mentee),
                    contract_mentees::joined_on.eq(Some(start)),
                    contract_mentees::signed_at.eq(Some(signed)),
                    contract_mentees::active_mentee_lock.eq(Some(mentee)),
                    contract_mentees::created_at.eq(created),
                )
            })
        })
        .collect();
    bulk!(c, contract_mentees::table, member_rows, 7, *rows);

    // Plans: 60 % approved, 40 % returned for changes (the bench's plan submissions).
    let content = serde_json::to_string(&PlanContent {
        goals: "掌握本领域核心技术，独立承担项目".into(),
        milestones: vec![
            Milestone {
                year: 2025,
                milestone: "完成岗位实践与专题学习".into(),
                evidence: "学习报告".into(),
            },
            Milestone {
                year: 2026,
                milestone: "参与科研项目并形成成果".into(),
                evidence: "项目报告".into(),
            },
        ],
        projects: vec!["重点科研项目".into()],
    })?;
    let plan_submitted = ts(day(2025, 2, 1), 2);
    let plan_rows: Vec<_> = range
        .clone()
        .flat_map(|i| {
            let content = content.clone();
            (0..5).map(move |j| {
                let id = i * 5 + j + 1;
                let returned = id % 5 < 2;
                (
                    training_plans::id.eq(id),
                    training_plans::contract_id.eq(i + 1),
                    training_plans::mentee_user_id.eq(l.mentee_user(i, j)),
                    training_plans::status.eq(if returned {
                        PlanStatus::Returned.as_str()
                    } else {
                        PlanStatus::Approved.as_str()
                    }),
                    training_plans::content.eq(content.clone()),
                    training_plans::version.eq(1),
                    training_plans::review_comment
                        .eq(returned.then(|| "请细化年度目标".to_owned())),
                    training_plans::submitted_at.eq(Some(plan_submitted)),
                    training_plans::reviewed_at.eq(Some(plan_submitted)),
                    training_plans::created_at.eq(plan_submitted),
                    training_plans::updated_at.eq(plan_submitted),
                )
            })
        })
        .collect();
    bulk!(c, training_plans::table, plan_rows, 11, *rows);
    let version_rows: Vec<_> = range
        .clone()
        .flat_map(|i| {
            let content = content.clone();
            (0..5).map(move |j| {
                let id = i * 5 + j + 1;
                (
                    plan_versions::id.eq(id),
                    plan_versions::plan_id.eq(id),
                    plan_versions::version.eq(1),
                    plan_versions::content.eq(content.clone()),
                    plan_versions::submitted_at.eq(plan_submitted),
                )
            })
        })
        .collect();
    bulk!(c, plan_versions::table, version_rows, 5, *rows);

    // Activities: 2025 by the grade band (locked: the year is assessed), 2026 up to today.
    let mut activity_rows = Vec::new();
    let mut attendance_rows = Vec::new();
    let first_activity = range.start * 64 + 1;
    let mut next_id = first_activity;
    let kind_names: Vec<&'static str> = kinds.iter().map(|k| k.kind.as_str()).collect();
    for i in range.clone() {
        for (year, locked) in [(2025, true), (2026, false)] {
            let plan = year_plan(if year == 2025 {
                grade_of(i)
            } else {
                Grade::Qualified
            });
            let days = if year == 2025 { 365 } else { 324 };
            for (k, count) in plan.iter().enumerate() {
                for _ in 0..*count {
                    if next_id > (i + 1) * 64 {
                        break;
                    }
                    let held = day(year, 1, 1) + chrono::Duration::days(rng.below(days) as i64);
                    let id = next_id;
                    next_id += 1;
                    activity_rows.push((
                        activities::id.eq(id),
                        activities::contract_id.eq(i + 1),
                        activities::kind.eq(kind_names[k % kind_names.len()]),
                        activities::title.eq("专题讲座与技术辅导"),
                        activities::held_on.eq(held),
                        activities::minutes.eq(90 + 30 * (rng.below(4) as i32)),
                        activities::place.eq(Some("单位会议室")),
                        activities::locked.eq(locked),
                        activities::logged_by.eq(l.mentor_user(i)),
                        activities::created_at.eq(ts(held, 10)),
                        activities::updated_at.eq(ts(held, 10)),
                    ));
                    let attendees = 2 + rng.below(4) as i64;
                    for j in 0..attendees {
                        let status = match rng.below(50) {
                            0 => AttendanceStatus::Disputed,
                            1..=5 => AttendanceStatus::Pending,
                            _ => AttendanceStatus::Confirmed,
                        };
                        attendance_rows.push((
                            activity_attendance::activity_id.eq(id),
                            activity_attendance::mentee_user_id.eq(l.mentee_user(i, j)),
                            activity_attendance::status.eq(status.as_str()),
                            activity_attendance::responded_at
                                .eq((status != AttendanceStatus::Pending).then(|| ts(held, 20))),
                        ));
                    }
                }
            }
        }
        next_id = (i + 1) * 64 + 1;
    }
    bulk!(c, activities::table, activity_rows, 11, *rows);
    bulk!(c, activity_attendance::table, attendance_rows, 4, *rows);

    // The 2025 assessment, confirmed; unqualified ones past their objection window.
    let confirmed = ts(day(2026, 1, 10), 2);
    let assessment_rows: Vec<_> = range
        .clone()
        .map(|i| {
            let g = grade_of(i);
            let unqualified = g == Grade::Unqualified;
            (
                assessments::id.eq(i + 1),
                assessments::round_id.eq(1i64),
                assessments::kind.eq(AssessmentKind::Annual.as_str()),
                assessments::mentor_entry_id.eq(i + 1),
                assessments::mentor_user_id.eq(l.mentor_user(i)),
                assessments::unit_id.eq(l.unit_of(i)),
                assessments::contract_id.eq(Some(i + 1)),
                assessments::period_from.eq(day(2025, 1, 1)),
                assessments::period_to.eq(day(2025, 12, 31)),
                assessments::status.eq(AssessmentStatus::Confirmed.as_str()),
                assessments::grade.eq(Some(g.as_str())),
                assessments::suggested_grade.eq(Some(g.as_str())),
                assessments::overall_comment.eq(Some(if unqualified {
                    "全年培带活动严重不足"
                } else {
                    "按计划完成培带任务"
                })),
                assessments::indicator_comments.eq("[]"),
                assessments::submitted_by.eq(Some(l.unit_admin(l.unit_of(i)))),
                assessments::submitted_at.eq(Some(ts(day(2025, 12, 20), 2))),
                assessments::confirmed_by.eq(Some(Layout::CITY_ADMIN)),
                assessments::confirmed_at.eq(Some(confirmed)),
                assessments::confirmations.eq(1),
                assessments::objection_deadline.eq(unqualified.then(|| day(2026, 1, 25))),
                assessments::created_at.eq(ts(day(2025, 11, 20), 2)),
                assessments::updated_at.eq(confirmed),
            )
        })
        .collect();
    bulk!(c, assessments::table, assessment_rows, 22, *rows);

    // Benefits: half had a health check in 2025; mentors of bus-card units hold a card.
    let details = |d: IssueDetails| serde_json::to_string(&d).unwrap_or_else(|_| "{}".into());
    let mut benefit_rows = Vec::new();
    for i in range.clone() {
        let mut push = |k: i64, kind: BenefitKind, d: IssueDetails, until: Option<NaiveDate>| {
            let issued = ts(day(2025, 3, 1 + (i % 28) as u32), 2);
            benefit_rows.push((
                benefits::id.eq(i * 2 + k + 1),
                benefits::kind.eq(kind.as_str()),
                benefits::mentor_entry_id.eq(i + 1),
                benefits::mentor_user_id.eq(l.mentor_user(i)),
                benefits::unit_id.eq(l.unit_of(i)),
                benefits::status.eq(BenefitStatus::Issued.as_str()),
                benefits::details.eq(details(d)),
                benefits::issued_by.eq(Some(Layout::CITY_ADMIN)),
                benefits::issued_at.eq(Some(issued)),
                benefits::valid_from.eq(until.map(|_| issued.date())),
                benefits::valid_until.eq(until),
                benefits::created_by.eq(Layout::CITY_ADMIN),
                benefits::created_at.eq(issued),
                benefits::updated_at.eq(issued),
            ));
        };
        if i % 2 == 0 {
            push(
                0,
                BenefitKind::HealthCheck,
                IssueDetails {
                    checked_on: Some(day(2025, 3, 1 + (i % 28) as u32)),
                    institution: Some("市医院体检中心".into()),
                    ..Default::default()
                },
                None,
            );
        }
        if i % 5 == 0 {
            push(
                1,
                BenefitKind::BusCard,
                IssueDetails {
                    card_number: Some(format!("RC{:08}", i + 1)),
                    ..Default::default()
                },
                Some(day(2026, 12, 1 + (i % 28) as u32)),
            );
        }
    }
    bulk!(c, benefits::table, benefit_rows, 14, *rows);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_person_gets_a_distinct_id_and_the_ids_are_contiguous() {
        for n in [1, 50, 1_001] {
            let l = Layout::new(n);
            let mut ids = vec![Layout::CITY_ADMIN];
            ids.extend((1..=l.units).map(|u| l.unit_admin(u)));
            ids.extend((0..l.reviewers).map(|r| l.reviewer(r)));
            for i in 0..n {
                ids.push(l.mentor_user(i));
                ids.extend((0..5).map(|j| l.mentee_user(i, j)));
            }
            ids.sort_unstable();
            let users = 1 + l.units + l.reviewers + l.mentors * 6;
            let expected: Vec<i64> = (1..=users).collect();
            assert_eq!(ids, expected, "n = {n}");
        }
    }

    #[test]
    fn the_generator_is_deterministic() {
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (0..8).map(|_| r.below(1000)).collect::<Vec<u64>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }
}
