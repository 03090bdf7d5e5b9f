//! The demo city's past, told through the services on the days it happened. Days are counted back
//! from the day the demo starts (`on(420)`: 420 days ago, at ten in the morning in the city), so
//! the program is in mid-year whenever the demo is started.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::activities;
use super::cast::{self, BATEER, LI_HUA, LIU_JIANGUO, ZHANG_QIANG, ZHAO_LI};
use crate::auth::caller::Caller;
use crate::db::audit::{self, Entry, Origin};
use crate::db::{credentials, mentors, users};
use crate::domain::ids::{ActivityId, ContractId, MentorEntryId, PlanId, RoundId, UnitId, UserId};
use crate::domain::page::PageRequest;
use crate::domain::profile::Profile;
use crate::domain::role::Role;
use crate::domain::selection::RoundStatus;
use crate::domain::unit::NewUnit;
use crate::domain::user::{Email, NewUser, UpdateUserRequest, UserStatus};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services;
use crate::state::AppState;

/// A request body as the API would receive it.
fn body<T: DeserializeOwned>(v: Value) -> anyhow::Result<T> {
    serde_json::from_value(v.clone()).map_err(|e| anyhow::anyhow!("demo request {v}: {e}"))
}

/// A service's refusal, with the step that met it.
fn step<T>(what: &str, r: Result<T, AppError>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("demo: {what} was refused: {e:?}"))
}

/// One thing that happened on a day of the mentoring year.
enum Event {
    Log { mentor: usize, k: usize },
    Respond { mentor: usize, k: usize },
    PlanWrite(usize),
    PlanSubmit(usize),
    PlanReview { mentee: usize, approve: bool },
    Supplementary(usize),
    Benefit(u8),
    ZhaoContract(u8),
    Assessment(u8),
    OpenRound(u8),
}

pub struct Story<'a> {
    state: &'a AppState,
    end: DateTime<Utc>,
    today: NaiveDate,
    hash: String,
    admin: UserId,
    units: Vec<UnitId>,
    people: HashMap<&'static str, UserId>,
    contracts: HashMap<usize, ContractId>,
    logged: HashMap<(usize, usize), ActivityId>,
    plans: HashMap<usize, PlanId>,
    supplementary: Option<RoundRun>,
    assessment_round: Option<crate::domain::ids::AssessmentRoundId>,
    open_round: Option<RoundId>,
    benefits: Vec<crate::domain::ids::BenefitId>,
    open_nomination: Option<crate::domain::ids::NominationId>,
}

/// The audit action that says the whole story was told (a restart adds nothing then).
pub const TOLD: &str = "demo.seeded";

/// The days of the supplementary round's stages (see [`Story::run_round`]).
const SUPPLEMENTARY_DAYS: [i64; 8] = [300, 295, 294, 278, 276, 274, 273, 262];

/// A selection round being run: what it is, and what it has made so far.
struct RoundRun {
    name: String,
    deadline: NaiveDate,
    /// The nominations to make: the nominating unit and the form.
    forms: Vec<(usize, Value)>,
    id: Option<RoundId>,
    nominations: Vec<(usize, crate::domain::ids::NominationId)>,
}

/// What the committee's three reviewers write.
const COMMENTS: [&str; 3] = [
    "业绩突出，带教经验丰富",
    "专业水平高，群众认可度好",
    "符合选拔条件，同意推荐",
];

/// Activities are logged every 27 days of the year, from 398 days ago.
const FIRST_ACTIVITY: i64 = 398;
const EVERY: i64 = 27;

impl<'a> Story<'a> {
    /// Tells the whole story; the clock ends at `end`.
    pub async fn tell(state: &'a AppState, hash: String, end: DateTime<Utc>) -> anyhow::Result<()> {
        let today = end.with_timezone(&state.clock.zone()).date_naive();
        let mut s = Story {
            state,
            end,
            today,
            hash,
            admin: UserId(0),
            units: Vec::new(),
            people: HashMap::new(),
            contracts: HashMap::new(),
            logged: HashMap::new(),
            plans: HashMap::new(),
            supplementary: None,
            assessment_round: None,
            open_round: None,
            benefits: Vec::new(),
            open_nomination: None,
        };
        s.on(480);
        s.bootstrap().await?;
        s.selection().await?;
        s.contracts().await?;
        let mut events = s.year();
        // Latest last; a day's events in the order written.
        events.sort_by_key(|(day, _)| -*day);
        for (day, event) in events {
            s.on(day);
            s.happen(event).await?;
        }
        state.clock.set(Some(end));
        let now = state.clock.now_naive();
        state
            .db
            .write(move |c| {
                audit::record(
                    c,
                    now,
                    &Origin::default(),
                    Entry {
                        actor: None,
                        action: TOLD,
                        object_type: None,
                        object_id: None,
                        unit_id: None,
                        summary: json!({ "via": "serve --demo", "as_of": end }),
                    },
                )
            })
            .await?;
        Ok(())
    }

    /// The city's date `days` days before the demo starts (negative: after).
    fn day(&self, days: i64) -> NaiveDate {
        self.today - Duration::days(days)
    }

    fn date(&self, days: i64) -> String {
        self.day(days).to_string()
    }

    /// Moves the clock to ten in the morning of that day (never past the demo's start).
    fn on(&self, days: i64) {
        let local = self.day(days).and_hms_opt(10, 0, 0).expect("valid time");
        let at = self
            .state
            .clock
            .zone()
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
        self.state.clock.set(Some(at.min(self.end)));
    }

    fn id(&self, email: &str) -> UserId {
        self.people[email]
    }

    /// The caller a person is when they act (their roles as the database holds them now).
    async fn caller(&self, email: &str) -> anyhow::Result<Caller> {
        let id = self.id(email);
        let record = self
            .state
            .db
            .run(move |c| credentials::auth_record(c, id))
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo: no account {email}"))?;
        Ok(Caller {
            id,
            roles: record.roles,
            unit_id: record.unit_id,
            origin: Origin::default(),
        })
    }

    async fn city(&self) -> anyhow::Result<Caller> {
        self.caller(cast::CITY_ADMIN_EMAIL).await
    }

    /// The admin of a unit (by index into `cast::UNITS`).
    async fn unit_admin(&self, unit: usize) -> anyhow::Result<Caller> {
        let a = cast::STAFF
            .iter()
            .find(|a| a.unit == unit && a.role == Role::UnitAdmin)
            .ok_or_else(|| anyhow::anyhow!("demo: no admin of unit {unit}"))?;
        self.caller(a.email).await
    }

    /// The city admin (as `create-admin` makes one), the units, their admins and the committee.
    async fn bootstrap(&mut self) -> anyhow::Result<()> {
        let now = self.state.clock.now_naive();
        let new = NewUser {
            email: Email::parse(cast::CITY_ADMIN_EMAIL).expect("valid"),
            name: cast::CITY_ADMIN_NAME.to_owned(),
            roles: vec![Role::CityAdmin],
            unit_id: None,
            locale: Locale::ZhCn,
            profile: Profile::default(),
        };
        let hash = self.hash.clone();
        self.admin = self
            .state
            .db
            .write(move |c| {
                let id = users::insert(c, &new, UserStatus::Active, Some(&hash), now)?;
                audit::record(
                    c,
                    now,
                    &Origin::default(),
                    Entry {
                        actor: None,
                        action: "user.create",
                        object_type: Some("user"),
                        object_id: Some(id.to_string()),
                        unit_id: None,
                        summary: json!({ "via": "serve --demo", "after": { "roles": ["city_admin"] } }),
                    },
                )?;
                Ok(id)
            })
            .await?;
        self.people.insert(cast::CITY_ADMIN_EMAIL, self.admin);
        let city = self.city().await?;
        for u in cast::UNITS {
            let unit = step(
                "creating a unit",
                services::units::create_unit(
                    self.state,
                    city.clone(),
                    NewUnit {
                        name: u.name.to_owned(),
                        kind: u.kind,
                        district: u.district.map(str::to_owned),
                    },
                )
                .await,
            )?;
            self.units.push(unit.id);
        }
        for a in cast::STAFF {
            let req = json!({
                "email": a.email, "name": a.name, "roles": [a.role.as_str()],
                "unit_id": self.units[a.unit].0
            });
            self.create_person(&city, a.email, req).await?;
        }
        Ok(())
    }

    /// Creates an account through the user service (an invitation is e-mailed) and sets its
    /// password as the invitation's page would.
    async fn create_person(
        &mut self,
        by: &Caller,
        email: &'static str,
        req: Value,
    ) -> anyhow::Result<UserId> {
        let user = step(
            "creating an account",
            services::users::create_user(self.state, by.clone(), body(req)?).await,
        )?;
        self.people.insert(email, user.id);
        self.accept_invitation(user.id).await?;
        Ok(user.id)
    }

    /// The person opens their invitation and sets the demo password.
    async fn accept_invitation(&self, id: UserId) -> anyhow::Result<()> {
        let now = self.state.clock.now_naive();
        let hash = self.hash.clone();
        self.state
            .db
            .write(move |c| {
                let user = users::find(c, id, crate::domain::scope::Scope::City)?;
                credentials::set_password(c, id, &hash, now)?;
                credentials::set_status(c, id, UserStatus::Active, now)?;
                audit::record(
                    c,
                    now,
                    &Origin::default(),
                    Entry::about_user(Some(id), "user.invitation_accepted", id, user.unit_id),
                )
            })
            .await?;
        Ok(())
    }

    /// A selection round from creation to closing, each stage on its day (days before the
    /// start): creation, nomination, submission, review, scoring, decision, public notice and
    /// closing. Every nomination is approved.
    async fn run_round(&mut self, mut run: RoundRun, days: [i64; 8]) -> anyhow::Result<RoundId> {
        for (stage, day) in days.into_iter().enumerate() {
            self.on(day);
            self.round_stage(&mut run, stage, day).await?;
        }
        run.id
            .ok_or_else(|| anyhow::anyhow!("demo: the round was not created"))
    }

    /// One stage of a selection round, on `day` (the clock is there already).
    async fn round_stage(
        &mut self,
        run: &mut RoundRun,
        stage: usize,
        day: i64,
    ) -> anyhow::Result<()> {
        let city = self.city().await?;
        let reviewers: Vec<&str> = cast::STAFF
            .iter()
            .filter(|a| a.role == Role::Reviewer)
            .map(|a| a.email)
            .collect();
        let round = run.id.unwrap_or(RoundId(0));
        match stage {
            0 => {
                let created = step(
                    "creating a selection round",
                    services::rounds::create_round(
                        self.state,
                        city.clone(),
                        body(json!({
                            "name": run.name, "year": run.deadline.year(),
                            "nomination_deadline": run.deadline.to_string()
                        }))?,
                    )
                    .await,
                )?;
                for r in &reviewers {
                    step(
                        "assigning a reviewer",
                        services::review::assign_reviewer(
                            self.state,
                            city.clone(),
                            created.id,
                            body(json!({
                                "reviewer_id": self.id(r).0,
                                "categories": ["professional_technical", "high_skill", "rural_practical"]
                            }))?,
                        )
                        .await,
                    )?;
                }
                run.id = Some(created.id);
            }
            1 => {
                for (unit, form) in std::mem::take(&mut run.forms) {
                    let admin = self.unit_admin(unit).await?;
                    let n = step(
                        "nominating",
                        services::nominations::create_nomination(
                            self.state,
                            admin,
                            round,
                            body(form)?,
                        )
                        .await,
                    )?;
                    run.nominations.push((unit, n.id));
                }
            }
            2 => {
                for (unit, id) in &run.nominations {
                    let admin = self.unit_admin(*unit).await?;
                    step(
                        "submitting a nomination",
                        services::nominations::submit_nomination(self.state, admin, *id).await,
                    )?;
                }
            }
            3 => self.advance(round, RoundStatus::Reviewing).await?,
            4 => {
                for (i, r) in reviewers.iter().enumerate() {
                    let reviewer = self.caller(r).await?;
                    for (j, (_, id)) in run.nominations.iter().enumerate() {
                        step(
                            "scoring",
                            services::review::score(
                                self.state,
                                reviewer.clone(),
                                *id,
                                body(json!({
                                    "score": 84 + ((i * 3 + j * 5) % 12) as i32,
                                    "recommendation": "recommend",
                                    "comment": COMMENTS[i % 3]
                                }))?,
                            )
                            .await,
                        )?;
                    }
                }
            }
            5 => {
                for (_, id) in &run.nominations {
                    step(
                        "deciding a nomination",
                        services::review::decide(
                            self.state,
                            city.clone(),
                            *id,
                            body(json!({
                                "decision": "approved",
                                "reason": "经评审委员会综合评定，同意聘任为人才培带人",
                                "signed_by": cast::CITY_ADMIN_NAME,
                                "signed_on": self.date(day)
                            }))?,
                        )
                        .await,
                    )?;
                }
            }
            6 => self.advance(round, RoundStatus::PublicNotice).await?,
            _ => self.advance(round, RoundStatus::Closed).await?,
        }
        Ok(())
    }

    async fn advance(&self, round: RoundId, to: RoundStatus) -> anyhow::Result<()> {
        let city = self.city().await?;
        step(
            "advancing a round",
            services::rounds::advance_round(self.state, city, round, to).await,
        )?;
        Ok(())
    }

    /// The round that appointed the demo's mentors, closed about fourteen months ago.
    async fn selection(&mut self) -> anyhow::Result<()> {
        let deadline = self.day(440);
        let mut forms = Vec::new();
        for m in cast::MENTORS {
            let mut form = (m.profile)();
            let map = form.as_object_mut().expect("an object");
            for k in ["gender", "phone", "owns_urban_housing"] {
                map.remove(k);
            }
            map.insert(
                "new_candidate".into(),
                json!({ "email": m.email, "name": m.name }),
            );
            map.insert("category".into(), json!(m.category));
            map.insert("achievements".into(), json!(m.achievements));
            map.insert("unit_opinion".into(), json!("经单位党组研究，同意推荐。"));
            forms.push((m.unit, form));
        }
        let run = RoundRun {
            name: format!("{}年度人才培带人选拔", deadline.year()),
            deadline,
            forms,
            id: None,
            nominations: Vec::new(),
        };
        self.run_round(run, [470, 466, 465, 438, 436, 434, 433, 422])
            .await?;
        // The appointed open their invitations; the city completes their profiles.
        self.on(421);
        let city = self.city().await?;
        for m in cast::MENTORS {
            let email = Email::parse(m.email).expect("valid");
            let user = self
                .state
                .db
                .run(move |c| users::find_by_email(c, &email))
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo: {} was not appointed", m.email))?;
            self.people.insert(m.email, user.id);
            self.accept_invitation(user.id).await?;
            let changes = UpdateUserRequest::parse(body(json!({ "profile": (m.profile)() }))?);
            step(
                "completing a profile",
                services::users::update_user(
                    self.state,
                    city.clone(),
                    user.id,
                    step("a profile", changes)?,
                )
                .await,
            )?;
        }
        Ok(())
    }

    /// The mentees of a mentor, created by their unit's admin.
    async fn create_mentees(&mut self, mentor: usize) -> anyhow::Result<()> {
        let unit = cast::MENTORS[mentor].unit;
        let admin = self.unit_admin(unit).await?;
        for m in cast::mentees_of(mentor) {
            let req = json!({
                "email": m.email, "name": m.name, "roles": ["mentee"],
                "unit_id": self.units[unit].0, "profile": cast::mentee_profile(m)
            });
            self.create_person(&admin, m.email, req).await?;
        }
        Ok(())
    }

    /// Drafts `mentor`'s contract from `start` and sends it out for signatures.
    async fn draft_contract(&mut self, mentor: usize, start: i64) -> anyhow::Result<ContractId> {
        let m = self.caller(cast::MENTORS[mentor].email).await?;
        let mentees: Vec<Value> = cast::mentees_of(mentor)
            .map(|e| json!({ "user_id": self.id(e.email).0 }))
            .collect();
        let k = step(
            "drafting a contract",
            services::contracts::create_contract(
                self.state,
                m.clone(),
                body(json!({ "start_date": self.date(start), "cycle_months": 36, "mentees": mentees }))?,
            )
            .await,
        )?;
        step(
            "sending a contract out",
            services::contracts::request_signatures(self.state, m, k.id).await,
        )?;
        self.contracts.insert(mentor, k.id);
        Ok(k.id)
    }

    async fn sign(&self, email: &str, k: ContractId) -> anyhow::Result<()> {
        let who = self.caller(email).await?;
        step(
            "signing a contract",
            services::contracts::sign(self.state, who, k).await,
        )?;
        Ok(())
    }

    /// Three contracts signed by all and active from 400 days ago.
    async fn contracts(&mut self) -> anyhow::Result<()> {
        self.on(418);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            self.create_mentees(mentor).await?;
        }
        self.on(412);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            self.draft_contract(mentor, 400).await?;
        }
        self.on(410);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            let k = self.contracts[&mentor];
            for m in cast::mentees_of(mentor) {
                self.sign(m.email, k).await?;
            }
        }
        self.on(409);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            let k = self.contracts[&mentor];
            self.sign(cast::MENTORS[mentor].email, k).await?;
        }
        Ok(())
    }

    /// The mentoring year's events, by day.
    fn year(&self) -> Vec<(i64, Event)> {
        let mut ev = Vec::new();
        for (i, mentor) in [LI_HUA, ZHANG_QIANG, BATEER].into_iter().enumerate() {
            let mut k = 0;
            loop {
                let held = FIRST_ACTIVITY - EVERY * k as i64 - 3 * i as i64;
                if held < 4 {
                    break;
                }
                ev.push((held - 1, Event::Log { mentor, k }));
                if held - 4 >= 1 {
                    ev.push((held - 4, Event::Respond { mentor, k }));
                }
                k += 1;
            }
        }
        // Plans: every mentee of an active contract writes one; most are approved.
        for (i, m) in cast::MENTEES.iter().enumerate() {
            if m.mentor == ZHAO_LI {
                continue;
            }
            ev.push((395, Event::PlanWrite(i)));
            match m.email {
                "sun.yue@demo.peidai.cn" => {}
                "zheng.lei@demo.peidai.cn" => ev.push((30, Event::PlanSubmit(i))),
                "yang.fan@demo.peidai.cn" => {
                    ev.push((205, Event::PlanSubmit(i)));
                    ev.push((
                        200,
                        Event::PlanReview {
                            mentee: i,
                            approve: false,
                        },
                    ));
                }
                "zhang.chunmei@demo.peidai.cn" => {
                    ev.push((210, Event::PlanSubmit(i)));
                    ev.push((
                        205,
                        Event::PlanReview {
                            mentee: i,
                            approve: false,
                        },
                    ));
                    ev.push((200, Event::PlanWrite(i)));
                    ev.push((198, Event::PlanSubmit(i)));
                }
                _ => {
                    ev.push((390, Event::PlanSubmit(i)));
                    ev.push((
                        385,
                        Event::PlanReview {
                            mentee: i,
                            approve: true,
                        },
                    ));
                }
            }
        }
        for (stage, day) in SUPPLEMENTARY_DAYS.into_iter().enumerate() {
            ev.push((day, Event::Supplementary(stage)));
        }
        for (day, stage) in [
            (250, 0),
            (245, 1),
            (240, 2),
            (180, 3),
            (150, 4),
            (100, 5),
            (97, 6),
            (60, 7),
            (35, 8),
            (30, 9),
            (20, 10),
            (18, 11),
            (15, 12),
        ] {
            ev.push((day, Event::Benefit(stage)));
        }
        for (day, stage) in [(25, 0), (20, 1), (17, 2)] {
            ev.push((day, Event::ZhaoContract(stage)));
        }
        for (day, stage) in [(25, 0), (6, 1), (5, 2), (4, 3), (3, 4), (2, 5)] {
            ev.push((day, Event::Assessment(stage)));
        }
        for (day, stage) in [(7, 0), (5, 1), (4, 2), (3, 3), (2, 4)] {
            ev.push((day, Event::OpenRound(stage)));
        }
        ev
    }

    async fn happen(&mut self, event: Event) -> anyhow::Result<()> {
        match event {
            Event::Log { mentor, k } => self.log(mentor, k).await,
            Event::Respond { mentor, k } => self.respond(mentor, k).await,
            Event::PlanWrite(i) => self.write_plan(i).await,
            Event::PlanSubmit(i) => {
                let m = &cast::MENTEES[i];
                let who = self.caller(m.email).await?;
                step(
                    "submitting a plan",
                    services::plans::submit(self.state, who, self.plans[&i]).await,
                )?;
                Ok(())
            }
            Event::PlanReview { mentee, approve } => {
                let m = &cast::MENTEES[mentee];
                let mentor = self.caller(cast::MENTORS[m.mentor].email).await?;
                let req = if approve {
                    json!({ "decision": "approved", "comment": "目标明确，进度安排合理，同意。" })
                } else {
                    json!({ "decision": "returned", "comment": "年度目标请再具体一些，写明考核方式和完成时间。" })
                };
                step(
                    "reviewing a plan",
                    services::plans::review(self.state, mentor, self.plans[&mentee], body(req)?)
                        .await,
                )?;
                Ok(())
            }
            Event::Supplementary(stage) => {
                let day = SUPPLEMENTARY_DAYS[stage];
                self.supplementary(stage, day).await
            }
            Event::Benefit(stage) => self.benefit(stage).await,
            Event::ZhaoContract(stage) => self.zhao_contract(stage).await,
            Event::Assessment(stage) => self.assessment(stage).await,
            Event::OpenRound(stage) => self.open_round(stage).await,
        }
    }

    /// The mentees who attend the `k`-th activity: all five, one absent now and then.
    fn attendees(&self, mentor: usize, k: usize) -> Vec<&'static str> {
        let all: Vec<&'static str> = cast::mentees_of(mentor).map(|m| m.email).collect();
        if k % 4 == 3 {
            let absent = k % all.len();
            all.into_iter()
                .enumerate()
                .filter(|(i, _)| *i != absent)
                .map(|(_, e)| e)
                .collect()
        } else {
            all
        }
    }

    async fn log(&mut self, mentor: usize, k: usize) -> anyhow::Result<()> {
        let a = activities::nth(mentor, k);
        let held = FIRST_ACTIVITY
            - EVERY * k as i64
            - 3 * [LI_HUA, ZHANG_QIANG, BATEER]
                .iter()
                .position(|m| *m == mentor)
                .unwrap_or(0) as i64;
        let ids: Vec<i64> = self
            .attendees(mentor, k)
            .iter()
            .map(|e| self.id(e).0)
            .collect();
        let who = self.caller(cast::MENTORS[mentor].email).await?;
        let logged = step(
            "logging an activity",
            services::activities::log_activity(
                self.state,
                who,
                self.contracts[&mentor],
                body(json!({
                    "kind": a.kind, "title": a.title, "held_on": self.date(held),
                    "hours": a.hours, "place": a.place, "summary": a.summary,
                    "attendee_ids": ids
                }))?,
            )
            .await,
        )?;
        self.logged.insert((mentor, k), logged.id);
        Ok(())
    }

    /// Each attendee confirms; 何涛 disputes one of 张强's site trainings.
    async fn respond(&mut self, mentor: usize, k: usize) -> anyhow::Result<()> {
        let id = self.logged[&(mentor, k)];
        for e in self.attendees(mentor, k) {
            let disputed = mentor == ZHANG_QIANG && k == 5 && e == "he.tao@demo.peidai.cn";
            let req = if disputed {
                json!({ "status": "disputed", "note": "当天本人在外地参加安全培训，没有参加这次现场实训。" })
            } else {
                json!({ "status": "confirmed" })
            };
            let who = self.caller(e).await?;
            step(
                "answering an activity",
                services::activities::respond(self.state, who, id, body(req)?).await,
            )?;
        }
        Ok(())
    }

    async fn write_plan(&mut self, i: usize) -> anyhow::Result<()> {
        let m = &cast::MENTEES[i];
        let (y1, y2, y3) = (
            self.day(395).year(),
            self.day(395).year() + 1,
            self.day(395).year() + 2,
        );
        let first = self.plans.contains_key(&i);
        let goals = format!(
            "在导师指导下系统提升{}专业能力，三年内能够独立承担本岗位的疑难工作，并带动科室（班组）青年同事共同成长。{}",
            m.specialty,
            if first {
                "每年设定可考核的具体目标，按季度向导师汇报进展。"
            } else {
                ""
            }
        );
        let content = json!({
            "goals": goals,
            "milestones": [
                { "year": y1, "milestone": format!("掌握{}常规工作规范，完成导师布置的专题学习", m.specialty), "evidence": "学习笔记和导师签字的考核记录" },
                { "year": y2, "milestone": "独立完成本岗位疑难任务，参加一次市级以上学术或技能交流", "evidence": "工作记录、交流证明" },
                { "year": y3, "milestone": "形成一项技术总结或论文，具备带教新人的能力", "evidence": "技术总结或论文、带教记录" }
            ],
            "projects": [format!("{}岗位技能提升项目", m.specialty)]
        });
        let contract = self.contracts[&m.mentor];
        let who = self.caller(m.email).await?;
        let plan = step(
            "writing a plan",
            services::plans::write_plan(self.state, who, contract, body(content)?).await,
        )?;
        self.plans.insert(i, plan.id);
        Ok(())
    }

    async fn entry(&self, email: &str) -> anyhow::Result<MentorEntryId> {
        let id = self.id(email);
        let entry = self
            .state
            .db
            .run(move |c| mentors::active_entry_of(c, id))
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo: {email} holds no appointment"))?;
        Ok(entry.id)
    }

    /// 陈晨, 李华's mentee, is appointed in a supplementary round (the second tier): one stage
    /// of it.
    async fn supplementary(&mut self, stage: usize, day: i64) -> anyhow::Result<()> {
        let mut run = match self.supplementary.take() {
            Some(run) => run,
            None => {
                let deadline = self.day(280);
                let form = json!({
                    "candidate_id": self.id(cast::CHEN_CHEN).0,
                    "category": "professional_technical",
                    "achievements": "在李华导师指导下独立开展冠脉造影三百余例，获市级青年岗位能手称号。",
                    "unit_opinion": "该同志是人才培带人李华的培带对象，进步显著，同意推荐。"
                });
                RoundRun {
                    name: format!("{}年度人才培带人增补选拔", deadline.year()),
                    deadline,
                    forms: vec![(cast::HEALTH, form)],
                    id: None,
                    nominations: Vec::new(),
                }
            }
        };
        let done = self.round_stage(&mut run, stage, day).await;
        self.supplementary = Some(run);
        done
    }

    async fn benefit(&mut self, stage: u8) -> anyhow::Result<()> {
        let state = self.state;
        let city = self.city().await?;
        let apply = |who: Caller, kind: &str, note: &str| {
            let req = body(json!({ "kind": kind, "note": note }));
            async move {
                step(
                    "applying for a benefit",
                    services::benefit_requests::apply(state, who, req?).await,
                )
            }
        };
        match stage {
            0 => {
                let who = self.caller(cast::MENTORS[LI_HUA].email).await?;
                let b = apply(
                    who,
                    "apartment",
                    "本人系市外引进人才，在市区无住房，申请入住玉龙人才公寓。",
                )
                .await?;
                self.benefits.push(b.id);
            }
            1 | 11 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "approving a benefit",
                    services::benefit_decisions::decide(
                        state,
                        city,
                        id,
                        body(json!({ "outcome": "approved" }))?,
                    )
                    .await,
                )?;
            }
            2 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "issuing a benefit",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({ "room": "玉龙人才公寓3号楼1单元502室" }))?,
                    )
                    .await,
                )?;
            }
            3 | 9 => {
                let who = if stage == 3 { ZHANG_QIANG } else { BATEER };
                let entry = self.entry(cast::MENTORS[who].email).await?;
                let starts = if stage == 3 {
                    self.date(170)
                } else {
                    self.date(-12)
                };
                let b = step(
                    "selecting a mentor for a health check",
                    services::benefit_requests::select(
                        state,
                        city,
                        body(json!({
                            "kind": "health_check", "mentor_entry_id": entry.0,
                            "starts_on": starts, "place": "市医院健康管理中心"
                        }))?,
                    )
                    .await,
                )?;
                self.benefits.push(b.id);
            }
            4 => {
                let id = *self.benefits.last().expect("a selection");
                step(
                    "recording a health check",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({
                            "checked_on": self.date(168), "institution": "市医院健康管理中心"
                        }))?,
                    )
                    .await,
                )?;
            }
            5 => {
                let who = self.caller(cast::MENTORS[LIU_JIANGUO].email).await?;
                let b = apply(who, "bus_card", "申请办理人才公交IC卡。").await?;
                self.benefits.push(b.id);
            }
            6 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "declining a benefit",
                    services::benefit_decisions::decide(state, city, id, body(json!({
                        "outcome": "declined",
                        "reason": "申请人工作地点在松山区农村牧区，不在人才公交IC卡的市区通行范围内，暂不予办理。"
                    }))?).await,
                )?;
            }
            7 => {
                step(
                    "inviting to the training class",
                    services::benefit_requests::invite_to_class(
                        state,
                        city,
                        body(json!({
                            "year": self.day(-20).year(), "starts_on": self.date(-20),
                            "ends_on": self.date(-24), "place": "市委党校"
                        }))?,
                    )
                    .await,
                )?;
            }
            8 => {
                let who = self.caller(cast::MENTORS[ZHAO_LI].email).await?;
                apply(
                    who,
                    "bus_card",
                    "申请办理人才公交IC卡，方便往返校区和野外观测站。",
                )
                .await?;
            }
            10 => {
                let who = self.caller(cast::MENTORS[LI_HUA].email).await?;
                let b = apply(who, "bus_card", "申请办理人才公交IC卡。").await?;
                self.benefits.push(b.id);
            }
            _ => {
                let id = *self.benefits.last().expect("an approval");
                step(
                    "issuing a bus card",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({ "card_number": "RC-0476-0012" }))?,
                    )
                    .await,
                )?;
            }
        }
        Ok(())
    }

    /// 赵丽's contract: drafted three weeks ago, starting in a fortnight, signed by three of five.
    async fn zhao_contract(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => self.create_mentees(ZHAO_LI).await,
            1 => self.draft_contract(ZHAO_LI, -15).await.map(drop),
            _ => {
                let k = self.contracts[&ZHAO_LI];
                for m in cast::mentees_of(ZHAO_LI).take(3) {
                    self.sign(m.email, k).await?;
                }
                Ok(())
            }
        }
    }

    /// The year assessed: the previous program year, or this one in December.
    fn assessed_year(&self) -> i32 {
        if self.today.month() == 12 {
            self.today.year()
        } else {
            self.today.year() - 1
        }
    }

    async fn assessment_of(
        &self,
        mentor: usize,
    ) -> anyhow::Result<crate::domain::ids::AssessmentId> {
        let city = self.city().await?;
        let round = self.assessment_round.expect("the round is open");
        let list = step(
            "listing assessments",
            services::assessments::list(
                self.state,
                &city,
                round,
                Default::default(),
                PageRequest {
                    page: 1,
                    per_page: 100,
                },
            )
            .await,
        )?;
        let user = self.id(cast::MENTORS[mentor].email);
        list.items
            .iter()
            .find(|a| a.mentor_user_id == user)
            .map(|a| a.id)
            .ok_or_else(|| anyhow::anyhow!("demo: no assessment of {}", cast::MENTORS[mentor].name))
    }

    async fn grade(&self, mentor: usize, grade: &str, comment: &str) -> anyhow::Result<()> {
        let id = self.assessment_of(mentor).await?;
        let admin = self.unit_admin(cast::MENTORS[mentor].unit).await?;
        step(
            "grading",
            services::assessments::write_grade(
                self.state,
                admin,
                id,
                body(json!({ "grade": grade, "overall_comment": comment }))?,
            )
            .await,
        )?;
        Ok(())
    }

    async fn submit_assessment(&self, mentor: usize) -> anyhow::Result<()> {
        let id = self.assessment_of(mentor).await?;
        let admin = self.unit_admin(cast::MENTORS[mentor].unit).await?;
        step(
            "submitting an assessment",
            services::assessments::submit(self.state, admin, id).await,
        )?;
        Ok(())
    }

    /// The assessment round in progress: 刘建国 (no contract, no activity) confirmed unqualified
    /// three days ago, inside his objection window; 李华 submitted; 张强 being graded.
    async fn assessment(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => {
                let city = self.city().await?;
                let opened = step(
                    "opening the assessment round",
                    services::assessment_rounds::open_round(
                        self.state,
                        city,
                        body(json!({
                            "year": self.assessed_year(), "opens_on": self.date(25),
                            "closes_on": self.date(-25)
                        }))?,
                    )
                    .await,
                )?;
                self.assessment_round = Some(opened.round.id);
            }
            1 => {
                self.grade(
                    LIU_JIANGUO,
                    "unqualified",
                    "全年未签订培带联系书，未开展任何培带活动，未完成培带人职责。",
                )
                .await?
            }
            2 => self.submit_assessment(LIU_JIANGUO).await?,
            3 => {
                self.grade(
                    LI_HUA,
                    "excellent",
                    "全年教学查房、专题讲座和学术交流均超额完成，培带对象成长明显，其中一人入选人才培带人。",
                )
                .await?;
                self.submit_assessment(LI_HUA).await?;
            }
            4 => {
                let id = self.assessment_of(LIU_JIANGUO).await?;
                let city = self.city().await?;
                step(
                    "confirming an assessment",
                    services::assessments::confirm(self.state, city, id).await,
                )?;
            }
            _ => {
                self.grade(
                    ZHANG_QIANG,
                    "qualified",
                    "现场实训扎实，年度指标基本完成；一次活动的出勤有异议，待核实。",
                )
                .await?
            }
        }
        Ok(())
    }

    /// The next round, open for nominations until six weeks from now.
    async fn open_round(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => {
                let deadline = self.day(-45);
                let city = self.city().await?;
                let round = step(
                    "opening a selection round",
                    services::rounds::create_round(
                        self.state,
                        city,
                        body(json!({
                            "name": format!("{}年度人才培带人选拔", deadline.year() + 1),
                            "year": deadline.year(),
                            "nomination_deadline": deadline.to_string()
                        }))?,
                    )
                    .await,
                )?;
                self.open_round = Some(round.id);
            }
            1 | 3 | 4 => {
                let (unit, form) = match stage {
                    1 => (
                        cast::HONGSHAN,
                        json!({
                            "new_candidate": { "email": "jia.ming@demo.peidai.cn", "name": "贾明" },
                            "category": "professional_technical", "birth_date": "1981-10-10",
                            "education": "master", "title_level": "senior",
                            "specialty": "中学数学教育", "city_work_start_date": "2004-09-01",
                            "from_outside_city": false,
                            "achievements": "红山区第一中学数学教研组长，自治区级骨干教师，指导青年教师获市级优质课一等奖六人次。",
                            "unit_opinion": "同意推荐。"
                        }),
                    ),
                    3 => (
                        cast::COLLEGE,
                        json!({
                            "new_candidate": { "email": "bai.xue@demo.peidai.cn", "name": "白雪" },
                            "category": "professional_technical", "birth_date": "1985-05-05",
                            "education": "doctorate", "title_level": "associate_senior",
                            "specialty": "蒙医药学", "city_work_start_date": "2013-07-01",
                            "from_outside_city": true
                        }),
                    ),
                    _ => (
                        cast::HEALTH,
                        json!({
                            "candidate_id": self.id("zhou.yang@demo.peidai.cn").0,
                            "category": "professional_technical",
                            "achievements": "培带期内独立完成心内科住院总医师工作，获市级青年岗位能手。"
                        }),
                    ),
                };
                let admin = self.unit_admin(unit).await?;
                let n = step(
                    "nominating",
                    services::nominations::create_nomination(
                        self.state,
                        admin,
                        self.open_round.expect("open"),
                        body(form)?,
                    )
                    .await,
                )?;
                if stage == 1 {
                    self.open_nomination = Some(n.id);
                }
            }
            _ => {
                let admin = self.unit_admin(cast::HONGSHAN).await?;
                let id = self.open_nomination.expect("nominated");
                step(
                    "submitting a nomination",
                    services::nominations::submit_nomination(self.state, admin, id).await,
                )?;
            }
        }
        Ok(())
    }
}
