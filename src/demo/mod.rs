//! `serve --demo`: a demo city in the middle of a program year, so that a new operator can log in
//! and click through every page at once. Development and test only; production refuses it.
//!
//! The city is built through the services, the same rules as every user's requests: the clock is
//! stepped through the program's past (a selection round closed about fourteen months ago, the
//! contracts signed after it, a year of activities, plans, a supplementary round, benefits, an
//! assessment round in progress, a new round open for nominations) relative to the day the demo
//! is started, then handed back.

mod activities;
pub mod cast;
mod story;

use chrono::{DateTime, Utc};

use crate::auth::password::{self, Password};
use crate::db::audit::{self, AuditFilter};
use crate::db::users;
use crate::domain::page::PageRequest;
use crate::domain::role::Role;
use crate::domain::user::Email;
use crate::state::AppState;

/// One demo login, printed at start-up.
#[derive(Debug, Clone)]
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

/// Seeds the demo city on an empty database as of now, then lets the clock follow the system
/// time again. Every account's password is `password` (`demo.password`).
pub async fn seed(state: &AppState, password: &str) -> anyhow::Result<Seeded> {
    let started = state.clock.now();
    let seeded = seed_until(state, password, started).await;
    state.clock.set(None);
    seeded
}

/// The same as of `at`, leaving the clock stopped there (tests).
pub async fn seed_at(
    state: &AppState,
    password: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<Seeded> {
    let seeded = seed_until(state, password, at).await;
    state.clock.set(Some(at));
    seeded
}

async fn seed_until(state: &AppState, password: &str, at: DateTime<Utc>) -> anyhow::Result<Seeded> {
    let password = Password::parse(password)
        .map_err(|_| anyhow::anyhow!("demo.password must be 8 to 128 characters"))?;
    // (no users, the demo's city admin, the story told to its end)
    let (empty, admin, told) = state
        .db
        .run(|c| {
            if users::count(c)? == 0 {
                return Ok((true, false, false));
            }
            let admin = Email::parse(cast::CITY_ADMIN_EMAIL).expect("valid");
            let filter = AuditFilter {
                action: Some(story::TOLD.to_owned()),
                ..Default::default()
            };
            let told = audit::list(
                c,
                &filter,
                PageRequest {
                    page: 1,
                    per_page: 1,
                },
            )?;
            Ok((
                false,
                users::find_by_email(c, &admin)?.is_some(),
                told.total > 0,
            ))
        })
        .await?;
    match (empty, admin, told) {
        (true, _, _) => {}
        (false, true, true) => return Ok(Seeded::AlreadyPresent(logins(state).await?)),
        (false, true, false) => anyhow::bail!(
            "--demo: an earlier demo seeding stopped half-way on this database; start on an empty one"
        ),
        (false, false, _) => return Ok(Seeded::NotEmpty),
    }
    let hash = password::hash(&password)?;
    story::Story::tell(state, hash, at).await?;
    Ok(Seeded::Created(logins(state).await?))
}

/// The printed logins, as the database holds them now (roles included: a mentee appointed in
/// the supplementary round is a mentor too).
async fn logins(state: &AppState) -> anyhow::Result<Vec<DemoLogin>> {
    let mut emails: Vec<&'static str> = vec![cast::CITY_ADMIN_EMAIL];
    emails.extend(cast::STAFF.iter().filter(|a| a.printed).map(|a| a.email));
    emails.extend(cast::MENTORS.iter().filter(|m| m.printed).map(|m| m.email));
    emails.extend(cast::MENTEES.iter().filter(|m| m.printed).map(|m| m.email));
    let found = state
        .db
        .run(move |c| {
            let mut out = Vec::new();
            for e in emails {
                let email = Email::parse(e).expect("valid demo e-mail");
                let Some(u) = users::find_by_email(c, &email)? else {
                    continue;
                };
                let unit = match u.unit_id {
                    Some(id) => {
                        Some(crate::db::units::find(c, id, crate::domain::scope::Scope::City)?.name)
                    }
                    None => None,
                };
                out.push(DemoLogin {
                    email: e.to_owned(),
                    name: u.name,
                    roles: u.roles,
                    unit,
                });
            }
            Ok(out)
        })
        .await?;
    // Admins first, then reviewers, mentors and mentees (the order of `Role`'s first role).
    let mut found = found;
    found.sort_by_key(|l| {
        let rank = |r: &Role| match r {
            Role::CityAdmin => 0,
            Role::UnitAdmin => 1,
            Role::Reviewer => 2,
            Role::Mentor => 3,
            Role::Mentee => 4,
        };
        let first = l.roles.iter().map(rank).min().unwrap_or(9);
        // A mentee who became a mentor comes last, after the mentees.
        let both = l.roles.contains(&Role::Mentor) && l.roles.contains(&Role::Mentee);
        (if both { 5 } else { first }, l.email.clone())
    });
    Ok(found)
}

/// The logins as a table a new user reads at start-up: name, e-mail, roles, unit.
pub fn login_table(logins: &[DemoLogin], password: &str) -> String {
    use std::fmt::Write;
    let roles = |l: &DemoLogin| {
        l.roles
            .iter()
            .map(|r| role_name(*r))
            .collect::<Vec<_>>()
            .join("、")
    };
    let rows: Vec<[String; 4]> = logins
        .iter()
        .map(|l| {
            [
                l.name.clone(),
                l.email.clone(),
                roles(l),
                l.unit.clone().unwrap_or_else(|| "—".to_owned()),
            ]
        })
        .collect();
    let head = ["姓名 name", "登录邮箱 e-mail", "角色 roles", "单位 unit"];
    let mut widths = head.map(width);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: [&str; 4]| {
        let mut s = String::from(" ");
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            s.push_str(cell);
            if i < 3 {
                s.push_str(&" ".repeat(w - width(cell) + 2));
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "demo logins (every demo account's password: {password}):"
    );
    let _ = writeln!(out, "{}", line(head));
    for r in &rows {
        let _ = writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3]]));
    }
    out
}

/// The role's name as the program's staff say it, with the API's code.
fn role_name(r: Role) -> String {
    let zh = match r {
        Role::CityAdmin => "市级管理员",
        Role::UnitAdmin => "单位管理员",
        Role::Reviewer => "评审专家",
        Role::Mentor => "培带人",
        Role::Mentee => "培带对象",
    };
    format!("{zh}({})", r.as_str())
}

/// Display width in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}
