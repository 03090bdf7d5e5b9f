//! The contracts import (a running program taken over: active contracts with their mentees and cycle dates): its columns, the check of each row, and what applying stores.
//!
//! Each row is one contract signed on paper before the service: a mentor of the pool (by
//! certificate number or e-mail), the mentees (by e-mail), the cycle, and optionally the yearly
//! targets of the indicators (else the program's defaults, as a new contract gets them). It is
//! stored exactly as a contract signed on the pages ends up: active, every signature recorded as
//! given on the cycle's start, the places that allow one active contract per person taken, and
//! marked as imported. So activities, progress, plans, assessments and the reminder jobs work on
//! it as on any other. A contract is matched by its mentor and cycle start: the same row again
//! changes nothing. Everything a file names is looked up in a few batched queries.

use std::collections::{HashMap, HashSet};

use chrono::{Months, NaiveDate};
use serde_json::json;

use crate::db::AnyConnection;
use crate::db::audit::{self, Entry};
use crate::db::contracts::{self, ActiveHold, NewContract};
use crate::db::mentors::{self, Mentor};
use crate::db::users::{self, User};
use crate::domain::contract::{
    Indicator, Measure, MenteeInput, Terms, default_indicators, end_date,
};
use crate::domain::ids::{ContractId, UserId};
use crate::domain::indicator::IndicatorKind;
use crate::domain::policy::Policy;
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::error::AppError;
use crate::i18n::Msg;

use super::ImportContext;
use super::pool::cells::{Cells, RowProblems};
use super::pool::dedup;
use super::report::{RowAction, RowOutcome};
use super::table::{Column, Table};

const CERTIFICATE: &str = "导师证书编号";
const MENTOR_EMAIL: &str = "导师电子邮箱";
const MENTEES: [&str; 5] = [
    "培带对象1",
    "培带对象2",
    "培带对象3",
    "培带对象4",
    "培带对象5",
];
const START: &str = "培带期开始";
const END: &str = "培带期结束";
/// The optional yearly-target columns, one per indicator kind of the program.
const TARGETS: [(&str, IndicatorKind); 5] = [
    ("专题讲座年度目标", IndicatorKind::Lecture),
    ("技术辅导年度目标", IndicatorKind::TechnicalTutoring),
    ("培训授课年度目标", IndicatorKind::TrainingClass),
    ("学术、技术、经验交流年度目标", IndicatorKind::Exchange),
    ("科研项目、岗位实践年度目标", IndicatorKind::ProjectPractice),
];

const fn column(title: &'static str, required: bool, example: &'static str) -> Column {
    Column {
        title,
        required,
        example,
    }
}

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    column(CERTIFICATE, false, "赤培〔2023〕001号"),
    column(MENTOR_EMAIL, false, "zhang.wei@example.cn"),
    column(MENTEES[0], true, "li.na@example.cn"),
    column(MENTEES[1], true, "wang.fang@example.cn"),
    column(MENTEES[2], true, "liu.yang@example.cn"),
    column(MENTEES[3], true, "chen.jing@example.cn"),
    column(MENTEES[4], true, "zhao.lei@example.cn"),
    column(START, true, "2024-09-01"),
    column(END, true, "2026-08-31"),
    column(TARGETS[0].0, false, ""),
    column(TARGETS[1].0, false, ""),
    column(TARGETS[2].0, false, ""),
    column(TARGETS[3].0, false, ""),
    column(TARGETS[4].0, false, ""),
];

/// One row as read, before the database is asked.
struct ContractRow<'r> {
    row: usize,
    certificate_no: &'r str,
    mentor_email: Option<String>,
    /// `(column, e-mail)` of each filled mentee cell.
    mentees: Vec<(&'static str, String)>,
    start: Option<NaiveDate>,
    cycle_months: Option<u32>,
    targets: Vec<(IndicatorKind, u32)>,
    problems: RowProblems,
}

/// The cycle's length in months when `end` closes a cycle of 2–3 years (the policy's bounds)
/// begun on `start`: the day before an anniversary of months, or the anniversary itself.
fn cycle_months(start: NaiveDate, end: NaiveDate, policy: &Policy) -> Option<u32> {
    (policy.min_cycle_months..=policy.max_cycle_months).find(|&m| {
        end_date(start, m) == end || start.checked_add_months(Months::new(m)) == Some(end)
    })
}

fn read_row<'r>(
    cells: &Cells,
    policy: &Policy,
    number: usize,
    row: &'r [String],
) -> ContractRow<'r> {
    let mut p = RowProblems::default();
    let certificate_no = cells.get(row, CERTIFICATE);
    let mentor_cell = cells.get(row, MENTOR_EMAIL);
    let mentor_email = if mentor_cell.is_empty() {
        None
    } else {
        p.email(MENTOR_EMAIL, mentor_cell)
    };
    if certificate_no.is_empty() && mentor_cell.is_empty() {
        p.add(
            CERTIFICATE,
            Msg::new(
                format!("请填写「{CERTIFICATE}」或「{MENTOR_EMAIL}」"),
                format!("fill in \"{CERTIFICATE}\" or \"{MENTOR_EMAIL}\""),
            ),
        );
    }
    let mut mentees = Vec::new();
    for title in MENTEES {
        let cell = cells.get(row, title);
        if !cell.is_empty()
            && let Some(e) = p.email(title, cell)
        {
            mentees.push((title, e));
        }
    }
    let needed = policy.mentees_per_contract as usize;
    let filled = MENTEES
        .iter()
        .filter(|t| !cells.get(row, t).is_empty())
        .count();
    if filled != needed {
        let column = MENTEES
            .iter()
            .find(|t| cells.get(row, t).is_empty())
            .copied()
            .unwrap_or(MENTEES[0]);
        p.add(
            column,
            Msg::new(
                format!("一份联系书须有 {needed} 名培带对象，本行有 {filled} 名"),
                format!("a contract has {needed} mentees; this row has {filled}"),
            ),
        );
    }
    let start = p
        .required(START, cells.get(row, START))
        .and_then(|d| p.date(START, d));
    let end = p
        .required(END, cells.get(row, END))
        .and_then(|d| p.date(END, d));
    let mut months = None;
    if let (Some(s), Some(e)) = (start, end) {
        months = cycle_months(s, e, policy);
        if months.is_none() {
            let (min, max) = (policy.min_cycle_months, policy.max_cycle_months);
            p.add(
                END,
                Msg::new(
                    format!("培带期应为 {min} 到 {max} 个月（满整月，结束于周年日或其前一天）"),
                    format!(
                        "the cycle must be {min} to {max} whole months (ending on the anniversary or the day before)"
                    ),
                ),
            );
        }
    }
    let mut targets = Vec::new();
    for (title, kind) in TARGETS {
        let cell = cells.get(row, title);
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => targets.push((kind, n)),
            _ => p.add(
                title,
                Msg::new(
                    format!("「{title}」应为 1 到 1000 的整数"),
                    format!("\"{title}\" must be a whole number from 1 to 1000"),
                ),
            ),
        }
    }
    ContractRow {
        row: number,
        certificate_no,
        mentor_email,
        mentees,
        start,
        cycle_months: months,
        targets,
        problems: p,
    }
}

/// What the database holds of the people, entries and contracts a file names, read in a few
/// queries.
struct Known {
    by_certificate: HashMap<String, Mentor>,
    people: HashMap<String, User>,
    /// Active pool entries of the people named, by person.
    active_entries: HashMap<UserId, Mentor>,
    /// Active contracts of the mentors named, by mentor.
    holds: HashMap<UserId, ActiveHold>,
    /// The active contract each mentee named is in.
    places: HashMap<UserId, ContractId>,
}

fn look_up(c: &mut AnyConnection, rows: &[ContractRow<'_>]) -> Result<Known, AppError> {
    let numbers: Vec<String> = rows
        .iter()
        .filter(|r| !r.certificate_no.is_empty())
        .map(|r| r.certificate_no.to_owned())
        .collect();
    let emails: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.mentor_email
                .iter()
                .cloned()
                .chain(r.mentees.iter().map(|(_, e)| e.clone()))
        })
        .collect();
    let by_certificate: HashMap<String, Mentor> = mentors::by_certificates(c, &dedup(numbers))?
        .into_iter()
        .map(|m| (m.certificate_no.clone(), m))
        .collect();
    let people: HashMap<String, User> = users::find_by_emails(c, &dedup(emails))?
        .into_iter()
        .map(|u| (u.email.clone(), u))
        .collect();
    let ids: Vec<UserId> = people.values().map(|u| u.id).collect();
    let active_entries: HashMap<UserId, Mentor> = mentors::active_of_users(c, &ids)?
        .into_iter()
        .map(|m| (m.user_id, m))
        .collect();
    let mentor_ids: Vec<UserId> = by_certificate
        .values()
        .map(|m| m.user_id)
        .chain(active_entries.keys().copied())
        .collect();
    let holds = contracts::active_of_mentors(c, &mentor_ids)?
        .into_iter()
        .map(|h| (h.mentor_user, h))
        .collect();
    let places = contracts::active_mentee_places(c, &ids)?
        .into_iter()
        .collect();
    Ok(Known {
        by_certificate,
        people,
        active_entries,
        holds,
        places,
    })
}

/// Checks every row of `table` and stores what it can, inside the caller's transaction (the
/// runner rolls it back on a dry run or when any row is refused), with the program's rules as
/// the city configured them (`ctx.policy`).
pub fn run(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    table: &Table,
) -> Result<Vec<RowOutcome>, AppError> {
    let policy = &ctx.policy;
    let cells = Cells::new(table);
    let mut rows: Vec<ContractRow<'_>> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| read_row(&cells, policy, table.first_row + i, r))
        .collect();
    let known = look_up(c, &rows)?;
    let mut seen_mentors: HashMap<UserId, usize> = HashMap::new();
    let mut seen_mentees: HashMap<UserId, usize> = HashMap::new();
    let mut outcomes = Vec::with_capacity(rows.len());
    for r in &mut rows {
        ctx.progress.at(r.row, table);
        let entry = mentor_of(r, &known);
        let label = match &entry {
            Some(m) => format!("{} {}", m.name, m.certificate_no),
            None => r.certificate_no.to_owned(),
        };
        if let Some(m) = entry {
            if let Some(first) = seen_mentors.get(&m.user_id) {
                r.problems.add(
                    CERTIFICATE,
                    Msg::new(
                        format!("第 {first} 行已为该培带人导入联系书"),
                        format!("row {first} already imports a contract of this mentor"),
                    ),
                );
            } else {
                seen_mentors.insert(m.user_id, r.row);
            }
        }
        let hold = entry.and_then(|m| known.holds.get(&m.user_id));
        // The contract this row would be again: imported, same mentor entry, same start.
        let matched = hold.filter(|h| {
            h.imported
                && entry.is_some_and(|m| m.id == h.mentor_entry_id)
                && Some(h.start_date) == r.start
        });
        let mentees = check_mentees(
            r,
            entry,
            &known,
            matched.map(|h| h.contract),
            &mut seen_mentees,
        );
        if let (Some(h), None) = (hold, matched) {
            r.problems.add(
                CERTIFICATE,
                Msg::new(
                    format!("该培带人已有生效的联系书（自 {} 起）", h.start_date),
                    format!(
                        "the mentor has an active contract already (since {})",
                        h.start_date
                    ),
                ),
            );
        }
        let action = if !r.problems.is_empty() {
            RowAction::Refuse
        } else if let Some(h) = matched {
            let same_mentees = mentees
                .iter()
                .all(|u| known.places.get(u) == Some(&h.contract));
            if same_mentees && r.cycle_months == Some(h.cycle_months as u32) {
                RowAction::Unchanged
            } else {
                r.problems.add(
                    CERTIFICATE,
                    Msg::new(
                        "这份联系书已导入，内容与本行不同；导入不修改已生效的联系书，请在联系书页面更换培带对象",
                        "this contract was imported already with other contents; an import does not change an active contract (replace mentees on the contract's page)",
                    ),
                );
                RowAction::Refuse
            }
        } else {
            let (Some(m), Some(start), Some(months)) = (entry, r.start, r.cycle_months) else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "contract row {} checked without its values",
                    r.row
                )));
            };
            create(c, ctx, policy, m, start, months, &mentees, &r.targets)?;
            RowAction::Create
        };
        outcomes.push(RowOutcome {
            row: r.row,
            action,
            label,
            problems: std::mem::take(&mut r.problems.0),
        });
    }
    Ok(outcomes)
}

/// The row's mentor: the pool entry of the certificate number, or else the active entry of the
/// e-mail address; it must be active, and the two must agree when both are given.
fn mentor_of<'k>(r: &mut ContractRow<'_>, known: &'k Known) -> Option<&'k Mentor> {
    let by_email = r.mentor_email.as_ref().map(|e| known.people.get(e));
    if let Some(None) = by_email {
        r.problems.add(
            MENTOR_EMAIL,
            Msg::new("没有使用这个邮箱的用户", "no user has this e-mail address"),
        );
        return None;
    }
    let person = by_email.flatten();
    let entry = if !r.certificate_no.is_empty() {
        let Some(m) = known.by_certificate.get(r.certificate_no) else {
            r.problems.add(
                CERTIFICATE,
                Msg::new(
                    "人才培带人库中没有这个证书编号（请先导入人才培带人库）",
                    "no pool entry has this certificate number (import the pool first)",
                ),
            );
            return None;
        };
        if person.is_some_and(|p| p.id != m.user_id) {
            r.problems.add(
                MENTOR_EMAIL,
                Msg::new(
                    "邮箱与该证书编号的培带人不符",
                    "the e-mail address is not that of the certificate's mentor",
                ),
            );
            return None;
        }
        m
    } else {
        let p = person?;
        let Some(m) = known.active_entries.get(&p.id) else {
            r.problems.add(
                MENTOR_EMAIL,
                Msg::new(
                    "该用户不是在聘的人才培带人（请先导入人才培带人库）",
                    "this user holds no active appointment (import the pool first)",
                ),
            );
            return None;
        };
        m
    };
    if entry.status != MentorStatus::Active {
        r.problems.add(
            CERTIFICATE,
            Msg::new(
                format!("该培带人的聘任状态为「{}」，不在聘", entry.status.zh()),
                format!(
                    "the mentor's appointment is {}, not active",
                    entry.status.as_str()
                ),
            ),
        );
    }
    Some(entry)
}

/// Checks each mentee: an existing, not deactivated person with the mentee role, not the mentor,
/// named once, in no other active contract (the one this row matches aside) and in no earlier
/// row of the file. Returns the mentees found.
fn check_mentees(
    r: &mut ContractRow<'_>,
    mentor: Option<&Mentor>,
    known: &Known,
    matched: Option<ContractId>,
    seen: &mut HashMap<UserId, usize>,
) -> Vec<UserId> {
    let mut found = Vec::new();
    let mut in_row = HashSet::new();
    for (column, email) in &r.mentees {
        let column: &str = column;
        let Some(person) = known.people.get(email) else {
            r.problems.add(
                column,
                Msg::new(
                    "没有使用这个邮箱的用户（请先导入人员）",
                    "no user has this e-mail address (import the people first)",
                ),
            );
            continue;
        };
        if !person.roles.contains(&Role::Mentee) || person.status == UserStatus::Deactivated {
            r.problems.add(
                column,
                Msg::new(
                    format!(
                        "{} 不是培带对象（人员中没有培带对象角色，或已停用）",
                        person.name
                    ),
                    format!(
                        "{} is not a mentee (no mentee role, or deactivated)",
                        person.name
                    ),
                ),
            );
            continue;
        }
        if mentor.is_some_and(|m| m.user_id == person.id) {
            r.problems.add(
                column,
                Msg::new("培带人不能带自己", "the mentor cannot be a mentee"),
            );
            continue;
        }
        if !in_row.insert(person.id) {
            r.problems.add(
                column,
                Msg::new("培带对象不能重复", "a mentee is listed twice"),
            );
            continue;
        }
        if let Some(first) = seen.get(&person.id) {
            r.problems.add(
                column,
                Msg::new(
                    format!("{} 已在第 {first} 行的联系书中", person.name),
                    format!("{} is in the contract of row {first} already", person.name),
                ),
            );
            continue;
        }
        seen.insert(person.id, r.row);
        if let Some(place) = known.places.get(&person.id)
            && Some(*place) != matched
        {
            r.problems.add(
                column,
                Msg::new(
                    format!("{} 已有生效的联系书", person.name),
                    format!("{} is in an active contract already", person.name),
                ),
            );
            continue;
        }
        found.push(person.id);
    }
    found
}

/// The program's default indicators with the row's yearly targets put in (an indicator kind the
/// defaults lack is added with its own name).
fn indicators(policy: &Policy, targets: &[(IndicatorKind, u32)]) -> Vec<Indicator> {
    let mut list = default_indicators(policy);
    for &(kind, target) in targets {
        match list.iter_mut().find(|i| i.kind == kind) {
            Some(i) => i.yearly_target = target,
            None => list.push(Indicator {
                kind,
                description: kind.zh().to_owned(),
                yearly_target: target,
                measure: Measure::Count,
            }),
        }
    }
    list
}

#[allow(clippy::too_many_arguments)]
fn create(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    policy: &Policy,
    entry: &Mentor,
    start: NaiveDate,
    months: u32,
    mentees: &[UserId],
    targets: &[(IndicatorKind, u32)],
) -> Result<(), AppError> {
    let terms = Terms {
        start_date: start,
        cycle_months: months,
        mentees: mentees
            .iter()
            .map(|&user_id| MenteeInput {
                user_id,
                justification: None,
            })
            .collect(),
        indicators: indicators(policy, targets),
    };
    let new = NewContract {
        mentor_entry_id: entry.id,
        mentor_user: entry.user_id,
        unit: entry.unit_id,
        // From the command line there is no signed-in admin: the contract is the mentor's own.
        created_by: ctx.actor.unwrap_or(entry.user_id),
    };
    let signed_at = start.and_hms_opt(0, 0, 0).unwrap_or_default();
    let now = ctx.at.naive_utc();
    let id = contracts::insert_imported(c, &new, &terms, signed_at, now)?;
    audit::record(
        c,
        now,
        &ctx.origin,
        Entry {
            actor: ctx.actor,
            action: "contract.import",
            object_type: Some("contract"),
            object_id: Some(id.to_string()),
            unit_id: Some(entry.unit_id),
            summary: json!({
                "mentor_entry_id": entry.id, "certificate_no": entry.certificate_no,
                "mentees": mentees, "start_date": start, "cycle_months": months,
                "end_date": terms.end_date(),
                "targets": targets.iter().map(|(k, t)| json!({"kind": k.as_str(), "yearly_target": t})).collect::<Vec<_>>(),
            }),
        },
    )
}
