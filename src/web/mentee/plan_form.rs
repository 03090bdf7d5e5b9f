//! The training plan's form without JavaScript: the goals, a fixed number of milestone rows (a
//! year, the milestone, how it will be shown; a row left blank is no milestone), and the
//! projects one a line. Turns what was posted into the plan service's `PlanContent`, keeps it to
//! show again, and maps the service's field names (`milestones[2].evidence`) back to the inputs.

use serde::Serialize;

use crate::domain::plan::{Milestone, PlanContent};

/// Milestone rows the form shows at most (the service takes 30).
const MAX_ROWS: usize = 30;

/// One milestone row as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    pub year: String,
    pub milestone: String,
    pub evidence: String,
}

impl Row {
    fn blank(&self) -> bool {
        self.milestone.trim().is_empty() && self.evidence.trim().is_empty()
    }
}

/// The form as typed (or as stored, to edit).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanForm {
    pub goals: String,
    pub rows: Vec<Row>,
    /// One project a line.
    pub projects: String,
}

impl PlanForm {
    /// The stored content, to edit.
    pub fn from_content(c: &PlanContent) -> Self {
        Self {
            goals: c.goals.clone(),
            rows: c
                .milestones
                .iter()
                .map(|m| Row {
                    year: m.year.to_string(),
                    milestone: m.milestone.clone(),
                    evidence: m.evidence.clone(),
                })
                .collect(),
            projects: c.projects.join("\n"),
        }
    }

    /// The posted fields (`goals`, `m0_year`, `m0_milestone`, `m0_evidence`, …, `projects`).
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let mut form = Self::default();
        for (name, value) in fields {
            match name.as_str() {
                "goals" => form.goals = value.clone(),
                "projects" => form.projects = value.clone(),
                _ => {
                    let Some((i, part)) = name
                        .strip_prefix('m')
                        .and_then(|rest| rest.split_once('_'))
                        .and_then(|(i, part)| Some((i.parse::<usize>().ok()?, part)))
                    else {
                        continue;
                    };
                    if i >= MAX_ROWS {
                        continue;
                    }
                    if form.rows.len() <= i {
                        form.rows.resize(i + 1, Row::default());
                    }
                    let row = &mut form.rows[i];
                    match part {
                        "year" => row.year = value.clone(),
                        "milestone" => row.milestone = value.clone(),
                        "evidence" => row.evidence = value.clone(),
                        _ => {}
                    }
                }
            }
        }
        form
    }

    /// Adds blank rows until there is one for every year of the cycle and one spare, each blank
    /// row's year the first year without a milestone yet.
    pub fn with_blank_rows(mut self, years: &[i32]) -> Self {
        let wanted = (self.rows.iter().filter(|r| !r.blank()).count() + 1).max(years.len());
        while self.rows.len() < wanted.min(MAX_ROWS) {
            let taken: Vec<String> = self.rows.iter().map(|r| r.year.clone()).collect();
            let year = years
                .iter()
                .map(i32::to_string)
                .find(|y| !taken.contains(y))
                .or_else(|| years.last().map(i32::to_string))
                .unwrap_or_default();
            self.rows.push(Row {
                year,
                ..Row::default()
            });
        }
        self
    }

    /// The content for the plan service, and for each of its milestones the row it came from.
    /// A year that is not a number is 0, which the service refuses as outside the cycle.
    pub fn content(&self) -> (PlanContent, Vec<usize>) {
        let mut rows = Vec::new();
        let mut milestones = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if r.blank() {
                continue;
            }
            rows.push(i);
            milestones.push(Milestone {
                year: r.year.trim().parse().unwrap_or(0),
                milestone: r.milestone.clone(),
                evidence: r.evidence.clone(),
            });
        }
        let projects = self
            .projects
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        (
            PlanContent {
                goals: self.goals.clone(),
                milestones,
                projects,
            },
            rows,
        )
    }
}

/// The input a field of the plan service names: `goals`, `milestones`, `projects`, and
/// `milestones[k].year|milestone|evidence` on the row the k-th milestone came from.
pub fn input_of(field: &str, rows: &[usize]) -> Option<String> {
    match field {
        "goals" | "milestones" => return Some(field.to_owned()),
        _ => {}
    }
    if field.starts_with("projects") {
        return Some("projects".to_owned());
    }
    let rest = field.strip_prefix("milestones[")?;
    let (k, part) = rest.split_once("].")?;
    let row = rows.get(k.parse::<usize>().ok()?)?;
    matches!(part, "year" | "milestone" | "evidence").then(|| format!("m{row}_{part}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn blank_rows_are_no_milestones_and_reasons_come_back_to_their_row() {
        let form = PlanForm::from_fields(&fields(&[
            ("goals", "成为骨干"),
            ("m0_year", "2027"),
            ("m0_milestone", ""),
            ("m0_evidence", ""),
            ("m1_year", "2028"),
            ("m1_milestone", "主持一个项目"),
            ("m1_evidence", ""),
            ("projects", "课题一\n\n 课题二 "),
        ]));
        let (content, rows) = form.content();
        assert_eq!(content.milestones.len(), 1);
        assert_eq!(content.milestones[0].year, 2028);
        assert_eq!(content.projects, ["课题一", "课题二"]);
        assert_eq!(
            input_of("milestones[0].evidence", &rows).as_deref(),
            Some("m1_evidence")
        );
        assert_eq!(input_of("goals", &rows).as_deref(), Some("goals"));
        assert_eq!(input_of("projects[1]", &rows).as_deref(), Some("projects"));
        assert_eq!(input_of("status", &rows), None);
        assert_eq!(input_of("milestones[5].year", &rows), None);
    }

    #[test]
    fn the_form_offers_a_row_for_each_year_of_the_cycle_and_a_spare() {
        let form = PlanForm::default().with_blank_rows(&[2026, 2027, 2028]);
        let years: Vec<&str> = form.rows.iter().map(|r| r.year.as_str()).collect();
        assert_eq!(years, ["2026", "2027", "2028"]);
        let mut one = PlanForm::default();
        one.rows.push(Row {
            year: "2027".into(),
            milestone: "x".into(),
            evidence: "y".into(),
        });
        assert_eq!(one.with_blank_rows(&[2027]).rows.len(), 2);
    }
}
