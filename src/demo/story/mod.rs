//! The demo city's past, told through the services on the days it happened. Days are counted back
//! from the day the demo starts (`on(420)`: 420 days ago, at ten in the morning in the city), so
//! the program is in mid-year whenever the demo is started.

mod assessment;
mod benefits;
mod mentoring;
mod selection;

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
}
