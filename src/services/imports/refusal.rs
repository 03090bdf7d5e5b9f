//! Why a whole file is refused before any of its rows is looked at (too large, not a
//! spreadsheet, an unknown encoding, no header row, a required column missing, empty): nothing
//! is stored, and the message says what to change.

use crate::error::AppError;
use crate::i18n::Msg;

/// A refused file: a stable code and the reason in both languages.
#[derive(Debug, Clone)]
pub struct FileRefusal {
    /// `file_too_large`, `not_a_spreadsheet`, `unknown_encoding`, `no_header_row`,
    /// `missing_column`, `empty_file`, `too_many_rows`, `unreadable_workbook`.
    pub code: &'static str,
    pub message: Msg,
}

impl FileRefusal {
    pub fn new(code: &'static str, message: Msg) -> Self {
        Self { code, message }
    }

    /// A file over `max` bytes.
    pub fn too_large(max: usize) -> Self {
        let mb = max as f64 / (1024.0 * 1024.0);
        Self::new(
            "file_too_large",
            Msg::new(
                format!("文件超过 {mb:.1} MB 的上限：请分成几个文件导入"),
                format!("the file is over the {mb:.1} MB limit: split it into several files"),
            ),
        )
    }
}

impl From<FileRefusal> for AppError {
    /// A 422 on the field `file`.
    fn from(r: FileRefusal) -> Self {
        AppError::invalid_field_owned("file", r.code, r.message)
    }
}
