//! The activity log (培带活动): what a mentor did, when, for how long, with which mentees.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::ids::UserId;
use super::indicator::IndicatorKind;
use super::text;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;

text_enum!(
    /// An attending mentee's answer.
    AttendanceStatus {
        /// Not answered yet.
        Pending => "pending" ("待确认"),
        Confirmed => "confirmed" ("已确认"),
        /// The mentee says it did not happen as logged; flagged to the unit admin.
        Disputed => "disputed" ("有异议"),
    }
);

/// `POST /api/v1/contracts/{id}/activities` and `PATCH /api/v1/activities/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRequest {
    pub kind: IndicatorKind,
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,198}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub title: String,
    pub held_on: NaiveDate,
    /// Duration in hours, in steps of a quarter of an hour (0.25 to 24).
    #[schema(minimum = 0.25, maximum = 24, multiple_of = 0.25)]
    pub hours: f64,
    pub place: Option<String>,
    pub summary: Option<String>,
    /// A subset of the contract's current mentees (at least one).
    #[schema(min_items = 1)]
    pub attendee_ids: Vec<UserId>,
}

/// `POST /api/v1/activities/{id}/attendance`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// `confirmed` or `disputed`.
    pub status: AttendanceStatus,
    pub note: Option<String>,
}

/// A checked activity.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    pub kind: IndicatorKind,
    pub title: String,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub place: Option<String>,
    pub summary: Option<String>,
    pub attendees: Vec<UserId>,
}

impl ActivityRequest {
    /// Checks the fields; the dates against the contract and the attendees against its mentees are
    /// the service's part.
    pub fn parse(self, today: NaiveDate) -> Result<ActivityInput, AppError> {
        let mut p = Problems::new();
        let title = p.take("title", text::required(&self.title, 200));
        let place = p.take("place", text::optional(self.place.as_deref(), 200));
        let summary = p.take(
            "summary",
            text::long_optional(self.summary.as_deref(), 5000),
        );
        let quarters = self.hours * 4.0;
        if !self.hours.is_finite()
            || !(1.0..=96.0).contains(&quarters)
            || (quarters - quarters.round()).abs() > 1e-9
        {
            p.add(
                "hours",
                "out_of_range",
                Msg::new(
                    "时长应为 0.25 到 24 小时，以 0.25 小时为单位",
                    "hours must be 0.25 to 24, in quarter hours",
                ),
            );
        }
        if self.held_on > today {
            p.add(
                "held_on",
                "in_future",
                Msg::new("活动日期不能晚于今天", "must not be in the future"),
            );
        }
        let mut attendees = self.attendee_ids;
        attendees.sort();
        attendees.dedup();
        if attendees.is_empty() {
            p.add(
                "attendee_ids",
                "required",
                Msg::new("请选择参加的培带对象", "name the attending mentees"),
            );
        }
        p.finish()?;
        Ok(ActivityInput {
            kind: self.kind,
            title: title.expect("checked"),
            held_on: self.held_on,
            minutes: (self.hours * 60.0).round() as i32,
            place: place.expect("checked"),
            summary: summary.flatten(),
            attendees,
        })
    }
}
