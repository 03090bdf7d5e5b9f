//! The template of each import: an XLSX file with a title row naming the import, the header row
//! of its columns (required ones marked in the second sheet), one example row, and a second sheet
//! "填写说明" with a short note on each column. Every column is formatted as text, so that ID,
//! phone and long numbers keep the digits typed into them.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::error::AppError;

use super::ImportKind;

/// The template's file name (`人员导入模板.xlsx`).
pub fn file_name(kind: ImportKind) -> String {
    format!("{}导入模板.xlsx", kind.zh())
}

/// The template of `kind` as XLSX bytes.
pub fn template(kind: ImportKind) -> Result<Vec<u8>, AppError> {
    build(kind).map_err(AppError::internal)
}

fn build(kind: ImportKind) -> Result<Vec<u8>, XlsxError> {
    let columns = kind.columns();
    let notes = kind.notes();
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{}导入", short(kind)))?;
    let last = columns.len().saturating_sub(1) as u16;
    if last > 0 {
        sheet.merge_range(0, 0, 0, last, &format!("{}导入", kind.zh()), &title)?;
    } else {
        sheet.write_string_with_format(0, 0, format!("{}导入", kind.zh()), &title)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        sheet.set_column_format(col, &text)?;
        let width = c.title.chars().count().max(c.example.chars().count()) * 2 + 4;
        sheet.set_column_width(col, width.min(40) as f64)?;
        sheet.write_string_with_format(1, col, c.title, &header)?;
        sheet.write_string_with_format(2, col, c.example, &text)?;
    }
    sheet.set_freeze_panes(2, 0)?;

    let wrap = Format::new().set_text_wrap();
    let notes_sheet = book.add_worksheet();
    notes_sheet.set_name("填写说明")?;
    for (col, (t, w)) in [("列名", 18), ("是否必填", 10), ("说明", 70)]
        .iter()
        .enumerate()
    {
        notes_sheet.write_string_with_format(0, col as u16, *t, &header)?;
        notes_sheet.set_column_width(col as u16, *w)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let row = i as u32 + 1;
        notes_sheet.write_string(row, 0, c.title)?;
        notes_sheet.write_string(row, 1, if c.required { "必填" } else { "选填" })?;
        notes_sheet.write_string_with_format(row, 2, notes.get(i).copied().unwrap_or(""), &wrap)?;
    }
    let tail = columns.len() as u32 + 2;
    notes_sheet.write_string_with_format(
        tail,
        0,
        "第一张表第 2 行是表头，第 3 行是示例（导入前请删除或替换）；可保存为 XLSX，或 UTF-8、GB18030 编码的 CSV。空白单元格保留系统中原有的值。",
        &wrap,
    )?;
    book.save_to_buffer()
}

/// A sheet name (at most 31 characters, no `[]:*?/\`).
fn short(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Units => "单位",
        ImportKind::People => "人员",
        ImportKind::Pool => "培带人库",
        ImportKind::Contracts => "培带联系书",
    }
}
