//! The lists the offices exchange as spreadsheets (XLSX, and CSV with a byte-order mark), each
//! read within the caller's scope exactly as its page or API list is.
//!
//! Each export builds one [`Sheet`] (title row, headers, typed columns) and [`render`] writes it
//! in the format asked for. Only admins export: a city admin the whole city (or one unit, with
//! the list's own `unit_id` filter), a unit admin their own unit; anyone else is refused (403).
//! Every export reads all matching rows, in batches, never a query per row.

pub mod activity_statistics;
pub mod assessments;
pub mod benefits;
pub mod contracts;
pub mod nominations;
pub mod pool;

use std::collections::HashMap;

use crate::auth::caller::Caller;
use crate::db::AnyConnection;
use crate::domain::ids::UnitId;
use crate::domain::page::{Page, PageRequest};
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::domain::sheet::{FileFormat, Sheet};
use crate::domain::sheet_xlsx::to_xlsx;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

/// Rows read per query.
pub const BATCH: i64 = 500;

/// A written export: its file name (for `Content-Disposition`), an ASCII name for clients that
/// cannot read the UTF-8 one, the MIME type and the bytes.
#[derive(Debug)]
pub struct ExportFile {
    pub name: String,
    pub ascii_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Writes `sheet` as `format`, named `<name parts joined by ->.<ext>` (and an ASCII fallback
/// from `ascii_parts`).
pub fn render(
    sheet: &Sheet,
    format: FileFormat,
    locale: Locale,
    name_parts: &[&str],
    ascii_parts: &[&str],
) -> Result<ExportFile, AppError> {
    let bytes = match format {
        FileFormat::Csv => sheet.to_csv(locale).into_bytes(),
        FileFormat::Xlsx => to_xlsx(sheet, locale).map_err(AppError::internal)?,
    };
    let ext = format.extension();
    Ok(ExportFile {
        name: format!("{}.{ext}", file_stem(name_parts)),
        ascii_name: format!("{}.{ext}", file_stem(ascii_parts)),
        content_type: format.content_type(),
        bytes,
    })
}

/// Name parts joined by `-`, without characters a file name may not hold.
fn file_stem(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                        || c.is_control()
                    {
                        '_'
                    } else {
                        c
                    }
                })
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The part of the program the caller may export: the city (city admins) or the own unit (unit
/// admins). Anyone else may not export (403).
pub fn export_scope(caller: &Caller) -> Result<Scope, AppError> {
    if caller.is_city_admin() {
        Ok(Scope::City)
    } else if let (true, Some(unit)) = (caller.has(Role::UnitAdmin), caller.unit_id) {
        Ok(Scope::Unit(unit))
    } else {
        Err(AppError::forbidden(
            "export_not_allowed",
            "只有市级和单位管理员可以导出名单",
            "only city and unit admins may export lists",
        ))
    }
}

/// The unit a list is limited to: a unit admin's own unit, or the unit a city admin filtered by.
pub fn limited_unit(scope: Scope, filter: Option<UnitId>) -> Option<UnitId> {
    match scope {
        Scope::Unit(u) => Some(u),
        _ => filter,
    }
}

/// Every unit's name, for the lists' unit columns (one query).
pub fn unit_names(c: &mut AnyConnection) -> Result<HashMap<UnitId, String>, AppError> {
    crate::db::city_reports::unit_names(c)
}

/// Whose list it is, for the title row and the file name: the unit's name, or 全市.
pub fn scope_name(names: &HashMap<UnitId, String>, unit: Option<UnitId>, locale: Locale) -> String {
    match unit {
        Some(u) => names.get(&u).cloned().unwrap_or_else(|| u.to_string()),
        None => CITY_WIDE.get(locale).to_owned(),
    }
}

/// The ASCII file-name part of a scope: `unit-<id>` or `city`.
pub fn scope_ascii(unit: Option<UnitId>) -> String {
    unit.map_or_else(|| "city".to_owned(), |u| format!("unit-{u}"))
}

/// Every item of an offset-paged list, read `BATCH` rows at a time.
pub fn read_all<T>(
    mut page: impl FnMut(PageRequest) -> Result<Page<T>, AppError>,
) -> Result<Vec<T>, AppError> {
    let mut out = Vec::new();
    for n in 1.. {
        let got = page(PageRequest {
            page: n,
            per_page: BATCH,
        })?;
        let full = i64::try_from(got.items.len()).unwrap_or(0) == BATCH;
        out.extend(got.items);
        if !full {
            break;
        }
    }
    Ok(out)
}

/// The city as a whole, in a title.
const CITY_WIDE: Msg = Msg {
    zh: std::borrow::Cow::Borrowed("全市"),
    en: std::borrow::Cow::Borrowed("City-wide"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_drop_characters_a_file_system_refuses() {
        assert_eq!(
            file_stem(&["推荐人选名单", "2026/第一批", "", "红山区"]),
            "推荐人选名单-2026_第一批-红山区"
        );
    }
}
