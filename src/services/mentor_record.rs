//! The mentor's own record as the mentor's pages show it: the caller acting as a mentor (so that a
//! mentor who also administers a unit sees only their own assessments there, as a mentor-only
//! caller of the API does), where an assessment's objection stands today, every appointment of
//! the caller with its round and unit, and the caller's lineage with each person's unit and years.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::auth::caller::Caller;
use crate::db::assessments::Assessment;
use crate::db::mentors::{self, Mentor};
use crate::db::objections::Objection;
use crate::db::{AnyConnection, mentor_record as store, rounds, units};
use crate::domain::assessment::{AssessmentStatus, Grade};
use crate::domain::ids::UserId;
use crate::domain::role::Role;
use crate::domain::scope::Scope;
use crate::error::AppError;
use crate::services::lineage::{self, LineageNode};
use crate::state::AppState;

/// The caller with the mentor's role only: the services then scope every read and write to the
/// caller's own objects (`Viewer::Mentor`), exactly as for a mentor-only caller of the API.
pub fn as_mentor(caller: &Caller) -> Caller {
    Caller {
        roles: vec![Role::Mentor],
        ..caller.clone()
    }
}

/// Where the objection to an assessment stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ObjectionWindow {
    /// Not a confirmed unqualified grade, or it has been acted on: nothing to object to.
    None,
    /// The mentor may object until the end of `until` (the city's day).
    Open { until: NaiveDate },
    /// The window ended with `until`.
    Closed { until: NaiveDate },
    /// The mentor objected to the current confirmation already.
    Filed { until: NaiveDate },
}

/// The window of `a` on `today`, as `objections::file_objection` decides it: a confirmed
/// unqualified grade not yet acted on, until its deadline, one objection per confirmation.
pub fn objection_window(
    a: &Assessment,
    objections: &[Objection],
    today: NaiveDate,
) -> ObjectionWindow {
    let until = match (a.status, a.grade, a.consequence, a.objection_deadline) {
        (AssessmentStatus::Confirmed, Some(Grade::Unqualified), None, Some(d)) => d,
        _ => return ObjectionWindow::None,
    };
    if objections.iter().any(|o| o.confirmation == a.confirmations) {
        ObjectionWindow::Filed { until }
    } else if today > until {
        ObjectionWindow::Closed { until }
    } else {
        ObjectionWindow::Open { until }
    }
}

/// One appointment of the caller, with the round that selected them and the unit.
#[derive(Debug, Serialize)]
pub struct MyAppointment {
    #[serde(flatten)]
    pub entry: Mentor,
    /// The round's name and year; none for an appointment taken over by the pool import.
    pub round_name: Option<String>,
    pub round_year: Option<i32>,
    pub unit_name: String,
}

/// Every appointment of the caller, the newest first.
pub async fn my_appointments(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<MyAppointment>, AppError> {
    let me = caller.id;
    state
        .db
        .run(move |c| {
            store::entries_of(c, me)?
                .into_iter()
                .map(|id| {
                    let entry = mentors::find(c, id, Scope::City)?;
                    let round = entry.round_id.map(|r| rounds::find(c, r)).transpose()?;
                    let unit = units::find(c, entry.unit_id, Scope::City)?;
                    Ok(MyAppointment {
                        round_name: round.as_ref().map(|r| r.name.clone()),
                        round_year: round.as_ref().map(|r| r.year),
                        unit_name: unit.name,
                        entry,
                    })
                })
                .collect()
        })
        .await
}

/// One person of a lineage, with what the page shows beside the name.
#[derive(Debug, Serialize)]
pub struct LineagePerson {
    pub user_id: UserId,
    pub name: String,
    pub unit: Option<String>,
    /// The years of the contracts with the mentor above (first start, last end).
    pub trained_from: Option<i32>,
    pub trained_to: Option<i32>,
    pub became_mentor: bool,
    /// The first day they were appointed a mentor.
    pub appointed_on: Option<NaiveDate>,
    pub mentees: Vec<LineagePerson>,
}

/// The caller's lineage: the people below them with the counts of `lineage::lineage`.
#[derive(Debug, Serialize)]
pub struct MyLineage {
    pub direct_mentees: usize,
    pub descendants: usize,
    pub became_mentors: usize,
    pub depth: usize,
    pub mentees: Vec<LineagePerson>,
}

fn ids(node: &LineageNode, out: &mut Vec<UserId>) {
    out.push(node.user_id);
    for m in &node.mentees {
        ids(m, out);
    }
}

struct Facts {
    units: HashMap<UserId, String>,
    appointed: HashMap<UserId, NaiveDate>,
    /// By mentor: their mentees' years.
    years: HashMap<UserId, HashMap<UserId, (i32, i32)>>,
}

fn facts(c: &mut AnyConnection, root: &LineageNode) -> Result<Facts, AppError> {
    let mut people = Vec::new();
    ids(root, &mut people);
    let mut years = HashMap::new();
    fn mentors_of(node: &LineageNode, out: &mut Vec<UserId>) {
        if !node.mentees.is_empty() {
            out.push(node.user_id);
        }
        for m in &node.mentees {
            mentors_of(m, out);
        }
    }
    let mut with_mentees = Vec::new();
    mentors_of(root, &mut with_mentees);
    for m in with_mentees {
        years.insert(m, store::trained_years(c, m)?);
    }
    Ok(Facts {
        units: store::unit_names(c, &people)?,
        appointed: store::first_appointed(c, &people)?,
        years,
    })
}

fn person(node: LineageNode, above: UserId, f: &Facts) -> LineagePerson {
    let years = f.years.get(&above).and_then(|y| y.get(&node.user_id));
    let id = node.user_id;
    LineagePerson {
        user_id: id,
        unit: f.units.get(&id).cloned(),
        trained_from: years.map(|y| y.0),
        trained_to: years.map(|y| y.1),
        became_mentor: node.became_mentor,
        appointed_on: f.appointed.get(&id).copied(),
        mentees: node.mentees.into_iter().map(|m| person(m, id, f)).collect(),
        name: node.name,
    }
}

/// The caller's lineage (through `lineage::lineage`, as `GET /api/v1/mentors/{id}/lineage` of
/// their newest pool entry answers it), or `None` for someone never appointed.
pub async fn my_lineage(state: &AppState, caller: &Caller) -> Result<Option<MyLineage>, AppError> {
    let me = caller.id;
    let newest = state
        .db
        .run(move |c| Ok(store::entries_of(c, me)?.into_iter().next()))
        .await?;
    let Some(entry) = newest else {
        return Ok(None);
    };
    let l = lineage::lineage(state, as_mentor(caller), entry).await?;
    let root = l.root;
    let (f, root) = state.db.run(move |c| Ok((facts(c, &root)?, root))).await?;
    let top = root.user_id;
    Ok(Some(MyLineage {
        direct_mentees: l.direct_mentees,
        descendants: l.descendants,
        became_mentors: l.became_mentors,
        depth: l.depth,
        mentees: root
            .mentees
            .into_iter()
            .map(|m| person(m, top, &f))
            .collect(),
    }))
}
