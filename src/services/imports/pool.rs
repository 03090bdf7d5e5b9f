//! The mentor pool import (a running program taken over: appointments with their certificate numbers and terms): its columns, the check of each row, and what applying stores.
//!
//! Each row is one appointment the city made before the service, without a selection round. It
//! creates the same pool entry a closing round does (certificate number, unit, category, term,
//! status, and the mentor role while it is active), marked as imported and linked to no round or
//! nomination. Rows are matched by certificate number: the same row again changes nothing, a
//! changed term, category or status updates an imported entry (an active entry revoked by the
//! file ends its open contracts and running benefits as a revocation does, and the mentor role
//! goes when no active appointment is left). Everything a file names is looked up in a few
//! batched queries, so a file of 20,000 rows checks in seconds.

pub(super) mod cells;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;

use crate::db::AnyConnection;
use crate::db::audit::{self, Entry};
use crate::db::contracts;
use crate::db::mentors::{self, ImportedMentor, Mentor};
use crate::db::users::{self, User};
use crate::domain::category::TalentCategory;
use crate::domain::contract::ContractStatus;
use crate::domain::ids::{MentorEntryId, UnitId, UserId};
use crate::domain::policy::Policy;
use crate::domain::review::MentorStatus;
use crate::domain::role::Role;
use crate::domain::user::UserStatus;
use crate::error::AppError;
use crate::i18n::Msg;

use super::ImportContext;
use super::report::{RowAction, RowOutcome};
use super::table::{Column, Table};
use cells::{Cells, RowProblems};

const CERTIFICATE: &str = "证书编号";
const NAME: &str = "姓名";
const EMAIL: &str = "电子邮箱";
const CATEGORY: &str = "人才类别";
const TERM_START: &str = "聘期开始";
const TERM_END: &str = "聘期结束";
const STATUS: &str = "状态";
const REVOKED_ON: &str = "撤销日期";
const REVOKE_REASON: &str = "撤销原因";
const NOTE: &str = "备注";

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        title: CERTIFICATE,
        required: true,
        example: "赤培〔2023〕001号",
    },
    Column {
        title: NAME,
        required: true,
        example: "张伟",
    },
    Column {
        title: EMAIL,
        required: true,
        example: "zhang.wei@example.cn",
    },
    Column {
        title: CATEGORY,
        required: true,
        example: "专业技术人才",
    },
    Column {
        title: TERM_START,
        required: true,
        example: "2023-07-01",
    },
    Column {
        title: TERM_END,
        required: true,
        example: "2026-06-30",
    },
    Column {
        title: STATUS,
        required: true,
        example: "在聘",
    },
    Column {
        title: REVOKED_ON,
        required: false,
        example: "",
    },
    Column {
        title: REVOKE_REASON,
        required: false,
        example: "",
    },
    Column {
        title: NOTE,
        required: false,
        example: "",
    },
];

/// A row's status cell: 在聘, 已期满 or 已撤销 (the register's words), the pool's own words
/// (聘期已满, 已取消资格) or the codes.
fn parse_status(s: &str) -> Option<MentorStatus> {
    match s {
        "在聘" | "active" => Some(MentorStatus::Active),
        "已期满" | "聘期已满" | "expired" => Some(MentorStatus::Expired),
        "已撤销" | "已取消资格" | "revoked" => Some(MentorStatus::Revoked),
        _ => None,
    }
}

/// A category cell: its Chinese name (专业技术人才) or its code.
pub(super) fn parse_category(s: &str) -> Option<TalentCategory> {
    TalentCategory::ALL
        .iter()
        .copied()
        .find(|c| c.zh() == s || c.as_str() == s)
}

/// One row as read, before the database is asked.
struct PoolRow<'r> {
    row: usize,
    certificate_no: &'r str,
    name: &'r str,
    email: Option<String>,
    category: Option<TalentCategory>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    status: Option<MentorStatus>,
    revoked_on: Option<NaiveDate>,
    reason: &'r str,
    note: &'r str,
    problems: RowProblems,
}

fn read_row<'r>(cells: &Cells, number: usize, row: &'r [String]) -> PoolRow<'r> {
    let mut p = RowProblems::default();
    let certificate_no = p
        .required(CERTIFICATE, cells.get(row, CERTIFICATE))
        .unwrap_or("");
    p.at_most(CERTIFICATE, certificate_no, 50);
    let name = p.required(NAME, cells.get(row, NAME)).unwrap_or("");
    let email = p
        .required(EMAIL, cells.get(row, EMAIL))
        .and_then(|e| p.email(EMAIL, e));
    let category = p
        .required(CATEGORY, cells.get(row, CATEGORY))
        .and_then(|c| {
            let parsed = parse_category(c);
            if parsed.is_none() {
                p.add(
                    CATEGORY,
                    Msg::new(
                        format!("没有「{c}」这个人才类别，应为：{}", category_names("、")),
                        format!(
                            "\"{c}\" is not a talent category; use one of: {}",
                            category_names(", ")
                        ),
                    ),
                );
            }
            parsed
        });
    let start = p
        .required(TERM_START, cells.get(row, TERM_START))
        .and_then(|d| p.date(TERM_START, d));
    let end = p
        .required(TERM_END, cells.get(row, TERM_END))
        .and_then(|d| p.date(TERM_END, d));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        p.add(
            TERM_END,
            Msg::new("聘期结束日期早于开始日期", "the term ends before it starts"),
        );
    }
    let status = p.required(STATUS, cells.get(row, STATUS)).and_then(|s| {
        let parsed = parse_status(s);
        if parsed.is_none() {
            p.add(
                STATUS,
                Msg::new(
                    format!("没有「{s}」这个状态，应为：在聘、已期满、已撤销"),
                    format!("\"{s}\" is not a status; use 在聘 (active), 已期满 (expired) or 已撤销 (revoked)"),
                ),
            );
        }
        parsed
    });
    let revoked_cell = cells.get(row, REVOKED_ON);
    let reason = cells.get(row, REVOKE_REASON);
    p.at_most(REVOKE_REASON, reason, 500);
    let note = cells.get(row, NOTE);
    p.at_most(NOTE, note, 500);
    let mut revoked_on = None;
    if status == Some(MentorStatus::Revoked) {
        revoked_on = p
            .required(REVOKED_ON, revoked_cell)
            .and_then(|d| p.date(REVOKED_ON, d));
        p.required(REVOKE_REASON, reason);
        if let (Some(r), Some(s)) = (revoked_on, start)
            && r < s
        {
            p.add(
                REVOKED_ON,
                Msg::new("撤销日期早于聘期开始", "the revocation precedes the term"),
            );
        }
    } else if status.is_some() {
        for (column, value) in [(REVOKED_ON, revoked_cell), (REVOKE_REASON, reason)] {
            if !value.is_empty() {
                p.add(
                    column,
                    Msg::new(
                        format!("只有状态为「已撤销」时才填写「{column}」"),
                        format!(
                            "\"{column}\" is filled in only when the status is 已撤销 (revoked)"
                        ),
                    ),
                );
            }
        }
    }
    PoolRow {
        row: number,
        certificate_no,
        name,
        email,
        category,
        start,
        end,
        status,
        revoked_on,
        reason,
        note,
        problems: p,
    }
}

fn category_names(sep: &str) -> String {
    TalentCategory::ALL
        .iter()
        .map(|c| c.zh())
        .collect::<Vec<_>>()
        .join(sep)
}

/// What the database holds of the people and entries a file names, read in a few queries.
struct Known {
    by_certificate: HashMap<String, Mentor>,
    people: HashMap<String, User>,
    /// The active entries of the people named, by person.
    active: HashMap<UserId, Vec<Mentor>>,
}

fn look_up(c: &mut AnyConnection, rows: &[PoolRow<'_>]) -> Result<Known, AppError> {
    let numbers: Vec<String> = rows
        .iter()
        .filter(|r| !r.certificate_no.is_empty())
        .map(|r| r.certificate_no.to_owned())
        .collect();
    let emails: Vec<String> = rows.iter().filter_map(|r| r.email.clone()).collect();
    let by_certificate = mentors::by_certificates(c, &dedup(numbers))?
        .into_iter()
        .map(|m| (m.certificate_no.clone(), m))
        .collect();
    let people: HashMap<String, User> = users::find_by_emails(c, &dedup(emails))?
        .into_iter()
        .map(|u| (u.email.clone(), u))
        .collect();
    let ids: Vec<UserId> = people.values().map(|u| u.id).collect();
    let mut active: HashMap<UserId, Vec<Mentor>> = HashMap::new();
    for m in mentors::active_of_users(c, &ids)? {
        active.entry(m.user_id).or_default().push(m);
    }
    Ok(Known {
        by_certificate,
        people,
        active,
    })
}

pub(super) fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort_unstable();
    v.dedup();
    v
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
    let mut rows: Vec<PoolRow<'_>> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| read_row(&cells, table.first_row + i, r))
        .collect();
    let known = look_up(c, &rows)?;
    // Roles as they stand while the file is applied (a person may have several rows).
    let mut roles: HashMap<UserId, Vec<Role>> = HashMap::new();
    let mut seen_certificates: HashMap<String, usize> = HashMap::new();
    let mut seen_active: HashMap<UserId, usize> = HashMap::new();
    let mut outcomes = Vec::with_capacity(rows.len());
    for r in &mut rows {
        ctx.progress.at(r.row, table);
        let label = format!("{} {}", r.name, r.certificate_no);
        if !r.certificate_no.is_empty() {
            if let Some(first) = seen_certificates.get(r.certificate_no) {
                r.problems.add(
                    CERTIFICATE,
                    Msg::new(
                        format!("与第 {first} 行的证书编号重复"),
                        format!("the same certificate number as row {first}"),
                    ),
                );
            } else {
                seen_certificates.insert(r.certificate_no.to_owned(), r.row);
            }
        }
        let person = r.email.as_ref().and_then(|e| {
            let found = known.people.get(e);
            if found.is_none() {
                r.problems.add(
                    EMAIL,
                    Msg::new(
                        "没有使用这个邮箱的用户（请先导入人员）",
                        "no user has this e-mail address (import the people first)",
                    ),
                );
            }
            found
        });
        let existing = known.by_certificate.get(r.certificate_no);
        if let Some(person) = person {
            check_person(
                r,
                person,
                existing,
                &known,
                &mut seen_active,
                ctx.at.date_naive(),
            );
        }
        let action = if !r.problems.is_empty() {
            RowAction::Refuse
        } else {
            let (Some(person), Some(entry)) = (person, imported_entry(r)) else {
                return Err(AppError::internal(anyhow::anyhow!(
                    "pool row {} checked without its values",
                    r.row
                )));
            };
            let unit = person.unit_id.ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("pool row {} has no unit", r.row))
            })?;
            match existing {
                None => {
                    create(c, ctx, person, unit, &entry, r.note, &mut roles)?;
                    RowAction::Create
                }
                Some(m) if same(m, &entry) => RowAction::Unchanged,
                Some(m) if !m.imported => {
                    r.problems.add(
                        CERTIFICATE,
                        Msg::new(
                            "该证书由选拔聘任产生，不能通过导入修改",
                            "this certificate comes from a selection round; an import cannot change it",
                        ),
                    );
                    RowAction::Refuse
                }
                Some(m) if m.status != MentorStatus::Active && m.status != entry.status => {
                    r.problems.add(
                        STATUS,
                        Msg::new(
                            format!(
                                "该聘任已是「{}」，不能通过导入改为其他状态",
                                m.status.zh()
                            ),
                            format!(
                                "this appointment is {} already; an import cannot change its status",
                                m.status.as_str()
                            ),
                        ),
                    );
                    RowAction::Refuse
                }
                Some(m) => {
                    update(c, ctx, policy, person, m, &entry, r.note, &mut roles)?;
                    RowAction::Update
                }
            }
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

/// The checks that need the person: the certificate is theirs, the name matches, they have a
/// unit, and they hold no other active appointment.
fn check_person(
    r: &mut PoolRow<'_>,
    person: &User,
    existing: Option<&Mentor>,
    known: &Known,
    seen_active: &mut HashMap<UserId, usize>,
    today: NaiveDate,
) {
    if let Some(m) = existing
        && m.user_id != person.id
    {
        r.problems.add(
            CERTIFICATE,
            Msg::new(
                "该证书编号已属于另一位培带人",
                "this certificate number belongs to another mentor",
            ),
        );
        return;
    }
    if !r.name.is_empty() && r.name != person.name {
        r.problems.add(
            NAME,
            Msg::new(
                format!("姓名与该邮箱的用户（{}）不符", person.name),
                format!(
                    "the name differs from the user with this e-mail address ({})",
                    person.name
                ),
            ),
        );
    }
    if person.unit_id.is_none() {
        r.problems.add(
            EMAIL,
            Msg::new(
                "该用户没有所属单位，请先在人员中填写单位",
                "this user belongs to no unit; give them one first",
            ),
        );
    }
    if r.status != Some(MentorStatus::Active) {
        return;
    }
    if person.status == UserStatus::Deactivated {
        r.problems.add(
            EMAIL,
            Msg::new(
                "该用户已停用，不能在聘",
                "this user is deactivated and cannot hold an active appointment",
            ),
        );
    }
    if let Some(end) = r.end
        && end < today
    {
        r.problems.add(
            STATUS,
            Msg::new(
                format!("聘期已于 {end} 结束，状态应为「已期满」"),
                format!("the term ended on {end}; the status should be 已期满 (expired)"),
            ),
        );
    }
    if let Some(first) = seen_active.get(&person.id) {
        r.problems.add(
            STATUS,
            Msg::new(
                format!("第 {first} 行已为此人导入在聘的聘任，一人只能有一个在聘的聘任"),
                format!(
                    "row {first} already gives this person an active appointment; one at a time"
                ),
            ),
        );
    } else {
        seen_active.insert(person.id, r.row);
    }
    if let Some(other) = known
        .active
        .get(&person.id)
        .and_then(|list| list.iter().find(|m| m.certificate_no != r.certificate_no))
    {
        r.problems.add(
            STATUS,
            Msg::new(
                format!("此人已是在聘的培带人（证书编号 {}）", other.certificate_no),
                format!(
                    "this person holds an active appointment already (certificate {})",
                    other.certificate_no
                ),
            ),
        );
    }
}

/// The entry a checked row describes.
fn imported_entry<'r>(r: &PoolRow<'r>) -> Option<ImportedMentor<'r>> {
    let status = r.status?;
    Some(ImportedMentor {
        user: UserId(0),
        unit: UnitId(0),
        category: r.category?,
        certificate_no: r.certificate_no,
        appointed_on: r.start?,
        term_ends_on: r.end?,
        status,
        status_reason: (status == MentorStatus::Revoked).then_some(r.reason),
        revoked_on: r.revoked_on,
    })
}

/// Whether the stored entry already holds exactly what the row says.
fn same(m: &Mentor, e: &ImportedMentor<'_>) -> bool {
    let reason_same =
        e.status != MentorStatus::Revoked || m.status_reason.as_deref() == e.status_reason;
    m.category == e.category
        && m.appointed_on == e.appointed_on
        && m.term_ends_on == e.term_ends_on
        && m.status == e.status
        && m.revoked_on == e.revoked_on
        && reason_same
}

fn roles_of<'a>(roles: &'a mut HashMap<UserId, Vec<Role>>, person: &User) -> &'a mut Vec<Role> {
    roles
        .entry(person.id)
        .or_insert_with(|| person.roles.clone())
}

/// Gives the person the mentor role (their sessions end, so the next one carries it).
fn grant_mentor_role(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    person: &User,
    roles: &mut HashMap<UserId, Vec<Role>>,
) -> Result<(), AppError> {
    let current = roles_of(roles, person);
    if !current.contains(&Role::Mentor) {
        current.push(Role::Mentor);
        current.sort();
        users::set_roles(c, person.id, current, ctx.at.naive_utc())?;
    }
    Ok(())
}

/// Takes the mentor role from a person left with no active appointment.
fn drop_mentor_role_if_none_left(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    person: &User,
    roles: &mut HashMap<UserId, Vec<Role>>,
) -> Result<(), AppError> {
    if mentors::is_active_mentor(c, person.id)? {
        return Ok(());
    }
    let current = roles_of(roles, person);
    if current.contains(&Role::Mentor) {
        current.retain(|r| *r != Role::Mentor);
        users::set_roles(c, person.id, current, ctx.at.naive_utc())?;
    }
    Ok(())
}

fn audit_entry(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    action: &str,
    id: MentorEntryId,
    unit: UnitId,
    summary: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        c,
        ctx.at.naive_utc(),
        &ctx.origin,
        Entry {
            actor: ctx.actor,
            action,
            object_type: Some("mentor"),
            object_id: Some(id.to_string()),
            unit_id: Some(unit),
            summary,
        },
    )
}

fn create(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    person: &User,
    unit: UnitId,
    entry: &ImportedMentor<'_>,
    note: &str,
    roles: &mut HashMap<UserId, Vec<Role>>,
) -> Result<(), AppError> {
    let new = ImportedMentor {
        user: person.id,
        unit,
        ..*entry
    };
    let id = mentors::insert_imported(c, &new, ctx.at.naive_utc())?;
    if new.status == MentorStatus::Active {
        grant_mentor_role(c, ctx, person, roles)?;
    }
    audit_entry(
        c,
        ctx,
        "mentor.import",
        id,
        unit,
        json!({
            "user_id": person.id, "certificate_no": new.certificate_no,
            "category": new.category.as_str(), "appointed_on": new.appointed_on,
            "term_ends_on": new.term_ends_on, "status": new.status.as_str(),
            "revoked_on": new.revoked_on, "note": (!note.is_empty()).then_some(note),
        }),
    )
}

#[allow(clippy::too_many_arguments)]
fn update(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    policy: &Policy,
    person: &User,
    before: &Mentor,
    entry: &ImportedMentor<'_>,
    note: &str,
    roles: &mut HashMap<UserId, Vec<Role>>,
) -> Result<(), AppError> {
    let now = ctx.at.naive_utc();
    let new = ImportedMentor {
        user: person.id,
        unit: before.unit_id,
        ..*entry
    };
    mentors::update_imported(c, before.id, &new, now)?;
    let mut ended_contracts = Vec::new();
    let mut ended_benefits = 0;
    if before.status == MentorStatus::Active && new.status == MentorStatus::Revoked {
        // As a revocation does: the open contracts end, and what the benefits still run.
        for contract in contracts::open_of_entry(c, before.id)? {
            contracts::end(
                c,
                contract,
                ContractStatus::Terminated,
                Some("mentor revoked"),
                now,
            )?;
            ended_contracts.push(contract);
        }
        let today = ctx.at.date_naive();
        ended_benefits = crate::services::benefits::end_for_revoked(
            c,
            before.id,
            policy.benefit_return_days,
            today,
            now,
        )?
        .len();
    }
    if before.status == MentorStatus::Active && new.status != MentorStatus::Active {
        drop_mentor_role_if_none_left(c, ctx, person, roles)?;
    }
    audit_entry(
        c,
        ctx,
        "mentor.import_update",
        before.id,
        before.unit_id,
        json!({
            "certificate_no": new.certificate_no,
            "before": {
                "category": before.category.as_str(), "appointed_on": before.appointed_on,
                "term_ends_on": before.term_ends_on, "status": before.status.as_str(),
                "revoked_on": before.revoked_on,
            },
            "after": {
                "category": new.category.as_str(), "appointed_on": new.appointed_on,
                "term_ends_on": new.term_ends_on, "status": new.status.as_str(),
                "revoked_on": new.revoked_on,
            },
            "contracts_ended": ended_contracts, "benefits_ended": ended_benefits,
            "note": (!note.is_empty()).then_some(note),
        }),
    )
}
