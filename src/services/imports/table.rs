//! A file's rows as text, whatever it came as (XLSX, or CSV in UTF-8, UTF-8 with a byte-order
//! mark, or GB18030).

/// The rows of a file under its header row, every cell as trimmed text (a date cell of an XLSX
/// file as `YYYY-MM-DD`, a number as Excel shows it without a trailing `.0`).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The column titles of the header row.
    pub headers: Vec<String>,
    /// The rows below the header row, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// The spreadsheet's row number of `rows[0]`.
    pub first_row: usize,
}

/// One column of an import's template: its Chinese title (the header the file must carry), whether
/// every row must fill it, and an example value for the template's sample row.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub required: bool,
    pub example: &'static str,
}
