//! Plain-text fields: trimmed, bounded, free of control characters (which would break e-mail
//! headers and log lines).

use crate::error::FieldError;

/// Trims `raw` and checks it is non-empty, at most `max` characters and free of control characters.
pub fn required(raw: &str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new("required", "不能为空", "must not be empty"));
    }
    bounded(s, max)
}

/// Like [`required`], but an empty value means "not given".
pub fn optional(raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => bounded(s, max).map(Some),
    }
}

/// A long text that may span lines (achievements, opinions, summaries): trimmed and bounded;
/// an empty value means "not given".
pub fn long_optional(raw: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => Err(too_long(max)),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

/// The most characters a query parameter may hold (a search string, a name filter, a file
/// name): one bound for the API and the pages' filter forms, checked before a value reaches a
/// LIKE pattern (whose size SQLite limits).
pub const MAX_QUERY_TEXT: usize = 200;

fn too_long(max: usize) -> FieldError {
    FieldError {
        code: "too_long",
        message: crate::i18n::Msg::new(
            format!("不能超过 {max} 个字符"),
            format!("must be at most {max} characters"),
        ),
    }
}

fn bounded(s: &str, max: usize) -> Result<String, FieldError> {
    if s.chars().count() > max {
        return Err(too_long(max));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new(
            "control_character",
            "不能包含换行或控制字符",
            "must not contain line breaks or control characters",
        ));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_single_line() {
        assert_eq!(required("  张三 ", 10).unwrap(), "张三");
        assert_eq!(required("   ", 10).unwrap_err().code, "required");
        assert_eq!(required("一二三四五六", 5).unwrap_err().code, "too_long");
        assert_eq!(
            required("a\r\nBcc: x@y", 50).unwrap_err().code,
            "control_character"
        );
        assert_eq!(optional(Some(" "), 5).unwrap(), None);
        assert_eq!(optional(None, 5).unwrap(), None);
    }

    #[test]
    fn long_text_keeps_line_breaks_and_is_bounded() {
        assert_eq!(
            long_optional(Some(" 第一行\n第二行 "), 10)
                .unwrap()
                .as_deref(),
            Some("第一行\n第二行")
        );
        assert_eq!(long_optional(Some("  "), 10).unwrap(), None);
        assert_eq!(long_optional(None, 10).unwrap(), None);
        assert_eq!(
            long_optional(Some("一二三四五六"), 5).unwrap_err().code,
            "too_long"
        );
    }
}
