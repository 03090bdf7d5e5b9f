//! The committee and the pool: recommendations, decisions, objections, mentor statuses, the
//! request bodies of review, and the rules for notice periods and certificate numbers.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use utoipa::ToSchema;

use super::category::TalentCategory;
use super::ids::UserId;

text_enum!(
    /// A reviewer's recommendation.
    Recommendation {
        Recommend => "recommend" ("推荐"),
        Neutral => "neutral" ("中立"),
        Oppose => "oppose" ("不推荐"),
    }
);

text_enum!(
    /// The city admin's decision on a nomination.
    Decision {
        Approved => "approved" ("同意"),
        Rejected => "rejected" ("不同意"),
    }
);

text_enum!(
    /// The outcome of an objection during public notice, in the words of the assessment's
    /// objections (`dismissed` is still accepted, and read from older rows, as `rejected`).
    ObjectionOutcome {
        /// The objection stands: the nomination is rejected.
        Upheld => "upheld" ("成立"),
        /// The objection does not stand: the decision holds.
        Rejected => "rejected" | "dismissed" ("不成立"),
    }
);

text_enum!(
    /// A mentor-pool entry's status.
    MentorStatus {
        Active => "active" ("在聘"),
        Revoked => "revoked" ("已取消资格"),
        Expired => "expired" ("聘期已满"),
        Withdrawn => "withdrawn" ("已撤回"),
    }
);

/// `POST /api/v1/selection-rounds/{id}/reviewers`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignReviewerRequest {
    /// A user with the reviewer role.
    pub reviewer_id: UserId,
    /// The categories this reviewer scores in this round.
    #[schema(min_items = 1)]
    pub categories: Vec<TalentCategory>,
}

/// `PUT /api/v1/reviews/{nomination_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// Within the policy's range (0–100 by default).
    pub score: i32,
    pub recommendation: Recommendation,
    pub comment: Option<String>,
}

/// `POST /api/v1/nominations/{id}/decision`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NominationDecisionRequest)]
pub struct DecisionRequest {
    pub decision: Decision,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
    /// Who signed the decision off (签批).
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub signed_by: String,
    pub signed_on: NaiveDate,
    /// Required when the nomination has fewer scores than the round's `min_scores`: why the city
    /// admin decides without them (kept with the decision, audited, shown in the review summary).
    /// Ignored when the scores are enough.
    pub score_exception_reason: Option<String>,
}

/// `POST /api/v1/nominations/{id}/objections`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NoticeObjectionRequest)]
pub struct ObjectionRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,4998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub content: String,
}

/// `POST /api/v1/objections/{id}/outcome`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionOutcomeRequest {
    pub outcome: ObjectionOutcome,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,1998}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// The last day of a notice of `days` working days (Monday to Friday) starting on `start`
/// (`start` itself counts when it is a working day).
pub fn last_working_day(start: NaiveDate, days: u32) -> NaiveDate {
    use chrono::Weekday;
    let mut day = start;
    let mut counted = 0;
    loop {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            counted += 1;
            if counted >= days.max(1) {
                return day;
            }
        }
        day = day.succ_opt().expect("within the calendar");
    }
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
}

/// The first day of a notice of `days` working days that ends on `last`: the inverse of
/// [`last_working_day`], for notices stored before their first day was.
pub fn first_working_day(last: NaiveDate, days: u32) -> NaiveDate {
    let mut day = last;
    let mut counted = u32::from(is_working_day(last));
    while counted < days.max(1) {
        day = day.pred_opt().expect("within the calendar");
        counted += u32::from(is_working_day(day));
    }
    day
}

/// The working days (Monday to Friday) from `first` to `last`, both included.
pub fn working_days_between(first: NaiveDate, last: NaiveDate) -> u32 {
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| is_working_day(*d))
        .count() as u32
}

/// Fills a certificate-number format such as `赤培〔{year}〕{seq:03}号`.
pub fn certificate_number(format: &str, year: i32, seq: u32) -> String {
    let mut out = format.replace("{year}", &year.to_string());
    if let Some(start) = out.find("{seq") {
        let end = out[start..].find('}').map_or(out.len(), |e| start + e + 1);
        let spec = &out[start + 4..end - 1];
        let width = spec
            .strip_prefix(":0")
            .and_then(|w| w.parse::<usize>().ok())
            .unwrap_or(0);
        out.replace_range(start..end, &format!("{seq:0width$}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_numbers_follow_the_configured_format() {
        assert_eq!(
            certificate_number("赤培〔{year}〕{seq:03}号", 2027, 7),
            "赤培〔2027〕007号"
        );
        assert_eq!(
            certificate_number("PD-{year}-{seq}", 2027, 12),
            "PD-2027-12"
        );
        assert_eq!(certificate_number("{seq:05}", 2027, 123), "00123");
    }

    #[test]
    fn a_five_working_day_notice_skips_the_weekend() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            last_working_day(d("2026-11-23"), 5),
            d("2026-11-27"),
            "Monday to Friday"
        );
        assert_eq!(
            last_working_day(d("2026-11-25"), 5),
            d("2026-12-01"),
            "Wednesday to Tuesday"
        );
        assert_eq!(
            last_working_day(d("2026-11-21"), 5),
            d("2026-11-27"),
            "from a Saturday"
        );
    }

    #[test]
    fn a_notice_period_is_counted_back_and_across_in_working_days() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(first_working_day(d("2026-11-27"), 5), d("2026-11-23"));
        assert_eq!(first_working_day(d("2026-12-01"), 5), d("2026-11-25"));
        assert_eq!(working_days_between(d("2026-11-21"), d("2026-11-27")), 5);
        assert_eq!(working_days_between(d("2026-11-25"), d("2026-12-01")), 5);
        assert_eq!(working_days_between(d("2026-11-28"), d("2026-11-29")), 0);
    }
}
