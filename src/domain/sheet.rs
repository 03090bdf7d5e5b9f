//! One spreadsheet list as the offices exchange it (推荐人选名单, 名册, 汇总表): a title row naming
//! the list, the unit (or 全市) and the day, a header row, and typed columns. The same sheet is
//! written as XLSX ([`super::sheet_xlsx`]) or as CSV (here, through [`super::csv`]), so that the
//! two files of one list always hold the same cells.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::csv::Csv;
use crate::i18n::{Locale, Msg};

/// The format a list or report is answered in (`?format=`): JSON as before, or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// The JSON answer (the default).
    Json,
    /// CSV in UTF-8 with a byte-order mark, CRLF line ends, formulas defused.
    Csv,
    /// An Excel workbook (one sheet).
    Xlsx,
}

impl ReportFormat {
    /// The file format asked for, if any (`json` and no `format` answer JSON).
    pub fn file(format: Option<Self>) -> Option<FileFormat> {
        match format {
            Some(Self::Csv) => Some(FileFormat::Csv),
            Some(Self::Xlsx) => Some(FileFormat::Xlsx),
            _ => None,
        }
    }
}

/// A spreadsheet file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// The MIME type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// What a column holds, which decides how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Words, and every number that is an identifier (ID, phone and certificate numbers): always
    /// a text cell, so that Excel never shows 1.5E+17 or drops a leading zero.
    Text,
    /// A date cell with a date format.
    Date,
    /// A number cell.
    Number,
}

/// One column: its header in both languages and its kind.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: Msg,
    pub kind: ColumnKind,
}

impl Column {
    /// A text column.
    pub fn text(zh: &'static str, en: &'static str) -> Self {
        Self {
            header: Msg::new(zh, en),
            kind: ColumnKind::Text,
        }
    }

    /// A date column.
    pub fn date(zh: &'static str, en: &'static str) -> Self {
        Self {
            header: Msg::new(zh, en),
            kind: ColumnKind::Date,
        }
    }

    /// A number column.
    pub fn number(zh: &'static str, en: &'static str) -> Self {
        Self {
            header: Msg::new(zh, en),
            kind: ColumnKind::Number,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    Number(f64),
}

impl Cell {
    /// A text cell (an empty string is an empty cell).
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Self::Empty
        } else {
            Self::Text(s)
        }
    }

    /// An optional text cell.
    pub fn opt_text(s: Option<impl Into<String>>) -> Self {
        s.map_or(Self::Empty, Self::text)
    }

    /// An optional date cell.
    pub fn opt_date(d: Option<NaiveDate>) -> Self {
        d.map_or(Self::Empty, Self::Date)
    }

    /// A whole number.
    pub fn int(n: i64) -> Self {
        // Counts in a list are far below 2^52, where f64 stays exact.
        #[allow(clippy::cast_precision_loss)]
        Self::Number(n as f64)
    }

    /// The cell as a CSV field: dates as `YYYY-MM-DD`, numbers without a needless `.0`.
    pub fn as_field(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::Number(n) => format_number(*n),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A list ready to be written: its title parts, columns and rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The list's name, e.g. 推荐人选名单.
    pub name: Msg,
    /// Whose list: a unit's name, or 全市 for the city.
    pub scope: String,
    /// The day the list was made.
    pub date: NaiveDate,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// An empty list.
    pub fn new(name: Msg, scope: impl Into<String>, date: NaiveDate, columns: Vec<Column>) -> Self {
        Self {
            name,
            scope: scope.into(),
            date,
            columns,
            rows: Vec::new(),
        }
    }

    /// Appends a row (as many cells as columns; missing cells are empty, extra ones dropped).
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// The title row's text: the list's name, whose list, and the day.
    pub fn title(&self, locale: Locale) -> String {
        let when = self.date.format("%Y-%m-%d");
        format!("{}　{}　{when}", self.name.get(locale), self.scope)
    }

    /// The headers in the reader's language.
    pub fn headers(&self, locale: Locale) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.get(locale)).collect()
    }

    /// The sheet as CSV: the title row, the header row, then the rows (UTF-8 with a byte-order
    /// mark, CRLF, every field quoted, formula-like fields defused by [`Csv`]).
    pub fn to_csv(&self, locale: Locale) -> String {
        let mut csv = Csv::new();
        csv.row([self.title(locale)]);
        csv.row(self.headers(locale));
        for row in &self.rows {
            csv.row(row.iter().map(Cell::as_field));
        }
        csv.finish()
    }
}

/// How wide a text is on screen, in Excel's character units: a CJK (or other full-width)
/// character counts as two.
pub fn display_width(s: &str) -> usize {
    s.lines()
        .map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sheet {
        let mut s = Sheet::new(
            Msg::new("名册", "Register"),
            "红山区",
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            vec![
                Column::text("证书编号", "certificate"),
                Column::date("日期", "date"),
                Column::number("学时", "hours"),
            ],
        );
        s.push(vec![
            Cell::text("=1+2"),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            Cell::Number(1.5),
        ]);
        s.push(vec![Cell::text("150102198001011234")]);
        s
    }

    #[test]
    fn csv_has_the_title_headers_and_defused_cells_in_the_reader_language() {
        let csv = sample().to_csv(Locale::ZhCn);
        assert_eq!(
            csv,
            "\u{FEFF}\"名册　红山区　2026-12-02\"\r\n\"证书编号\",\"日期\",\"学时\"\r\n\
             \"'=1+2\",\"2026-01-05\",\"1.5\"\r\n\"150102198001011234\",\"\",\"\"\r\n"
        );
        assert!(
            sample()
                .to_csv(Locale::En)
                .contains("\"certificate\",\"date\",\"hours\"")
        );
    }

    #[test]
    fn cjk_characters_count_twice_in_a_width() {
        assert_eq!(display_width("红山区 A1"), 9);
        assert_eq!(display_width("ab\n红红红"), 6);
    }

    #[test]
    fn numbers_print_without_a_needless_fraction() {
        assert_eq!(Cell::int(12).as_field(), "12");
        assert_eq!(Cell::Number(2.25).as_field(), "2.25");
        assert_eq!(Cell::Number(0.5).as_field(), "0.5");
    }
}
