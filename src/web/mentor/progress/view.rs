//! What the progress pages share: figures as people write them, the words of an indicator kind,
//! and an activity as a row of a list (its attendees' answers, locked or editable).

use serde::Serialize;

use crate::db::activities::Activity;
use crate::domain::activity::AttendanceStatus;
use crate::domain::indicator::IndicatorKind;
use crate::state::AppState;
use crate::web::forms::say;

/// A figure of the report: whole numbers without decimals, others with at most two
/// (`1`, `1.5`, `0.25`).
pub fn figure(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_owned()
    }
}

/// The catalogue key of an activity or indicator kind.
pub fn kind_key(kind: IndicatorKind) -> String {
    format!("mentor.progress.kind.{}", kind.as_str())
}

/// The words of an activity or indicator kind in the reader's language.
pub fn kind_words(kind: IndicatorKind) -> String {
    say(&kind_key(kind))
}

/// One attendee's answer as a row shows it.
#[derive(Serialize)]
pub struct AnswerView {
    pub name: String,
    /// `confirmed`, `disputed` or `pending` (the catalogue key and the chip's tone follow).
    pub status: &'static str,
    pub tone: &'static str,
    pub note: Option<String>,
    pub responded_at: Option<String>,
}

/// An activity as the list and the dashboard show it.
#[derive(Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub kind_key: String,
    pub held_on: String,
    pub hours: String,
    pub place: Option<String>,
    pub locked: bool,
    pub answers: Vec<AnswerView>,
    pub confirmed: usize,
    pub disputed: usize,
    pub waiting: usize,
}

fn tone(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Confirmed => "ok",
        AttendanceStatus::Disputed => "bad",
        AttendanceStatus::Pending => "wait",
    }
}

impl From<&Activity> for ActivityRow {
    fn from(a: &Activity) -> Self {
        let count = |s: AttendanceStatus| a.attendance.iter().filter(|x| x.status == s).count();
        Self {
            id: a.id.0,
            href: format!("/mentor/activities/{}", a.id.0),
            title: a.title.clone(),
            kind_key: kind_key(a.kind),
            held_on: a.held_on.to_string(),
            hours: figure(a.hours),
            place: a.place.clone(),
            locked: a.locked,
            answers: a
                .attendance
                .iter()
                .map(|x| AnswerView {
                    name: x.name.clone(),
                    status: x.status.as_str(),
                    tone: tone(x.status),
                    note: x.note.clone(),
                    responded_at: x.responded_at.map(|t| t.naive_utc().to_string()),
                })
                .collect(),
            confirmed: count(AttendanceStatus::Confirmed),
            disputed: count(AttendanceStatus::Disputed),
            waiting: count(AttendanceStatus::Pending),
        }
    }
}

/// The policy's largest evidence file, in MB as the hints write it.
pub fn max_mb(state: &AppState) -> String {
    figure(state.settings.policy.evidence_file_max_bytes as f64 / (1024.0 * 1024.0))
}

/// The codes of a refused file, as a redirect's query carries them, with their words' keys.
const PROBLEMS: &[(&str, &str)] = &[
    ("type", "mentor.progress.file.type"),
    ("size", "mentor.progress.file.size"),
    ("count", "mentor.progress.file.count"),
    ("name", "mentor.progress.file.name"),
    ("locked", "mentor.progress.file.locked"),
    ("other", "mentor.progress.file.other"),
];

/// The catalogue key of a refused file's code (`None` for an unknown code).
pub fn problem_key(code: &str) -> Option<&'static str> {
    PROBLEMS.iter().find(|(c, _)| *c == code).map(|(_, k)| *k)
}

/// True when some attendee disputed the activity.
pub fn is_disputed(a: &Activity) -> bool {
    a.attendance
        .iter()
        .any(|x| x.status == AttendanceStatus::Disputed)
}

#[cfg(test)]
mod tests {
    use super::figure;

    #[test]
    fn figures_are_written_without_needless_decimals() {
        assert_eq!(figure(2.0), "2");
        assert_eq!(figure(1.5), "1.5");
        assert_eq!(figure(0.25), "0.25");
        assert_eq!(figure(2.499_999), "2.5");
        assert_eq!(figure(0.0), "0");
    }
}
