//! Turning a refusal of the service into what a form shows: a reason beside each field it names,
//! and one line above the form for the rest.

use std::collections::BTreeMap;

use super::strings::word;
use crate::error::AppError;
use crate::i18n;

/// The reasons of a refusal, by field, in the reader's language; `None` when it names no field.
pub fn field_reasons(err: &AppError) -> Option<BTreeMap<String, String>> {
    match err {
        AppError::Validation(fields) | AppError::Conflict { fields, .. } if !fields.is_empty() => {
            Some(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.message.localized().to_owned()))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// A catalogue word in the current request's language (for reasons a page adds itself).
pub fn say(key: &str) -> String {
    word(key, i18n::current().locale)
        .unwrap_or_else(|| panic!("no word for `{key}` in the catalogue"))
        .to_owned()
}

/// A filter's or form field's value, trimmed; none when it is absent or blank.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// "Please fill this in" when `value` is blank.
pub fn required(value: &str) -> Option<String> {
    value.trim().is_empty().then(|| say("form.required"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_words_the_handlers_add_are_in_the_catalogue() {
        for key in [
            "form.required",
            "form.passwords_differ",
            "form.fix",
            "link.missing",
        ] {
            assert!(word(key, Locale::ZhCn).is_some(), "{key}");
        }
        assert_eq!(required("  "), Some("请填写此项".to_owned()));
        assert_eq!(required("x"), None);
    }
}
