//! Closed sets of values as people read them: each value has words in Chinese (and English, its
//! code in words), and a request that sends a value outside the set is told the allowed values in
//! those words instead of serde's `unknown variant` text.
//!
//! serde only lets a type report a failure as text, so the allowed values travel from the type
//! that knows them to the extractor that reports them inside that text, between markers that
//! [`decode`] finds again (`routes::extract`).

use std::borrow::Cow;

use crate::i18n::{Locale, Msg};

/// A closed set of values with a stored code and words for people.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order people should read them.
    const ALL: &'static [Self];

    /// The stored and wire form.
    fn code(self) -> &'static str;

    /// The value's words in Chinese.
    fn zh(self) -> &'static str;

    /// The value from its code (or a code it was once written with).
    fn from_code(s: &str) -> Option<Self>;

    /// The value's words in `locale`: the Chinese label, or the code in English words.
    fn label(self, locale: Locale) -> Cow<'static, str> {
        match locale {
            Locale::ZhCn => Cow::Borrowed(self.zh()),
            Locale::En => words(self.code()),
        }
    }

    /// The value's words in both languages.
    fn label_msg(self) -> Msg {
        Msg::new(self.zh(), words(self.code()))
    }
}

/// A code in English words: `basically_qualified` → `basically qualified`.
pub fn words(code: &'static str) -> Cow<'static, str> {
    if code.contains('_') {
        Cow::Owned(code.replace('_', " "))
    } else {
        Cow::Borrowed(code)
    }
}

const MARK: char = '\u{1}';
const TAG: &str = "\u{1}choice\u{1}";

/// The allowed values of `T` in both languages, wrapped for [`decode`].
pub fn encode<T: Choice>() -> String {
    let zh: Vec<&str> = T::ALL.iter().map(|v| v.zh()).collect();
    let en: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
    format!("{TAG}{}{MARK}{}{MARK}", zh.join("、"), en.join(", "))
}

/// The allowed values (Chinese words, English codes) that [`encode`] put into a serde message.
pub fn decode(text: &str) -> Option<(String, String)> {
    let rest = &text[text.find(TAG)? + TAG.len()..];
    let mut parts = rest.splitn(3, MARK);
    let zh = parts.next()?.to_owned();
    let en = parts.next()?.to_owned();
    parts.next()?;
    Some((zh, en))
}

/// Deserializes a `T` from its code, failing with the allowed values in words.
pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Choice,
{
    struct Visit<T>(std::marker::PhantomData<T>);

    impl<T: Choice> serde::de::Visitor<'_> for Visit<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(&encode::<T>())
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            T::from_code(v).ok_or_else(|| E::custom(encode::<T>()))
        }
    }

    d.deserialize_str(Visit(std::marker::PhantomData))
}

/// Deserializes an optional `T` from its code, failing with the allowed values in words: for a
/// request field whose type keeps serde's own reading elsewhere (a setting read from a file, whose
/// errors must stay plain text).
pub fn optional<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Choice,
{
    struct Code<T>(T);

    impl<'de, T: Choice> serde::Deserialize<'de> for Code<T> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d).map(Code)
        }
    }

    <Option<Code<T>> as serde::Deserialize>::deserialize(d).map(|v| v.map(|c| c.0))
}

/// The languages are a closed set too (a user's `locale`); `i18n` defines them and stays below
/// this module, so their words and their reading from a request live here.
impl Choice for Locale {
    const ALL: &'static [Locale] = &[Locale::ZhCn, Locale::En];

    fn code(self) -> &'static str {
        self.as_str()
    }

    fn zh(self) -> &'static str {
        match self {
            Self::ZhCn => "简体中文",
            Self::En => "英文",
        }
    }

    fn from_code(s: &str) -> Option<Self> {
        Self::parse(s)
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::ObjectionOutcome;

    #[test]
    fn the_allowed_values_survive_a_trip_through_serde_text() {
        let err = serde_json::from_str::<ObjectionOutcome>("\"maybe\"").unwrap_err();
        let (zh, en) = decode(&err.to_string()).expect("the marker");
        assert_eq!(zh, "成立、不成立");
        assert_eq!(en, "upheld, rejected");
        let err = serde_json::from_str::<ObjectionOutcome>("7").unwrap_err();
        assert!(decode(&err.to_string()).is_some(), "a wrong type too");
        assert_eq!(decode("invalid type: null, expected i64"), None);
    }

    #[test]
    fn an_old_code_still_reads_and_the_answer_uses_the_new_one() {
        let old: ObjectionOutcome = serde_json::from_str("\"dismissed\"").unwrap();
        assert_eq!(old, ObjectionOutcome::Rejected);
        assert_eq!(serde_json::to_string(&old).unwrap(), "\"rejected\"");
        assert_eq!("dismissed".parse(), Ok(ObjectionOutcome::Rejected));
    }
}
