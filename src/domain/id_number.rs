//! The mainland resident ID-card number (居民身份证号码, GB 11643): 17 digits and a check
//! character (a digit or `X`). The bus-card and health-check lists carry it; it is personal data,
//! shown only to the person and their admins (in the exports, which only admins download, but
//! never in a page's list).

use chrono::NaiveDate;

use crate::error::FieldError;

/// The weights of the first 17 digits (GB 11643: 2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum mod 11.
const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A checked 18-character resident ID number, spaces removed and `x` upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

fn invalid() -> FieldError {
    FieldError::new(
        "invalid_id_number",
        "请输入有效的18位居民身份证号码（末位可为X）",
        "must be an 18-character resident ID number (17 digits and a digit or X) with a valid check character",
    )
}

impl IdNumber {
    /// Parses `raw`: spaces are dropped and a final `x` counts as `X`; the length, the digits,
    /// the date of birth and the check character (GB 11643) must be right.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let chars: Vec<char> = s.chars().collect();
        if chars.len() != 18
            || !chars[..17].iter().all(char::is_ascii_digit)
            || !(chars[17].is_ascii_digit() || chars[17] == 'X')
        {
            return Err(invalid());
        }
        let sum: u32 = chars[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        if CHECKS[(sum % 11) as usize] != chars[17] {
            return Err(FieldError::new(
                "id_number_checksum",
                "身份证号码校验位不正确，请核对",
                "the ID number's check character is wrong: check the number",
            ));
        }
        let id = Self(s);
        if id.birth_date().is_none() {
            return Err(FieldError::new(
                "id_number_birth_date",
                "身份证号码中的出生日期无效",
                "the date of birth inside the ID number is not a date",
            ));
        }
        Ok(id)
    }

    /// The number as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date of birth the number holds (characters 7 to 14, `YYYYMMDD`).
    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").ok()
    }

    /// Whether the number is a man's (the 17th digit is odd for men, even for women).
    pub fn is_male(&self) -> bool {
        (self.0.as_bytes()[16] - b'0') % 2 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number made up for the tests: region 110101, born 1990-03-07, a woman, check character X.
    const VALID: &str = "11010119900307002X";

    #[test]
    fn a_number_with_the_right_check_character_is_accepted() {
        let id = IdNumber::parse(VALID).unwrap();
        assert_eq!(id.as_str(), VALID);
        assert_eq!(id.birth_date(), "1990-03-07".parse().ok());
        assert!(!id.is_male());
        let id = IdNumber::parse("110101199003070011").unwrap();
        assert!(id.is_male());
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        let e = IdNumber::parse("110101199003070012").unwrap_err();
        assert_eq!(e.code, "id_number_checksum");
        let e = IdNumber::parse("110101199003070021").unwrap_err();
        assert_eq!(e.code, "id_number_checksum");
    }

    #[test]
    fn a_lower_case_x_and_spaces_are_normalised() {
        let id = IdNumber::parse(" 110101 19900307 002x ").unwrap();
        assert_eq!(id.as_str(), VALID);
    }

    #[test]
    fn a_wrong_length_or_a_letter_inside_is_refused() {
        for bad in [
            "",
            "11010119900307002",
            "11010119900307002X1",
            "110101900307001",
            "1101011990030700X1",
            "11010119900307001Y",
        ] {
            assert_eq!(
                IdNumber::parse(bad).unwrap_err().code,
                "invalid_id_number",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_birth_date_that_is_no_date_is_refused() {
        // 1990-02-30, with a correct check character.
        let e = IdNumber::parse("110101199002300014").unwrap_err();
        assert_eq!(e.code, "id_number_birth_date");
    }
}
