//! XLSX files (Excel, WPS): the first sheet's cells as the text a clerk sees in them: dates as
//! `YYYY-MM-DD`, whole numbers without `.0`, long digit strings kept as typed.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::i18n::Msg;

use super::refusal::FileRefusal;

/// The first sheet's rows, each with its spreadsheet row number (1 for the sheet's first row).
pub fn rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, FileRefusal> {
    let unreadable = || {
        FileRefusal::new(
            "unreadable_workbook",
            Msg::new(
                "无法读取该 XLSX 文件：请用 Excel 或 WPS 打开后重新保存为 XLSX",
                "the XLSX file cannot be read: open it in Excel or WPS and save it again as XLSX",
            ),
        )
    };
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| unreadable())?;
    let Some(range) = book.worksheet_range_at(0) else {
        return Ok(Vec::new());
    };
    let range = range.map_err(|_| unreadable())?;
    let (top, _) = range.start().unwrap_or((0, 0));
    let left = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = vec![String::new(); left];
            row.extend(cells.iter().map(text));
            (top as usize + i + 1, row)
        })
        .collect())
}

/// A cell as text.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// A number as Excel shows it in a General cell: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
