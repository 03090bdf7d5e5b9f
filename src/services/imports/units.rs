//! The units import (单位): its columns, the check of each row, and what applying stores. Units
//! are matched by name: a new name creates a unit, a known one takes the row's type and district
//! (an empty district keeps the stored one), and a row that says what is stored changes nothing.

use std::collections::HashMap;

use serde_json::json;

use crate::db::AnyConnection;
use crate::db::units::{self, Unit};
use crate::domain::unit::{CreateUnitRequest, UnitChanges, UnitKind};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::audit_trail::Subject;

use super::ImportContext;
use super::audit::record;
use super::report::{RowAction, RowOutcome};
use super::table::{Column, Table};

const NAME: &str = "单位名称";
const KIND: &str = "单位类型";
const DISTRICT: &str = "所在旗县区";

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        title: NAME,
        required: true,
        example: "红山区委组织部",
    },
    Column {
        title: KIND,
        required: true,
        example: "旗县区",
    },
    Column {
        title: DISTRICT,
        required: false,
        example: "红山区",
    },
];

/// What each column holds, for the template's notes.
pub const NOTES: &[&str] = &[
    "单位的全称；已有同名单位时更新它",
    "旗县区、市直部门、高校、企业或其他",
    "单位所在的旗县区（公交卡等待遇按它判断）；留空则保留原有值",
];

/// Checks every row of `table` and stores what it can, inside the caller's transaction (the
/// runner rolls it back on a dry run or when any row is refused).
pub fn run(
    c: &mut AnyConnection,
    ctx: &ImportContext,
    table: &Table,
) -> Result<Vec<RowOutcome>, AppError> {
    let now = ctx.at.naive_utc();
    let mut known: HashMap<String, Unit> = units::all(c)?
        .into_iter()
        .map(|u| (u.name.clone(), u))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for mut row in table.data_rows() {
        ctx.progress.at(row.number, table);
        let name = row.text(NAME).to_owned();
        let kind = row.choice::<UnitKind>(KIND);
        if row.given(KIND).is_none() {
            row.require(KIND);
        }
        let parsed = CreateUnitRequest {
            name: name.clone(),
            kind: kind.unwrap_or(UnitKind::Other),
            district: row.given(DISTRICT).map(str::to_owned),
        }
        .parse();
        let new = match parsed {
            Ok(new) => Some(new),
            Err(AppError::Validation(fields)) => {
                row.refuse_fields(fields, |f| if f == "district" { DISTRICT } else { NAME });
                None
            }
            Err(e) => return Err(e),
        };
        if let Some(first) = seen.get(&name) {
            row.refuse(
                NAME,
                Msg::new(
                    format!("与第 {first} 行的单位名称重复"),
                    format!("repeats the unit name of row {first}"),
                ),
            );
        } else if !name.is_empty() {
            seen.insert(name.clone(), row.number);
        }
        let (Some(new), true) = (new, row.problems.is_empty()) else {
            out.push(RowOutcome {
                row: row.number,
                action: RowAction::Refuse,
                label: name,
                problems: row.problems,
            });
            continue;
        };
        let action = match known.get(&new.name) {
            None => {
                let unit = units::insert(c, &new, now)?;
                record(
                    c,
                    ctx,
                    "unit.create",
                    Subject::new("unit", unit.id, Some(unit.id)),
                    json!({ "after": unit }),
                )?;
                known.insert(unit.name.clone(), unit);
                RowAction::Create
            }
            Some(before) => {
                let district = new.district.clone().or_else(|| before.district.clone());
                if before.kind == new.kind && before.district == district {
                    RowAction::Unchanged
                } else {
                    let changes = UnitChanges {
                        kind: Some(new.kind),
                        district: Some(district),
                        ..Default::default()
                    };
                    let after = units::update(c, before.id, &changes, now)?;
                    record(
                        c,
                        ctx,
                        "unit.update",
                        Subject::new("unit", after.id, Some(after.id)),
                        json!({ "before": before, "after": after }),
                    )?;
                    RowAction::Update
                }
            }
        };
        out.push(RowOutcome {
            row: row.number,
            action,
            label: new.name,
            problems: Vec::new(),
        });
    }
    Ok(out)
}
