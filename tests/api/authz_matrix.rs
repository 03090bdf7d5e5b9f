//! The authorization matrix: every row of the policy table × every kind of caller (no token, a
//! dead token, the city admin, each role of unit A, the same roles of unit B, the owner of the
//! object, a co-mentee, the reviewer a nomination is assigned to) × the objects its path can name
//! (unit A's object, unit B's where there is one, a missing id). The expected answer comes from
//! the row and, where the README narrows who may see an object, from the rules written below per
//! path kind; every cell is sent and every mismatch is listed.
//!
//! Writes carry a body that is invalid (`{"nonsense": 1}`, or an empty upload) so that an allowed
//! caller changes nothing; the few actions that take no body run after every other cell, on
//! objects no other cell depends on the state of, and logging out runs last.

use std::cell::RefCell;

use futures_util::StreamExt;
use serde_json::json;

use peidai::auth::policy::{Access, RoutePolicy};
use peidai::domain::ids::UnitId;
use peidai::domain::role::Role;
use peidai::startup::route_policy;

use crate::contracts::mentor;
use crate::helpers::{PASSWORD, Res, TestApp};
use crate::lists::{Year, program_year};

/// An id no object has.
const MISSING: i64 = 999_999;

/// How many requests are in flight at once.
const IN_FLIGHT: usize = 6;

/// What a caller is, for the expected answers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    NoToken,
    DeadToken,
    /// Signed in with these roles, as `/auth/me` tells them (a mentor appointed from among the
    /// mentees keeps the mentee role).
    Signed(Vec<Role>),
}

/// One caller of the matrix.
struct Principal {
    name: &'static str,
    token: Option<String>,
    kind: Kind,
    unit: Option<UnitId>,
    user: i64,
}

/// Who may see an object beyond the city admins: the admins of its unit, and the people named.
/// An object without a unit (a round, a job, an e-mail) is city-wide: every caller the row lets
/// in sees it.
#[derive(Debug, Clone, Default)]
struct Object {
    unit: Option<UnitId>,
    /// Everyone of the unit sees it (a unit: "everyone sees their own unit").
    whole_unit: bool,
    /// The mentor it belongs to (a contract's, a plan's, an assessment's, a benefit's).
    mentor: Option<i64>,
    /// The mentees who see it (a contract's parties; a plan's own mentee only).
    mentees: Vec<i64>,
    /// The reviewers it is assigned to (a nomination under review).
    reviewers: Vec<i64>,
}

impl Object {
    fn city_wide() -> Self {
        Self::default()
    }

    fn of_unit(unit: UnitId) -> Self {
        Self {
            unit: Some(unit),
            ..Self::default()
        }
    }

    /// Whether `p`, holding `roles`, sees the object.
    fn sees(&self, p: &Principal, roles: &[Role]) -> bool {
        if roles.contains(&Role::CityAdmin) || self.unit.is_none() {
            return true;
        }
        if self.whole_unit && p.unit == self.unit {
            return true;
        }
        roles.iter().any(|role| match role {
            Role::UnitAdmin => p.unit == self.unit,
            Role::Mentor => self.mentor == Some(p.user),
            Role::Mentee => self.mentees.contains(&p.user),
            Role::Reviewer => self.reviewers.contains(&p.user),
            Role::CityAdmin => true,
        })
    }
}

/// A concrete request path and the object it names (`None`: missing).
struct Target {
    path: String,
    what: String,
    object: Option<Object>,
}

/// The world the matrix runs in, on 2028-01-10: a program year in unit A (see [`program_year`])
/// with a plan, an activity of 2028 with a file, an objection file, a benefit, a second round under review with a nomination
/// and its file and an assigned reviewer, and the callers.
struct World {
    y: Year,
    principals: Vec<Principal>,
    u1: Object,
    u2: Object,
    target_a: (i64, Object),
    target_b: (i64, Object),
    email: i64,
    round_closed: i64,
    round_reviewing: i64,
    nomination_closed: (i64, Object),
    nomination_reviewing: (i64, Object),
    nomination_file: i64,
    mentor_entry: Object,
    contract: Object,
    mentee0: i64,
    activity: (i64, Object),
    activity_file: i64,
    plan: (i64, Object),
    assessment: Object,
    objection: Object,
    objection_file: i64,
    benefit: (i64, Object),
}

async fn me(app: &TestApp, token: &str) -> i64 {
    let res = app.get("/api/v1/auth/me", Some(token)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.body["id"].as_i64().unwrap()
}

fn created(res: &Res, what: &str) -> i64 {
    assert!(
        res.status.is_success(),
        "{what}: {} {}",
        res.status,
        res.body
    );
    res.body["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{what}: {}", res.body))
}

async fn upload(app: &TestApp, path: &str, token: &str, bytes: &[u8]) -> i64 {
    let res = app
        .send_raw("POST", path, Some(token), "application/octet-stream", bytes)
        .await;
    created(&res, path)
}

async fn signed(
    app: &TestApp,
    name: &'static str,
    email: &str,
    role: Role,
    unit: Option<UnitId>,
) -> Principal {
    let (user, token) = app.make_user(email, &[role], unit).await;
    Principal {
        name,
        token: Some(token),
        kind: Kind::Signed(vec![role]),
        unit,
        user: user.0,
    }
}

async fn world() -> World {
    let mut y = program_year().await;
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), b"-the-lecture"].concat();

    // A file on the objection while its window is open; then into 2028, where the activities
    // of 2027 are locked by the confirmed assessment, for an activity that takes a file.
    let objection_file = upload(
        &y.app,
        &format!(
            "/api/v1/assessment-objections/{}/files?name=ledger.pdf",
            y.objection
        ),
        &y.mentor_token,
        pdf,
    )
    .await;
    crate::assessments::travel(&y.app, "2028-01-10T01:00:00Z", &mut y.s).await;
    y.mentor_token = y.app.login("year.mentor@test.cn", PASSWORD).await;
    let app = &y.app;
    let (u1, u2, city) = (y.s.u1, y.s.u2, y.s.city.clone());

    // The people of the program year.
    let owner_mentor = me(app, &y.mentor_token).await;
    let mentee0_token = app.login("year.mentee0@test.cn", PASSWORD).await;
    let mentee1_token = app.login("year.mentee1@test.cn", PASSWORD).await;
    let mentee0 = me(app, &mentee0_token).await;
    let mentee1 = me(app, &mentee1_token).await;
    let contract_mentees: Vec<i64> = {
        let mut ids = vec![mentee0, mentee1];
        for i in 2..5 {
            let t = app
                .login(&format!("year.mentee{i}@test.cn"), PASSWORD)
                .await;
            ids.push(me(app, &t).await);
        }
        ids
    };

    // A plan of mentee 0, an activity of mentees 0 and 1 with a file, a benefit of the mentor.
    let plan = app
        .request(
            "PUT",
            &format!("/api/v1/contracts/{}/plan", y.contract),
            Some(&mentee0_token),
            Some(json!({
                "goals": "三年内独立承担设施农业技术推广项目",
                "milestones": [
                    { "year": 2027, "milestone": "掌握温室环境调控技术", "evidence": "调控方案" },
                    { "year": 2028, "milestone": "参与市级科研项目", "evidence": "项目立项书署名" }
                ],
                "projects": ["设施蔬菜高效栽培示范项目"]
            })),
        )
        .await;
    let plan = created(&plan, "the plan");
    let logged = app
        .post(
            &format!("/api/v1/contracts/{}/activities", y.contract),
            Some(&y.mentor_token),
            crate::assessments::activity("lecture", "2028-01-05", &[mentee0, mentee1]),
        )
        .await;
    let activity = created(&logged, "the activity of 2028");
    let activity_file = upload(
        app,
        &format!("/api/v1/activities/{activity}/files?name=photo.png"),
        &y.mentor_token,
        &png,
    )
    .await;
    let benefit = app
        .post(
            "/api/v1/benefits",
            Some(&city),
            json!({ "kind": "health_check", "mentor_entry_id": y.mentor_entry }),
        )
        .await;
    let benefit = created(&benefit, "the benefit");

    // A second round under review: a nomination of unit A with a file, assigned to a reviewer
    // of a unit of their own.
    let committee = app
        .create_unit(&city, "市人才评审专家库", "city_department")
        .await;
    let assigned = signed(
        app,
        "the assigned reviewer",
        "assigned.reviewer@test.cn",
        Role::Reviewer,
        Some(committee),
    )
    .await;
    let round = app
        .post(
            "/api/v1/selection-rounds",
            Some(&city),
            json!({ "name": "2028年度人才培带人选拔", "year": 2028 }),
        )
        .await;
    let round_reviewing = created(&round, "the 2028 round");
    let res = app
        .post(
            &format!("/api/v1/selection-rounds/{round_reviewing}/reviewers"),
            Some(&city),
            json!({ "reviewer_id": assigned.user, "categories": ["professional_technical"] }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let (candidate, _) = app
        .make_user("candidate.a@test.cn", &[Role::Mentee], Some(u1))
        .await;
    let profile = app
        .patch(
            &format!("/api/v1/users/{}", candidate.0),
            Some(&city),
            json!({ "profile": {
                "gender": "female", "birth_date": "1982-01-01",
                "city_work_start_date": "2010-01-01", "education": "doctorate",
                "specialty": "临床医学", "phone": "13900000001"
            } }),
        )
        .await;
    assert_eq!(profile.status, 200, "{}", profile.body);
    let n = app
        .post(
            &format!("/api/v1/selection-rounds/{round_reviewing}/nominations"),
            Some(&y.s.admin1.1),
            json!({ "candidate_id": candidate.0, "category": "professional_technical" }),
        )
        .await;
    let nomination = created(&n, "the 2028 nomination");
    let nomination_file = upload(
        app,
        &format!("/api/v1/nominations/{nomination}/files?name=form.pdf"),
        &y.s.admin1.1,
        pdf,
    )
    .await;
    let submitted = app
        .request(
            "POST",
            &format!("/api/v1/nominations/{nomination}/submit"),
            Some(&y.s.admin1.1),
            None,
        )
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let advanced = app
        .post(
            &format!("/api/v1/selection-rounds/{round_reviewing}/advance"),
            Some(&city),
            json!({ "to": "reviewing" }),
        )
        .await;
    assert_eq!(advanced.status, 200, "{}", advanced.body);
    let assigned_user = assigned.user;
    let queue = app.get("/api/v1/reviews", assigned.token.as_deref()).await;
    assert_eq!(
        queue.body["total"], 1,
        "the reviewer's queue: {}",
        queue.body
    );

    // Two people to act on through /users/{id}: no one else's cell depends on them.
    let (target_a, _) = app
        .make_user("target.a@test.cn", &[Role::Mentee], Some(u1))
        .await;
    let (target_b, _) = app
        .make_user("target.b@test.cn", &[Role::Mentee], Some(u2))
        .await;
    let email = app.outbox().first().expect("an e-mail was queued").id.0;

    // A token that was good until its user logged out.
    let (_, dead) = app
        .make_user("logged.out@test.cn", &[Role::Mentee], Some(u1))
        .await;
    let out = app
        .request("POST", "/api/v1/auth/logout", Some(&dead), None)
        .await;
    assert!(out.status.is_success(), "{}", out.status);
    assert_eq!(app.get("/api/v1/auth/me", Some(&dead)).await.status, 401);

    let (mentor_a, _, mentor_a_token) = mentor(app, "other.mentor.a@test.cn", u1).await;
    let (mentor_b, _, mentor_b_token) = mentor(app, "mentor.b@test.cn", u2).await;
    let admin1 = me(app, &y.s.admin1.1).await;
    let admin2 = me(app, &y.s.admin2.1).await;
    let city_id = me(app, &city).await;
    let mut principals = vec![
        Principal {
            name: "no token",
            token: None,
            kind: Kind::NoToken,
            unit: None,
            user: 0,
        },
        Principal {
            name: "a dead token",
            token: Some(dead),
            kind: Kind::DeadToken,
            unit: Some(u1),
            user: 0,
        },
        Principal {
            name: "the city admin",
            token: Some(city.clone()),
            kind: Kind::Signed(vec![Role::CityAdmin]),
            unit: None,
            user: city_id,
        },
        Principal {
            name: "unit A's admin",
            token: Some(y.s.admin1.1.clone()),
            kind: Kind::Signed(vec![Role::UnitAdmin]),
            unit: Some(u1),
            user: admin1,
        },
        signed(
            app,
            "a reviewer of unit A",
            "reviewer.a@test.cn",
            Role::Reviewer,
            Some(u1),
        )
        .await,
        Principal {
            name: "a mentor of unit A",
            token: Some(mentor_a_token),
            kind: Kind::Signed(vec![Role::Mentor]),
            unit: Some(u1),
            user: mentor_a.0,
        },
        signed(
            app,
            "a mentee of unit A",
            "mentee.a@test.cn",
            Role::Mentee,
            Some(u1),
        )
        .await,
        Principal {
            name: "unit B's admin",
            token: Some(y.s.admin2.1.clone()),
            kind: Kind::Signed(vec![Role::UnitAdmin]),
            unit: Some(u2),
            user: admin2,
        },
        signed(
            app,
            "a reviewer of unit B",
            "reviewer.b@test.cn",
            Role::Reviewer,
            Some(u2),
        )
        .await,
        Principal {
            name: "a mentor of unit B",
            token: Some(mentor_b_token),
            kind: Kind::Signed(vec![Role::Mentor]),
            unit: Some(u2),
            user: mentor_b.0,
        },
        signed(
            app,
            "a mentee of unit B",
            "mentee.b@test.cn",
            Role::Mentee,
            Some(u2),
        )
        .await,
        Principal {
            name: "the owning mentor",
            token: Some(y.mentor_token.clone()),
            kind: Kind::Signed(vec![Role::Mentor]),
            unit: Some(u1),
            user: owner_mentor,
        },
        Principal {
            name: "the owning mentee",
            token: Some(mentee0_token),
            kind: Kind::Signed(vec![Role::Mentee]),
            unit: Some(u1),
            user: mentee0,
        },
        Principal {
            name: "a co-mentee",
            token: Some(mentee1_token),
            kind: Kind::Signed(vec![Role::Mentee]),
            unit: Some(u1),
            user: mentee1,
        },
        assigned,
    ];
    // Each caller's roles as the service holds them.
    for p in &mut principals {
        if let Kind::Signed(roles) = &mut p.kind {
            let me = app.get("/api/v1/auth/me", p.token.as_deref()).await;
            *roles = serde_json::from_value(me.body["roles"].clone()).unwrap();
        }
    }

    let mentors_own = |mentees: Vec<i64>| Object {
        unit: Some(u1),
        mentor: Some(owner_mentor),
        mentees,
        ..Object::default()
    };
    World {
        principals,
        u1: Object {
            whole_unit: true,
            ..Object::of_unit(u1)
        },
        u2: Object {
            whole_unit: true,
            ..Object::of_unit(u2)
        },
        target_a: (target_a.0, Object::of_unit(u1)),
        target_b: (target_b.0, Object::of_unit(u2)),
        email,
        round_closed: y.selection_round,
        round_reviewing,
        // Approved and appointed: no longer under review, so no reviewer sees it.
        nomination_closed: (y.nomination, Object::of_unit(u1)),
        nomination_reviewing: (
            nomination,
            Object {
                reviewers: vec![assigned_user],
                ..Object::of_unit(u1)
            },
        ),
        nomination_file,
        mentor_entry: mentors_own(vec![]),
        contract: mentors_own(contract_mentees.clone()),
        mentee0,
        // Its files are "as for the contract"; its attendees (mentees 0 and 1) are the only
        // mentee callers of the contract here.
        activity: (activity, mentors_own(contract_mentees)),
        activity_file,
        // "a mentee their own": the co-mentee does not see mentee 0's plan.
        plan: (plan, mentors_own(vec![mentee0])),
        assessment: mentors_own(vec![]),
        objection: mentors_own(vec![]),
        objection_file,
        benefit: (benefit, mentors_own(vec![])),
        y,
    }
}

impl World {
    /// The requests a row is tried with: each object its path can name, and a missing one.
    fn targets(&self, row: &RoutePolicy) -> Vec<Target> {
        let path = row.path.as_str();
        let one = |p: String, what: &str, object: Option<Object>| Target {
            path: p,
            what: what.to_owned(),
            object,
        };
        if !path.starts_with("/api/v1/") || !path.contains('{') {
            // The pages, the document and its viewer are public; a page checks its own cookie.
            return vec![one(filled(path), "-", Some(Object::city_wide()))];
        }
        let with = |id: i64| path.replacen("{id}", &id.to_string(), 1);
        let by_id = |objects: Vec<(i64, &str, Object)>| {
            let mut out: Vec<Target> = objects
                .into_iter()
                .map(|(id, what, o)| one(with(id), what, Some(o)))
                .collect();
            out.push(one(with(MISSING), "a missing id", None));
            out
        };
        // A second parameter: the object with its own, the missing object, and a missing second.
        let pair = |id: i64, second: &str, value: i64, o: &Object, what: &str| {
            let both = |a: i64, b: i64| with(a).replace(second, &b.to_string());
            vec![
                one(both(id, value), what, Some(o.clone())),
                one(both(MISSING, value), "a missing id", None),
                one(both(id, MISSING), "a missing second id", None),
            ]
        };
        let u = |id: UnitId| id.0;
        let y = &self.y;
        let prefix = |p: &str| path.starts_with(p);
        if path.contains("{file_id}") {
            let (id, file, o, what) = if prefix("/api/v1/activities/") {
                (
                    self.activity.0,
                    self.activity_file,
                    &self.activity.1,
                    "A's activity file",
                )
            } else if prefix("/api/v1/nominations/") {
                let (n, o) = &self.nomination_reviewing;
                (*n, self.nomination_file, o, "A's nomination file")
            } else if prefix("/api/v1/assessment-objections/") {
                (
                    y.objection,
                    self.objection_file,
                    &self.objection,
                    "A's objection file",
                )
            } else {
                panic!("a route this matrix cannot fill: {path}");
            };
            return pair(id, "{file_id}", file, o, what);
        }
        if path.contains("{user_id}") {
            assert!(prefix("/api/v1/contracts/"), "cannot fill {path}");
            return pair(
                y.contract,
                "{user_id}",
                self.mentee0,
                &self.contract,
                "A's contract, mentee 0",
            );
        }
        if path.contains("{unit_id}") {
            assert!(prefix("/api/v1/assessment-rounds/"), "cannot fill {path}");
            let at = |r: i64, unit: i64| with(r).replace("{unit_id}", &unit.to_string());
            return vec![
                one(
                    at(y.assessment_round, u(y.s.u1)),
                    "unit A's report",
                    Some(self.u1.clone()),
                ),
                one(
                    at(y.assessment_round, u(y.s.u2)),
                    "unit B's report",
                    Some(self.u2.clone()),
                ),
                one(at(MISSING, u(y.s.u1)), "a missing id", None),
                one(at(y.assessment_round, MISSING), "a missing unit", None),
            ];
        }
        if path.contains("{name}") {
            return vec![one(
                path.replace("{name}", "send_emails"),
                "a job",
                Some(Object::city_wide()),
            )];
        }
        if path.contains("{kind}") {
            let kind = if prefix("/api/v1/imports/") {
                "units"
            } else {
                "health_check"
            };
            return vec![one(
                path.replace("{kind}", kind),
                kind,
                Some(Object::city_wide()),
            )];
        }
        if path.contains("{year}") {
            return vec![one(
                path.replace("{year}", "2027"),
                "2027",
                Some(Object::city_wide()),
            )];
        }
        assert!(
            path.contains("{id}"),
            "a route this matrix cannot fill: {path}"
        );
        let city_wide = Object::city_wide;
        if prefix("/api/v1/units/") {
            by_id(vec![
                (u(y.s.u1), "unit A", self.u1.clone()),
                (u(y.s.u2), "unit B", self.u2.clone()),
            ])
        } else if prefix("/api/v1/users/") {
            by_id(vec![
                (self.target_a.0, "a mentee of A", self.target_a.1.clone()),
                (self.target_b.0, "a mentee of B", self.target_b.1.clone()),
            ])
        } else if prefix("/api/v1/admin/emails/") {
            by_id(vec![(self.email, "an e-mail", city_wide())])
        } else if prefix("/api/v1/selection-rounds/") {
            by_id(vec![
                (self.round_closed, "the closed round", city_wide()),
                (self.round_reviewing, "the round under review", city_wide()),
            ])
        } else if prefix("/api/v1/nominations/") || prefix("/api/v1/reviews/") {
            let (closed, c) = &self.nomination_closed;
            let (reviewing, r) = &self.nomination_reviewing;
            by_id(vec![
                (*closed, "A's appointed nomination", c.clone()),
                (*reviewing, "A's nomination under review", r.clone()),
            ])
        } else if prefix("/api/v1/objections/") {
            // No notice objection is recorded in this world: only the missing one.
            by_id(vec![])
        } else if prefix("/api/v1/mentors/") {
            by_id(vec![(
                y.mentor_entry,
                "A's mentor",
                self.mentor_entry.clone(),
            )])
        } else if prefix("/api/v1/contracts/") {
            by_id(vec![(y.contract, "A's contract", self.contract.clone())])
        } else if prefix("/api/v1/activities/") {
            by_id(vec![(
                self.activity.0,
                "A's activity",
                self.activity.1.clone(),
            )])
        } else if prefix("/api/v1/plans/") {
            by_id(vec![(self.plan.0, "mentee 0's plan", self.plan.1.clone())])
        } else if prefix("/api/v1/assessment-rounds/") {
            by_id(vec![(
                y.assessment_round,
                "the assessment round",
                city_wide(),
            )])
        } else if prefix("/api/v1/assessments/") {
            by_id(vec![(
                y.assessment,
                "A's assessment",
                self.assessment.clone(),
            )])
        } else if prefix("/api/v1/assessment-objections/") {
            by_id(vec![(y.objection, "A's objection", self.objection.clone())])
        } else if prefix("/api/v1/benefits/") {
            by_id(vec![(
                self.benefit.0,
                "A's benefit",
                self.benefit.1.clone(),
            )])
        } else {
            panic!("a route this matrix cannot fill: {path}")
        }
    }
}

/// A public path with its parameters filled (a page checks the object itself, after its cookie).
fn filled(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap();
        if !rest[open..=close].contains(':') {
            out.push('1');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

const VIEWERS: &[Role] = &[Role::CityAdmin, Role::UnitAdmin, Role::Mentor];
const THE_MENTOR: &[Role] = &[Role::Mentor];

/// Where the README names fewer roles than the row lets in: who may call the route.
fn readme_roles(method: &str, path: &str) -> Option<&'static [Role]> {
    Some(match (method, path) {
        // "city admins, the unit's admins, the mentor once confirmed"
        ("GET", "/api/v1/assessments/{id}") => VIEWERS,
        // "as for the assessment"
        ("GET", "/api/v1/assessment-objections/{id}/files") => VIEWERS,
        ("GET", "/api/v1/assessment-objections/{id}/files/{file_id}") => VIEWERS,
        // "the assessed mentor"; `/my-benefits` is "the mentor (own)" of the benefits' line.
        ("GET", "/api/v1/my-assessments" | "/api/v1/my-benefits") => THE_MENTOR,
        ("POST", "/api/v1/assessments/{id}/objection") => THE_MENTOR,
        ("POST", "/api/v1/assessment-objections/{id}/files") => THE_MENTOR,
        // "the mentor (own), unit admins (their unit's, read only), city admins (all)"
        ("GET", "/api/v1/benefits" | "/api/v1/benefits/{id}") => VIEWERS,
        // "the mentor (own), unit admins (unit), city admins (all)"
        ("GET", "/api/v1/plans-awaiting-review") => VIEWERS,
        _ => return None,
    })
}

/// The answer a cell must give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A public route: neither 401 nor the API's 403, and no 5xx. A page form sent without its
    /// CSRF cookie may answer the page's own 403 (an HTML page, not the API's error body): that
    /// is the form's check, which no token passes.
    NotRefused {
        form: bool,
    },
    Status(u16),
    /// Past the policy and the scope: anything but 401, 403, 404 or a 5xx.
    Served,
    /// Seen through a role the row does not let act (the contract's mentor who is also a
    /// mentee, on his mentee's plan): 403 or the body's answer, but never 401, 404 or a 5xx.
    SeenNotActing,
}

impl Expect {
    /// Whether the answer `got` (with the API's error code, if any) is the expected one.
    fn holds(self, got: u16, error: Option<&str>) -> bool {
        match self {
            Expect::NotRefused { form } => {
                got != 401 && got < 500 && (got != 403 || (form && error.is_none()))
            }
            Expect::Status(s) => got == s,
            Expect::Served => !matches!(got, 401 | 403 | 404) && got < 500,
            Expect::SeenNotActing => !matches!(got, 401 | 404) && got < 500,
        }
    }

    fn words(self) -> String {
        match self {
            Expect::NotRefused { .. } => "not 401/403/5xx".to_owned(),
            Expect::Status(s) => s.to_string(),
            Expect::Served => "not 401/403/404/5xx".to_owned(),
            Expect::SeenNotActing => "not 401/404/5xx".to_owned(),
        }
    }
}

/// The expected answer of one cell, from the row (narrowed by [`readme_roles`]) and the object.
fn expect(row: &RoutePolicy, p: &Principal, target: &Target) -> Expect {
    let roles = match (row.access, &p.kind) {
        (Access::Public, _) => {
            let form = row.method == "POST" && !row.path.starts_with("/api/");
            return Expect::NotRefused { form };
        }
        (_, Kind::NoToken | Kind::DeadToken) => return Expect::Status(401),
        (_, Kind::Signed(roles)) => roles,
    };
    let readme = readme_roles(row.method.as_str(), &row.path);
    let let_in: Vec<Role> = roles
        .iter()
        .copied()
        .filter(|r| row.access.allows(&[*r]) && readme.is_none_or(|x| x.contains(r)))
        .collect();
    if let_in.is_empty() {
        return Expect::Status(403);
    }
    // Seeing is by every role the caller holds, acting by the roles the row lets in: the
    // contract's mentor who is also a mentee sees his mentee's plan (as her mentor) but may not
    // submit it (a mentee's route, and not his plan): 403, or the body's 422 where the route
    // reads the body before it asks who acts; never 404, since he sees it.
    match &target.object {
        Some(o) if o.sees(p, &let_in) => Expect::Served,
        Some(o) if o.sees(p, roles) => Expect::SeenNotActing,
        _ => Expect::Status(404),
    }
}

/// When a row's cells run: the actions without a body change what they act on, so they come
/// after every other cell; logging out ends the caller's token, so it comes last.
fn phase(row: &RoutePolicy) -> u8 {
    const BODYLESS: &[&str] = &[
        "/submit",
        "/withdraw",
        "/confirm",
        "/deactivate",
        "/reactivate",
        "/invitation",
        "/request-signatures",
        "/sign",
        "/retry",
        "/run",
    ];
    if row.path == "/api/v1/auth/logout" {
        2
    } else if row.method != "GET" && BODYLESS.iter().any(|s| row.path.ends_with(s)) {
        1
    } else {
        0
    }
}

/// Sends one cell's request: no body on a read, an empty upload to a file or import route, and
/// otherwise a JSON body no route takes.
async fn send(app: &TestApp, method: &str, path: &str, token: Option<&str>) -> Res {
    let upload = path.contains("/files") || path.starts_with("/api/v1/imports/");
    if method == "GET" {
        app.request(method, path, token, None).await
    } else if upload {
        app.send_raw(method, path, token, "application/octet-stream", Vec::new())
            .await
    } else {
        app.request(method, path, token, Some(json!({ "nonsense": 1 })))
            .await
    }
}

/// 4812 as "4,812".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[actix_web::test]
async fn every_route_answers_every_caller_as_the_policy_table_and_the_scopes_say() {
    let w = world().await;
    let table = route_policy();
    struct Cell<'a> {
        row: &'a RoutePolicy,
        principal: &'a Principal,
        target: std::rc::Rc<Target>,
        expect: Expect,
    }
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(), Vec::new(), Vec::new()];
    let mut rows = 0;
    for row in table.rows() {
        rows += 1;
        for target in w.targets(row) {
            let target = std::rc::Rc::new(target);
            for principal in &w.principals {
                cells[usize::from(phase(row))].push(Cell {
                    row,
                    principal,
                    expect: expect(row, principal, &target),
                    target: target.clone(),
                });
            }
        }
    }
    let mismatches = RefCell::new(Vec::new());
    let mut checked = 0;
    for phase_cells in cells {
        checked += phase_cells.len();
        futures_util::stream::iter(phase_cells)
            .for_each_concurrent(IN_FLIGHT, |cell| {
                let (app, mismatches) = (&w.y.app, &mismatches);
                async move {
                    let method = cell.row.method.as_str();
                    let res = send(
                        app,
                        method,
                        &cell.target.path,
                        cell.principal.token.as_deref(),
                    )
                    .await;
                    let got = res.status.as_u16();
                    if !cell.expect.holds(got, res.body["error"].as_str()) {
                        mismatches.borrow_mut().push(format!(
                            "{method} {} (row {}) | {} | {} | expected {} | got {got}",
                            cell.target.path,
                            cell.row.path,
                            cell.principal.name,
                            cell.target.what,
                            cell.expect.words(),
                        ));
                    }
                }
            })
            .await;
    }
    let mut mismatches = mismatches.into_inner();
    mismatches.sort();
    eprintln!(
        "authorization matrix: {} cells checked ({rows} routes × {} callers × their objects), {} mismatches",
        grouped(checked),
        w.principals.len(),
        grouped(mismatches.len()),
    );
    assert!(
        rows > 100 && checked > 3000,
        "the matrix covers the table: {checked}"
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches (method path | caller | object | expected | got):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The world is what the matrix assumes: each caller is who they are said to be, and the owner
/// sees what the others do not.
#[actix_web::test]
async fn the_matrix_world_has_its_objects_and_callers() {
    let w = world().await;
    let app = &w.y.app;
    let by_name = |n: &str| {
        w.principals
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("no caller {n}"))
    };
    let plan = format!("/api/v1/plans/{}", w.plan.0);
    let owner = by_name("the owning mentee");
    let co = by_name("a co-mentee");
    assert_eq!(app.get(&plan, owner.token.as_deref()).await.status, 200);
    let contract = format!("/api/v1/contracts/{}", w.y.contract);
    assert_eq!(app.get(&contract, co.token.as_deref()).await.status, 200);
    for p in &w.principals {
        let Kind::Signed(roles) = &p.kind else {
            continue;
        };
        let me = app.get("/api/v1/auth/me", p.token.as_deref()).await;
        assert_eq!(me.status, 200, "{}", p.name);
        assert_eq!(me.body["id"], p.user, "{}", p.name);
        assert_eq!(me.body["roles"], json!(roles), "{}", p.name);
        let unit = me.body["unit_id"].as_i64().map(UnitId);
        assert_eq!(unit, p.unit, "{}", p.name);
    }
    let file = format!(
        "/api/v1/nominations/{}/files/{}",
        w.nomination_reviewing.0, w.nomination_file
    );
    let assigned = by_name("the assigned reviewer");
    assert_eq!(app.get(&file, assigned.token.as_deref()).await.status, 200);
}
