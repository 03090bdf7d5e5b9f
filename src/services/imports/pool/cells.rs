//! Reading the cells of the two takeover imports (the pool and the contracts): a column found by
//! its Chinese title, dates as offices write them, e-mail addresses as stored, and the reasons a
//! cell is refused, in both languages. Shared by `pool` and `contracts`, which take a running
//! program over in the same way.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::user::Email;
use crate::i18n::Msg;
use crate::services::imports::report::CellProblem;
use crate::services::imports::table::Table;

/// The columns of a file, found by their titles (the header row's order does not matter).
pub struct Cells {
    index: HashMap<String, usize>,
}

impl Cells {
    pub fn new(table: &Table) -> Self {
        let index = table
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_owned(), i))
            .collect();
        Self { index }
    }

    /// The trimmed text of `title` in `row`; empty when the file has no such column.
    pub fn get<'r>(&self, row: &'r [String], title: &str) -> &'r str {
        self.index
            .get(title)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }
}

/// A row's problems, each against its column.
#[derive(Default)]
pub struct RowProblems(pub Vec<CellProblem>);

impl RowProblems {
    pub fn add(&mut self, column: &str, reason: Msg) {
        self.0.push(CellProblem {
            column: column.to_owned(),
            reason,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Some(text)` when the cell is filled, else a "required" problem.
    pub fn required<'r>(&mut self, column: &str, value: &'r str) -> Option<&'r str> {
        if value.is_empty() {
            self.add(
                column,
                Msg::new(
                    format!("「{column}」不能为空"),
                    format!("\"{column}\" must be filled in"),
                ),
            );
            None
        } else {
            Some(value)
        }
    }

    /// The cell as a date (`2024-09-01`, `2024/9/1`, `2024.9.1`, `2024年9月1日`), or a problem.
    pub fn date(&mut self, column: &str, value: &str) -> Option<NaiveDate> {
        let parsed = parse_date(value);
        if parsed.is_none() {
            self.add(
                column,
                Msg::new(
                    format!("「{column}」应为日期，如 2024-09-01"),
                    format!("\"{column}\" must be a date such as 2024-09-01"),
                ),
            );
        }
        parsed
    }

    /// The cell as an e-mail address as the service stores it (trimmed, lower-cased), or a problem.
    pub fn email(&mut self, column: &str, value: &str) -> Option<String> {
        match Email::parse(value) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(_) => {
                self.add(
                    column,
                    Msg::new(
                        format!("「{column}」不是有效的邮箱地址"),
                        format!("\"{column}\" is not a valid e-mail address"),
                    ),
                );
                None
            }
        }
    }

    /// At most `max` characters, else a problem.
    pub fn at_most(&mut self, column: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(
                column,
                Msg::new(
                    format!("「{column}」最多 {max} 个字"),
                    format!("\"{column}\" has at most {max} characters"),
                ),
            );
        }
    }
}

/// A date as offices write it: `2024-09-01`, `2024/9/1`, `2024.9.1` or `2024年9月1日`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    let normalized: String = v
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    let mut parts = normalized.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_offices_write_them() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 1);
        assert_eq!(parse_date("2024-09-01"), d);
        assert_eq!(parse_date("2024/9/1"), d);
        assert_eq!(parse_date("2024.09.01"), d);
        assert_eq!(parse_date("2024年9月1日"), d);
        assert_eq!(parse_date("24-9-1"), None);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("九月"), None);
    }
}
