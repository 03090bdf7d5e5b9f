//! A [`Sheet`] as an Excel workbook, written by `rust_xlsxwriter`: the title row, a bold header
//! row frozen in place with an autofilter, columns wide enough for their Chinese text, dates as
//! date cells (as text for a year Excel cannot hold), and every text as a string cell (a value that starts with `=`, `+`, `-` or `@`
//! stays text, with Excel's quote prefix so that editing the cell keeps it text too).

use chrono::Datelike;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Workbook, XlsxError};

use super::sheet::{Cell, ColumnKind, Sheet, display_width};
use crate::i18n::Locale;

/// The row of the title, the row of the headers and the first row of data.
pub const TITLE_ROW: RowNum = 0;
pub const HEADER_ROW: RowNum = 1;
pub const FIRST_DATA_ROW: RowNum = 2;

/// Widest and narrowest column, in Excel's character units.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 6;

/// The workbook's bytes.
pub fn to_xlsx(sheet: &Sheet, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet_name(sheet.name.get(locale)))?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new().set_bold().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let quoted = Format::new().set_quote_prefix();
    let columns = sheet.columns.len();
    let last_col = col_num(columns.max(1) - 1);

    ws.write_string_with_format(TITLE_ROW, 0, sheet.title(locale), &title)?;
    ws.set_row_height(TITLE_ROW, 22)?;
    let mut widths: Vec<usize> = Vec::with_capacity(columns);
    for (i, h) in sheet.headers(locale).into_iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col_num(i), h, &header)?;
        widths.push(display_width(h));
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let at = FIRST_DATA_ROW + row_num(r);
        for (i, cell) in row.iter().enumerate() {
            let col = col_num(i);
            let kind = sheet.columns.get(i).map_or(ColumnKind::Text, |c| c.kind);
            let shown = match (cell, kind) {
                (Cell::Empty, _) => 0,
                (Cell::Date(d), _) => {
                    // Excel's dates run from 1900 to 9999; another year is written as the text
                    // the CSV has, rather than failing the whole file.
                    match excel_date(*d) {
                        Ok(excel) => ws.write_datetime_with_format(at, col, excel, &date)?,
                        Err(_) => ws.write_string(at, col, d.format("%Y-%m-%d").to_string())?,
                    };
                    10
                }
                (Cell::Number(n), ColumnKind::Number) => {
                    ws.write_number(at, col, *n)?;
                    cell.as_field().len()
                }
                (other, _) => {
                    let s = other.as_field();
                    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                        ws.write_string_with_format(at, col, &s, &quoted)?;
                    } else {
                        ws.write_string(at, col, &s)?;
                    }
                    display_width(&s)
                }
            };
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(shown);
            }
        }
    }
    for (i, w) in widths.iter().enumerate() {
        let w = (*w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        ws.set_column_width(col_num(i), u32::try_from(w).unwrap_or(60))?;
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    let last_row = HEADER_ROW + row_num(sheet.rows.len());
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    book.save_to_buffer()
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.is_empty() {
        "Sheet1".to_owned()
    } else {
        clean
    }
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    // Month and day always fit in a u8.
    #[allow(clippy::cast_possible_truncation)]
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn col_num(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

fn row_num(i: usize) -> RowNum {
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}
