//! Why a contract or a benefit ended, as stored (a code the service writes itself, or the city
//! admin's own words when they terminate a contract) and as people read it.

use crate::i18n::{Localized, Msg};

text_enum!(
    /// The reasons the service itself writes when it ends a contract or a benefit. The codes are
    /// the words the rows have always held.
    EndReason {
        /// A contract's cycle is over (`complete_cycles`).
        CycleEnded => "cycle ended" ("培带期满"),
        /// The mentor's status was revoked after an unqualified grade.
        MentorRevoked => "mentor revoked" ("培带人资格已取消"),
        /// A bus card's or an apartment's period is over.
        ValidityEnded => "validity ended" ("有效期已满"),
    }
);

/// A stored end reason in the reader's words: a known code's label, or the text as written (a
/// city admin's reason for a termination is already in words).
pub fn label(stored: Option<&str>) -> Option<Localized> {
    let stored = stored?;
    Some(Localized(match stored.parse::<EndReason>() {
        Ok(code) => crate::domain::choice::Choice::label_msg(code),
        Err(()) => Msg::new(stored.to_owned(), stored.to_owned()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn a_code_reads_in_words_and_a_written_reason_as_written() {
        let revoked = label(Some("mentor revoked")).unwrap().0;
        assert_eq!(revoked.get(Locale::ZhCn), "培带人资格已取消");
        assert_eq!(revoked.get(Locale::En), "mentor revoked");
        let written = label(Some("培带人调离")).unwrap().0;
        assert_eq!(written.get(Locale::ZhCn), "培带人调离");
        assert!(label(None).is_none());
    }
}
