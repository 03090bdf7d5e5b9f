//! Reading one row's cells by their column titles, and the values a spreadsheet cell may hold
//! written the way an office writes them: dates as 1980-05-01, 1980/5/1 or 1980年5月1日; a closed
//! choice by its Chinese words (男, 硕士研究生) or its code; yes/no as 是/否.

use chrono::NaiveDate;

use crate::domain::choice::Choice;
use crate::error::FieldErrors;
use crate::i18n::Msg;

use super::report::CellProblem;
use super::table::Table;

/// One data row of a table with the problems found in it so far.
pub struct Row<'a> {
    table: &'a Table,
    cells: &'a [String],
    /// The row's spreadsheet number.
    pub number: usize,
    pub problems: Vec<CellProblem>,
}

impl Table {
    /// The data rows that hold anything (blank rows between them are skipped), with their
    /// spreadsheet row numbers.
    pub fn data_rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .map(|(i, cells)| Row {
                table: self,
                cells,
                number: self.first_row + i,
                problems: Vec::new(),
            })
    }

    /// Whether the header row has this column.
    pub fn has_column(&self, title: &str) -> bool {
        self.headers.iter().any(|h| h == title)
    }
}

impl Row<'_> {
    /// The trimmed text under `title` ("" when the file has no such column).
    pub fn text(&self, title: &str) -> &str {
        self.table
            .headers
            .iter()
            .position(|h| h == title)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    /// The text under `title`, or `None` when the cell is empty.
    pub fn given(&self, title: &str) -> Option<&str> {
        Some(self.text(title)).filter(|s| !s.is_empty())
    }

    /// Records why the cell under `column` is refused (the first reason per column is kept).
    pub fn refuse(&mut self, column: &str, reason: Msg) {
        if !self.problems.iter().any(|p| p.column == column) {
            self.problems.push(CellProblem {
                column: column.to_owned(),
                reason,
            });
        }
    }

    /// Records a required cell left empty.
    pub fn require(&mut self, column: &str) -> Option<String> {
        match self.given(column) {
            Some(s) => Some(s.to_owned()),
            None => {
                self.refuse(column, Msg::new("必填，不能为空", "is required"));
                None
            }
        }
    }

    /// Moves the reasons of a refused request (field → reason) onto the columns they came from.
    pub fn refuse_fields(&mut self, fields: FieldErrors, column_of: impl Fn(&str) -> &'static str) {
        for (field, e) in fields {
            self.refuse(column_of(&field), e.message);
        }
    }

    /// A date cell, `None` when empty; a cell that is no date is refused.
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let raw = self.given(column)?.to_owned();
        match parse_date(&raw) {
            Some(d) => Some(d),
            None => {
                self.refuse(
                    column,
                    Msg::new(
                        format!("「{raw}」不是日期，应写作 1980-05-01"),
                        format!("\"{raw}\" is not a date; write it as 1980-05-01"),
                    ),
                );
                None
            }
        }
    }

    /// A closed choice, `None` when empty; another value is refused naming the allowed ones.
    pub fn choice<T: Choice>(&mut self, column: &str) -> Option<T> {
        let raw = self.given(column)?.to_owned();
        match parse_choice::<T>(&raw) {
            Some(v) => Some(v),
            None => {
                self.refuse(column, not_allowed::<T>(&raw));
                None
            }
        }
    }

    /// A yes/no cell, `None` when empty.
    pub fn yes_no(&mut self, column: &str) -> Option<bool> {
        let raw = self.given(column)?.to_owned();
        match raw.to_lowercase().as_str() {
            "是" | "有" | "y" | "yes" | "true" | "1" => Some(true),
            "否" | "无" | "n" | "no" | "false" | "0" => Some(false),
            _ => {
                self.refuse(
                    column,
                    Msg::new(
                        format!("「{raw}」应填“是”或“否”"),
                        format!("\"{raw}\" must be 是 (yes) or 否 (no)"),
                    ),
                );
                None
            }
        }
    }
}

/// The refusal of a value outside a closed set, naming the allowed values.
pub fn not_allowed<T: Choice>(raw: &str) -> Msg {
    let zh: Vec<&str> = T::ALL.iter().map(|v| v.zh()).collect();
    let en: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
    Msg::new(
        format!("「{raw}」不是可选的值，应为：{}", zh.join("、")),
        format!("\"{raw}\" is not allowed; use one of: {}", en.join(", ")),
    )
}

/// A value of a closed set by its Chinese words or its code.
pub fn parse_choice<T: Choice>(raw: &str) -> Option<T> {
    let raw = raw.trim();
    T::ALL
        .iter()
        .copied()
        .find(|v| v.zh() == raw)
        .or_else(|| T::from_code(&raw.to_lowercase()))
}

/// `1980-05-01`, `1980/5/1`, `1980.5.1` or `1980年5月1日`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim().trim_end_matches('日');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::Education;

    #[test]
    fn dates_are_read_as_offices_write_them() {
        let d = NaiveDate::from_ymd_opt(1980, 5, 1);
        for s in ["1980-05-01", "1980/5/1", "1980.05.01", "1980年5月1日"] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in ["80-5-1", "1980-13-01", "五月", "29847"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn choices_are_read_by_their_words_or_codes() {
        assert_eq!(
            parse_choice::<Education>("硕士研究生"),
            Some(Education::Master)
        );
        assert_eq!(parse_choice::<Education>("Master"), Some(Education::Master));
        assert_eq!(parse_choice::<Education>("硕士"), None);
    }
}
