//! A file as the imports receive it (any bytes) turned into a [`Table`]: XLSX or CSV told apart by
//! their content, the limits of the settings applied first, the header row found by the
//! template's column titles (so the title row the exports and templates write above it is
//! skipped), and every required column checked before any row is.

use crate::config::ImportSettings;
use crate::i18n::Msg;

use super::refusal::FileRefusal;
use super::table::{Column, Table};
use super::{decoding, workbook};

/// How far down the header row may be (a title row or two, a note, then the header).
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads `bytes` for an import with `columns`, or refuses the whole file.
pub fn read(
    bytes: &[u8],
    columns: &[Column],
    limits: &ImportSettings,
) -> Result<Table, FileRefusal> {
    if bytes.len() > limits.max_bytes {
        return Err(FileRefusal::too_large(limits.max_bytes));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty());
    }
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        workbook::rows(bytes)?
    } else if looks_binary(bytes) {
        return Err(FileRefusal::new(
            "not_a_spreadsheet",
            Msg::new(
                "文件不是 XLSX 或 CSV 表格：请在 Excel 或 WPS 中另存为 XLSX（旧版 .xls 也需另存）",
                "the file is neither XLSX nor CSV: save it from Excel or WPS as XLSX (an old .xls too)",
            ),
        ));
    } else {
        let text = decoding::decode(bytes)?;
        decoding::records(&text)
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect()
    };
    table(rows, columns, limits)
}

/// A file whose bytes are not text: NULs or control bytes other than tab and line ends.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .take(8192)
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

/// A header cell as compared with the titles: trimmed, without a required mark (`姓名*`).
fn header_title(cell: &str) -> &str {
    cell.trim().trim_end_matches(['*', '＊']).trim()
}

fn table(
    rows: Vec<(usize, Vec<String>)>,
    columns: &[Column],
    limits: &ImportSettings,
) -> Result<Table, FileRefusal> {
    let is_title = |c: &str| columns.iter().any(|col| col.title == header_title(c));
    let Some(at) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, r)| r.iter().any(|c| is_title(c)))
    else {
        if rows
            .iter()
            .all(|(_, r)| r.iter().all(|c| c.trim().is_empty()))
        {
            return Err(empty());
        }
        return Err(FileRefusal::new(
            "no_header_row",
            Msg::new(
                format!(
                    "找不到表头行：前 {HEADER_SEARCH_ROWS} 行中没有模板的列名（如「{}」），请使用下载的模板",
                    columns.first().map_or("", |c| c.title)
                ),
                format!(
                    "no header row: none of the first {HEADER_SEARCH_ROWS} rows names the template's columns (such as {}); use the template",
                    columns.first().map_or("", |c| c.title)
                ),
            ),
        ));
    };
    let (header_no, header) = &rows[at];
    let headers: Vec<String> = header.iter().map(|c| header_title(c).to_owned()).collect();
    let missing: Vec<&str> = columns
        .iter()
        .filter(|c| c.required && !headers.iter().any(|h| h == c.title))
        .map(|c| c.title)
        .collect();
    if !missing.is_empty() {
        let zh = missing
            .iter()
            .map(|m| format!("「{m}」"))
            .collect::<String>();
        return Err(FileRefusal::new(
            "missing_column",
            Msg::new(
                format!("表头缺少必填列{zh}"),
                format!(
                    "the header row lacks the required column(s) {}",
                    missing.join(", ")
                ),
            ),
        ));
    }
    let mut data: Vec<Vec<String>> = rows[at + 1..]
        .iter()
        .map(|(_, r)| {
            let mut r: Vec<String> = r.iter().map(|c| c.trim().to_owned()).collect();
            r.resize(headers.len(), String::new());
            r
        })
        .collect();
    while data.last().is_some_and(|r| r.iter().all(String::is_empty)) {
        data.pop();
    }
    if data.is_empty() {
        return Err(FileRefusal::new(
            "empty_file",
            Msg::new(
                "表头下面没有数据行",
                "there are no rows below the header row",
            ),
        ));
    }
    if data.len() > limits.max_rows {
        return Err(FileRefusal::new(
            "too_many_rows",
            Msg::new(
                format!(
                    "文件有 {} 行数据，超过上限 {} 行：请分成几个文件导入",
                    data.len(),
                    limits.max_rows
                ),
                format!(
                    "the file has {} rows, over the limit of {}: split it into several files",
                    data.len(),
                    limits.max_rows
                ),
            ),
        ));
    }
    Ok(Table {
        headers,
        rows: data,
        first_row: header_no + 1,
    })
}

fn empty() -> FileRefusal {
    FileRefusal::new("empty_file", Msg::new("文件是空的", "the file is empty"))
}
