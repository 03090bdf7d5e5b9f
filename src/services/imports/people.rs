//! The people import (人员: admins, reviewers, mentors, mentees, with their talent profiles): its
//! columns, the check of each row, and what applying stores.
//!
//! People are matched by e-mail. Each row is checked with the rules and messages of
//! `POST /api/v1/users` (the same request type parses it), its unit named by name. A new address
//! creates an invited account; a known one takes the row's name, roles, unit and profile, where an
//! empty cell keeps what is stored (an import never erases a value). Every address and unit the
//! file names is read in a few queries before the first row is checked, and no password is
//! hashed: 20,000 rows check and apply in seconds.

use std::collections::HashMap;

use serde_json::json;

use crate::db::AnyConnection;
use crate::db::audit;
use crate::db::credentials;
use crate::db::units::{self, Unit};
use crate::db::users::{self, User};
use crate::domain::choice::Choice;
use crate::domain::id_number::IdNumber;
use crate::domain::profile::{Education, Gender, ProfileInput, SkillLevel, TitleLevel};
use crate::domain::role::Role;
use crate::domain::user::{CreateUserRequest, Email, UserStatus};
use crate::email::account_emails::AccountEmails;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;
use crate::services::audit_trail::Subject;

use super::ImportContext;
use super::audit::record;
use super::cells::{Row, not_allowed, parse_choice};
use super::report::{RowAction, RowOutcome};
use super::table::{Column, Table};

const EMAIL: &str = "电子邮箱";
const NAME: &str = "姓名";
const ROLES: &str = "角色";
const UNIT: &str = "所在单位";
const POSITION: &str = "职务";
const ID_NUMBER: &str = "身份证号";
const GENDER: &str = "性别";
const BIRTH: &str = "出生日期";
const EDUCATION: &str = "学历";
const TITLE: &str = "专业技术职称";
const SKILL: &str = "职业技能等级";
const SPECIALTY: &str = "专业或从事领域";
const PHONE: &str = "联系电话";
const WORK_START: &str = "来本市工作时间";
const OUTSIDE: &str = "市外引进";
const HOUSING: &str = "在城区有住房";

const fn col(title: &'static str, required: bool, example: &'static str) -> Column {
    Column {
        title,
        required,
        example,
    }
}

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(EMAIL, true, "zhang.wei@example.cn"),
    col(NAME, true, "张伟"),
    col(ROLES, true, "培带人"),
    col(UNIT, false, "红山区委组织部"),
    col(POSITION, false, "科长"),
    col(GENDER, false, "男"),
    col(BIRTH, false, "1980-05-01"),
    col(ID_NUMBER, false, "150402198005010018"),
    col(EDUCATION, false, "硕士研究生"),
    col(TITLE, false, "副高级"),
    col(SKILL, false, "无"),
    col(SPECIALTY, false, "畜牧兽医"),
    col(PHONE, false, "13804761234"),
    col(WORK_START, false, "2005-07-01"),
    col(OUTSIDE, false, "否"),
    col(HOUSING, false, "是"),
];

/// What each column holds, for the template's notes.
pub const NOTES: &[&str] = &[
    "登录用的邮箱，按它匹配已有人员；新邮箱新建账号（状态为已邀请）",
    "",
    "市级管理员、单位管理员、评审专家、培带人、培带对象；多个用顿号分隔",
    "单位名称，须与系统中的单位一致；单位管理员、培带人和培带对象必填",
    "在单位担任的职务，如 教授、副主任（不超过 60 字）",
    "男或女",
    "如 1980-05-01",
    "18 位居民身份证号码，按文本填写（末位 X 大小写均可）；须与出生日期、性别一致，不能与他人重复",
    "本科以下、本科、硕士研究生、博士研究生",
    "无、初级、中级、副高级、正高级",
    "无、初级工、中级工、高级工、技师、高级技师",
    "",
    "手机或固定电话，按文本填写",
    "如 2005-07-01",
    "是或否",
    "是或否（人才公寓待遇按它判断）",
];

/// The column a field of the user request came from.
fn column_of(field: &str) -> &'static str {
    match field {
        "email" => EMAIL,
        "name" => NAME,
        "roles" => ROLES,
        "unit_id" => UNIT,
        "profile.position" => POSITION,
        "profile.id_number" => ID_NUMBER,
        "profile.gender" => GENDER,
        "profile.birth_date" => BIRTH,
        "profile.education" => EDUCATION,
        "profile.title_level" => TITLE,
        "profile.skill_level" => SKILL,
        "profile.specialty" => SPECIALTY,
        "profile.phone" => PHONE,
        "profile.city_work_start_date" => WORK_START,
        _ => NAME,
    }
}

/// The roles of a cell: 培带人、培带对象 (or codes), separated by 、，,;； or spaces.
fn roles(row: &mut Row<'_>) -> Vec<Role> {
    let raw = row.text(ROLES).to_owned();
    let mut out = Vec::new();
    for part in raw
        .split(['、', '，', ',', ';', '；', ' ', '/'])
        .filter(|p| !p.is_empty())
    {
        match parse_choice::<Role>(part) {
            Some(r) => out.push(r),
            None => row.refuse(ROLES, not_allowed::<Role>(part)),
        }
    }
    out
}

/// The profile cells of a row, as the API's profile input: an empty cell leaves the field alone.
fn profile(row: &mut Row<'_>) -> ProfileInput {
    let text = |row: &Row<'_>, c: &str| row.given(c).map(|s| Some(s.to_owned()));
    ProfileInput {
        gender: row.choice::<Gender>(GENDER).map(Some),
        birth_date: row.date(BIRTH).map(Some),
        education: row.choice::<Education>(EDUCATION).map(Some),
        title_level: row.choice::<TitleLevel>(TITLE).map(Some),
        skill_level: row.choice::<SkillLevel>(SKILL).map(Some),
        specialty: text(row, SPECIALTY),
        phone: text(row, PHONE),
        city_work_start_date: row.date(WORK_START).map(Some),
        from_outside_city: row.yes_no(OUTSIDE),
        owns_urban_housing: row.yes_no(HOUSING),
        id_number: text(row, ID_NUMBER),
        position: text(row, POSITION),
    }
}

/// Checks every row of `table` and stores what it can, inside the caller's transaction (the
/// runner rolls it back on a dry run or when any row is refused).
pub fn run(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    table: &Table,
) -> Result<Vec<RowOutcome>, AppError> {
    let now = ctx.at.naive_utc();
    let today = ctx.at.date_naive();
    let units_by_name: HashMap<String, Unit> = units::all(c)?
        .into_iter()
        .map(|u| (u.name.clone(), u))
        .collect();
    let emails: Vec<String> = table
        .data_rows()
        .filter_map(|r| Email::parse(r.text(EMAIL)).ok())
        .map(|e| e.as_str().to_owned())
        .collect();
    let known: HashMap<String, User> = users::find_by_emails(c, &emails)?
        .into_iter()
        .map(|u| (u.email.clone(), u))
        .collect();
    let id_numbers: Vec<String> = table
        .data_rows()
        .filter_map(|r| IdNumber::parse(r.given(ID_NUMBER)?).ok())
        .map(|n| n.as_str().to_owned())
        .collect();
    let holders = users::id_number_holders(c, &id_numbers)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    let mut created = Vec::new();
    for mut row in table.data_rows() {
        ctx.progress.at(row.number, table);
        let email = row.text(EMAIL).to_owned();
        let name = row.text(NAME).to_owned();
        let label = format!("{name} {email}").trim().to_owned();
        let roles = roles(&mut row);
        let unit = match row.given(UNIT).map(str::to_owned) {
            None => None,
            Some(u) => match units_by_name.get(&u).filter(|u| u.active) {
                Some(found) => Some(found.id),
                None => {
                    row.refuse(
                        UNIT,
                        Msg::new(
                            format!("没有名为「{u}」的单位（或已停用）：请先导入或新建该单位"),
                            format!("no active unit is named \"{u}\": import or create it first"),
                        ),
                    );
                    None
                }
            },
        };
        let input = profile(&mut row);
        let key = Email::parse(&email).ok().map(|e| e.as_str().to_owned());
        let before = key.as_ref().and_then(|k| known.get(k)).cloned();
        let unit_id = unit.or(before.as_ref().and_then(|b| b.unit_id));
        let parsed = CreateUserRequest {
            email: email.clone(),
            name,
            roles,
            unit_id: if row.given(UNIT).is_some() && unit.is_none() {
                None
            } else {
                unit_id
            },
            locale: None,
            profile: Some(input.clone()),
        }
        .parse(today);
        let new = match parsed {
            Ok(new) => Some(new),
            Err(AppError::Validation(fields)) => {
                row.refuse_fields(fields, column_of);
                None
            }
            Err(e) => return Err(e),
        };
        if let Some(k) = &key {
            if let Some(first) = seen.get(k) {
                row.refuse(
                    EMAIL,
                    Msg::new(
                        format!("与第 {first} 行的邮箱重复"),
                        format!("repeats the e-mail address of row {first}"),
                    ),
                );
            } else {
                seen.insert(k.clone(), row.number);
            }
        }
        // A number already refused on this row (it contradicts the row) claims nothing.
        let id_refused = row.problems.iter().any(|p| p.column == ID_NUMBER);
        if let Some(n) = row.given(ID_NUMBER).and_then(|n| IdNumber::parse(n).ok())
            && !id_refused
        {
            let n = n.as_str().to_owned();
            if let Some(first) = seen_ids.get(&n) {
                row.refuse(
                    ID_NUMBER,
                    Msg::new(
                        format!("与第 {first} 行的身份证号重复"),
                        format!("repeats the ID number of row {first}"),
                    ),
                );
            } else if holders
                .get(&n)
                .is_some_and(|h| Some(*h) != before.as_ref().map(|b| b.id))
            {
                row.refuse(ID_NUMBER, users::id_number_taken().message());
            } else {
                seen_ids.insert(n, row.number);
            }
        }
        let profile = before.as_ref().map(|b| {
            let mut p = Problems::new();
            let merged = input.clone().apply(&b.profile, today, &mut p);
            (merged, p)
        });
        let (profile, profile_problems) = match profile {
            Some((merged, p)) => (Some(merged), p.finish().err()),
            None => (None, None),
        };
        if let Some(AppError::Validation(fields)) = profile_problems {
            row.refuse_fields(fields, column_of);
        }
        if let (Some(b), Some(new)) = (&before, &new)
            && Some(b.id) == ctx.actor
            && b.roles.contains(&Role::CityAdmin)
            && !new.roles.contains(&Role::CityAdmin)
        {
            row.refuse(
                ROLES,
                Msg::new(
                    "不能取消自己的市级管理员角色",
                    "you cannot remove your own city_admin role",
                ),
            );
        }
        let (Some(new), true) = (new, row.problems.is_empty()) else {
            out.push(RowOutcome {
                row: row.number,
                action: RowAction::Refuse,
                label,
                problems: row.problems,
            });
            continue;
        };
        let action = match (before, profile) {
            (Some(b), Some(profile)) => {
                let roles_changed = new.roles != b.roles;
                let unit_changed = new.unit_id != b.unit_id;
                if !roles_changed && !unit_changed && new.name == b.name && profile == b.profile {
                    RowAction::Unchanged
                } else {
                    users::update_fields(c, b.id, &new.name, new.unit_id, b.locale, &profile, now)?;
                    if roles_changed {
                        users::set_roles(c, b.id, &new.roles, now)?;
                    } else if unit_changed {
                        credentials::bump_token_version(c, b.id, now)?;
                    }
                    record(
                        c,
                        ctx,
                        "user.update",
                        Subject::new("user", b.id, new.unit_id),
                        json!({
                            "before": { "name": b.name, "roles": b.roles, "unit_id": b.unit_id },
                            "after": { "name": new.name, "roles": new.roles, "unit_id": new.unit_id },
                        }),
                    )?;
                    RowAction::Update
                }
            }
            _ => {
                created.push(new);
                RowAction::Create
            }
        };
        out.push(RowOutcome {
            row: row.number,
            action,
            label,
            problems: Vec::new(),
        });
    }
    store_created(c, ctx, &created)?;
    Ok(out)
}

/// Stores the people the rows create, a few hundred per statement, with one audit entry each.
fn store_created(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    created: &[crate::domain::user::NewUser],
) -> Result<(), AppError> {
    if created.is_empty() {
        return Ok(());
    }
    let now = ctx.at.naive_utc();
    let ids = users::insert_many(c, created, UserStatus::Invited, now)?;
    let entries = created
        .iter()
        .filter_map(|new| {
            ids.get(new.email.as_str()).map(|id| audit::Entry {
                actor: ctx.actor,
                action: "user.create",
                object_type: Some("user"),
                object_id: Some(id.to_string()),
                unit_id: new.unit_id,
                summary: json!({
                    "after": {
                        "email": new.email.as_str(),
                        "name": new.name,
                        "roles": new.roles,
                        "unit_id": new.unit_id,
                    },
                    "source": "import",
                }),
            })
        })
        .collect();
    audit::record_many(c, now, &ctx.origin, entries)
}

/// Sends the invitation e-mail (through the outbox, as `POST /api/v1/users` does) to everyone the
/// import created, in the import's transaction; the inviter is the importing admin, or the
/// organization department when the command line imported.
pub fn invite_created(
    c: &mut AnyConnection,
    mails: &AccountEmails,
    ctx: &ImportContext,
    table: &Table,
    outcomes: &[RowOutcome],
) -> Result<usize, AppError> {
    let created: std::collections::HashSet<usize> = outcomes
        .iter()
        .filter(|o| o.action == RowAction::Create)
        .map(|o| o.row)
        .collect();
    let emails: Vec<String> = table
        .data_rows()
        .filter(|r| created.contains(&r.number))
        .filter_map(|r| Email::parse(r.text(EMAIL)).ok())
        .map(|e| e.as_str().to_owned())
        .collect();
    let people = users::find_by_emails(c, &emails)?;
    let inviter = match ctx.actor {
        Some(id) => users::find(c, id, crate::domain::scope::Scope::City)?.name,
        None => "市委组织部".to_owned(),
    };
    let unit_names: HashMap<_, String> =
        units::all(c)?.into_iter().map(|u| (u.id, u.name)).collect();
    for user in &people {
        let unit = user.unit_id.and_then(|u| unit_names.get(&u).cloned());
        mails.invite(c, user, &inviter, unit, ctx.at)?;
    }
    Ok(people.len())
}

/// The role words a template's note lists (kept beside the column so the two agree).
pub fn role_words() -> String {
    Role::ALL
        .iter()
        .map(|r| r.zh())
        .collect::<Vec<_>>()
        .join("、")
}
