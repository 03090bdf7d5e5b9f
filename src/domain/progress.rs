//! A contract's progress for a year: per indicator, done against target and against a pro-rata
//! target for the date; per mentee, attendance. The evidence the annual assessment will show.
//! A pure function of the contract's indicators, the year's activities and the date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::activity::AttendanceStatus;
use super::contract::Measure;
use super::ids::{ContractId, IndicatorId, UserId};
use super::indicator::IndicatorKind;

/// What the computation needs of an indicator.
pub struct IndicatorFact {
    pub id: IndicatorId,
    pub kind: IndicatorKind,
    pub description: String,
    pub measure: Measure,
    pub yearly_target: i32,
}

/// What the computation needs of an activity.
pub struct ActivityFact {
    pub kind: IndicatorKind,
    pub minutes: i32,
    pub attendance: Vec<(UserId, AttendanceStatus)>,
}

/// What the computation needs of an activity once its attendance is counted: its kind, its
/// length, and how many attendees it has, how many confirmed and how many disputed. The database
/// counts these in one statement (see `db::activities::tallies`), so the report does not read the
/// attendance row by row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivityTally {
    pub kind: IndicatorKind,
    pub minutes: i32,
    pub attendees: usize,
    pub confirmed: usize,
    pub disputed: usize,
}

impl ActivityTally {
    /// The activity's standing: disputed when anyone disputed it, confirmed when it has
    /// attendees and every one of them confirmed, pending otherwise.
    pub fn state(&self) -> AttendanceStatus {
        if self.disputed > 0 {
            AttendanceStatus::Disputed
        } else if self.attendees > 0 && self.confirmed == self.attendees {
            AttendanceStatus::Confirmed
        } else {
            AttendanceStatus::Pending
        }
    }

    fn of(a: &ActivityFact) -> Self {
        let count = |s| a.attendance.iter().filter(|(_, x)| *x == s).count();
        Self {
            kind: a.kind,
            minutes: a.minutes,
            attendees: a.attendance.len(),
            confirmed: count(AttendanceStatus::Confirmed),
            disputed: count(AttendanceStatus::Disputed),
        }
    }
}

/// One mentee's answers over the activities they attended: how many of each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    pub pending: usize,
    pub confirmed: usize,
    pub disputed: usize,
}

impl Answers {
    /// Counts one more answer.
    pub fn add(&mut self, status: AttendanceStatus, n: usize) {
        match status {
            AttendanceStatus::Pending => self.pending += n,
            AttendanceStatus::Confirmed => self.confirmed += n,
            AttendanceStatus::Disputed => self.disputed += n,
        }
    }
}

/// One indicator's progress.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IndicatorProgress {
    #[schema(value_type = i64)]
    pub indicator_id: IndicatorId,
    pub kind: IndicatorKind,
    pub description: String,
    pub measure: Measure,
    pub yearly_target: i32,
    /// Activities every attendee confirmed (or their hours).
    pub done_confirmed: f64,
    /// Activities not yet confirmed by every attendee, none disputing (or their hours).
    pub done_unconfirmed: f64,
    /// Activities some attendee disputed (not counted as done).
    pub disputed: f64,
    /// The target scaled to the part of the year passed by the date.
    pub pro_rata_target: f64,
    /// How far done (confirmed and unconfirmed) falls short of the pro-rata target; 0 if not.
    pub shortfall: f64,
}

/// One mentee's attendance in the year.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MenteeProgress {
    pub mentee_id: UserId,
    pub name: String,
    pub attended: usize,
    pub confirmed: usize,
    pub disputed: usize,
    /// Activities attended (not disputed) over all activities of the year.
    pub attendance_rate: f64,
    /// The mentee's training plan, if one was started.
    pub plan_status: Option<super::plan::PlanStatus>,
}

/// The whole report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    #[schema(value_type = i64)]
    pub contract_id: ContractId,
    pub year: i32,
    /// The part of the year the contract covers.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The date the pro-rata targets are computed for.
    pub as_of: NaiveDate,
    pub activities: usize,
    pub indicators: Vec<IndicatorProgress>,
    pub mentees: Vec<MenteeProgress>,
}

/// The share of the year that has passed on `as_of`, counting the covered part only.
pub fn elapsed_share(year: i32, from: NaiveDate, to: NaiveDate, as_of: NaiveDate) -> f64 {
    if as_of < from {
        return 0.0;
    }
    let days_in_year = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366.0
    } else {
        365.0
    };
    let end = as_of.min(to);
    ((end - from).num_days() + 1) as f64 / days_in_year
}

/// Hundredths: every figure of the report is rounded so.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The part of a yearly target due by now, given the elapsed share of the year.
pub fn pro_rata(yearly_target: i32, share: f64) -> f64 {
    round2(f64::from(yearly_target) * share)
}

/// How far what was done (confirmed or still pending) falls short of the pro-rata target.
pub fn shortfall(pro_rata: f64, done: f64) -> f64 {
    round2((pro_rata - done).max(0.0))
}

/// Computes the report from the activities as logged.
#[allow(clippy::too_many_arguments)]
pub fn compute(
    contract_id: ContractId,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    indicators: &[IndicatorFact],
    activities: &[ActivityFact],
    mentees: &[(UserId, String, Option<super::plan::PlanStatus>)],
) -> Progress {
    let tallies: Vec<ActivityTally> = activities.iter().map(ActivityTally::of).collect();
    let answers = |id: UserId| {
        let mut mine = Answers::default();
        for a in activities {
            if let Some((_, s)) = a.attendance.iter().find(|(m, _)| *m == id) {
                mine.add(*s, 1);
            }
        }
        mine
    };
    compute_tallied(
        contract_id,
        year,
        from,
        to,
        as_of,
        indicators,
        &tallies,
        answers,
        mentees,
    )
}

/// Computes the report from the activities' tallies (in the order they were held) and each
/// mentee's answers.
#[allow(clippy::too_many_arguments)]
pub fn compute_tallied(
    contract_id: ContractId,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    indicators: &[IndicatorFact],
    activities: &[ActivityTally],
    answers: impl Fn(UserId) -> Answers,
    mentees: &[(UserId, String, Option<super::plan::PlanStatus>)],
) -> Progress {
    let share = elapsed_share(year, from, to, as_of);
    let indicator_rows = indicators
        .iter()
        .map(|i| {
            let mut sums = [0.0f64; 3];
            for a in activities.iter().filter(|a| a.kind == i.kind) {
                let amount = match i.measure {
                    Measure::Count => 1.0,
                    Measure::Hours => f64::from(a.minutes) / 60.0,
                };
                let slot = match a.state() {
                    AttendanceStatus::Confirmed => 0,
                    AttendanceStatus::Pending => 1,
                    AttendanceStatus::Disputed => 2,
                };
                sums[slot] += amount;
            }
            let pro_rata = pro_rata(i.yearly_target, share);
            IndicatorProgress {
                indicator_id: i.id,
                kind: i.kind,
                description: i.description.clone(),
                measure: i.measure,
                yearly_target: i.yearly_target,
                done_confirmed: sums[0],
                done_unconfirmed: sums[1],
                disputed: sums[2],
                pro_rata_target: pro_rata,
                shortfall: shortfall(pro_rata, sums[0] + sums[1]),
            }
        })
        .collect();
    let mentee_rows = mentees
        .iter()
        .map(|(id, name, plan_status)| {
            let mine = answers(*id);
            let attended = mine.pending + mine.confirmed;
            MenteeProgress {
                mentee_id: *id,
                name: name.clone(),
                attended,
                confirmed: mine.confirmed,
                disputed: mine.disputed,
                attendance_rate: if activities.is_empty() {
                    0.0
                } else {
                    round2(attended as f64 / activities.len() as f64)
                },
                plan_status: *plan_status,
            }
        })
        .collect();
    Progress {
        contract_id,
        year,
        from,
        to,
        as_of,
        activities: activities.len(),
        indicators: indicator_rows,
        mentees: mentee_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_pro_rata_share_counts_the_covered_days_of_the_year() {
        assert_eq!(
            elapsed_share(2027, d("2027-01-01"), d("2027-12-31"), d("2027-12-31")),
            1.0
        );
        assert!(
            (elapsed_share(2027, d("2027-01-01"), d("2027-12-31"), d("2027-07-02"))
                - 183.0 / 365.0)
                .abs()
                < 1e-9
        );
        assert_eq!(
            elapsed_share(2027, d("2027-06-01"), d("2027-12-31"), d("2027-05-31")),
            0.0
        );
        assert!(
            (elapsed_share(2028, d("2028-01-01"), d("2028-12-31"), d("2028-01-01")) - 1.0 / 366.0)
                .abs()
                < 1e-9
        );
    }

    #[test]
    fn confirmed_unconfirmed_and_disputed_activities_count_apart() {
        let a = UserId(1);
        let b = UserId(2);
        let lecture = |att: Vec<(UserId, AttendanceStatus)>| ActivityFact {
            kind: IndicatorKind::Lecture,
            minutes: 90,
            attendance: att,
        };
        let activities = vec![
            lecture(vec![
                (a, AttendanceStatus::Confirmed),
                (b, AttendanceStatus::Confirmed),
            ]),
            lecture(vec![
                (a, AttendanceStatus::Confirmed),
                (b, AttendanceStatus::Pending),
            ]),
            lecture(vec![(a, AttendanceStatus::Disputed)]),
        ];
        let indicators = [
            IndicatorFact {
                id: IndicatorId(1),
                kind: IndicatorKind::Lecture,
                description: "讲座".into(),
                measure: Measure::Count,
                yearly_target: 4,
            },
            IndicatorFact {
                id: IndicatorId(2),
                kind: IndicatorKind::Exchange,
                description: "交流".into(),
                measure: Measure::Count,
                yearly_target: 2,
            },
        ];
        let p = compute(
            ContractId(9),
            2027,
            d("2027-01-01"),
            d("2027-12-31"),
            d("2027-12-31"),
            &indicators,
            &activities,
            &[(a, "甲".into(), None), (b, "乙".into(), None)],
        );
        let lec = &p.indicators[0];
        assert_eq!(
            (lec.done_confirmed, lec.done_unconfirmed, lec.disputed),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(lec.pro_rata_target, 4.0);
        assert_eq!(lec.shortfall, 2.0);
        assert_eq!(p.indicators[1].shortfall, 2.0);
        assert_eq!(p.mentees[0].attended, 2);
        assert_eq!(p.mentees[0].disputed, 1);
        assert_eq!(p.mentees[0].attendance_rate, 0.67);
        assert_eq!(p.mentees[1].attendance_rate, 0.67);
    }
}
