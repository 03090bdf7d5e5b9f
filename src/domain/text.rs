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

fn bounded(s: &str, max: usize) -> Result<String, FieldError> {
    if s.chars().count() > max {
        return Err(FieldError {
            code: "too_long",
            message: crate::i18n::Msg::new(
                format!("不能超过 {max} 个字符"),
                format!("must be at most {max} characters"),
            ),
        });
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
}
