//! What changed between two versions of a training plan, field by field: the goals, each yearly
//! milestone (its year, what is to be reached, how it will be shown) and each project. A field
//! added or removed has one side empty.

use serde::Serialize;

use crate::domain::plan::PlanContent;
use crate::web::forms::say;

/// One changed field: its label, the old text (struck through) and the new.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

fn numbered(key: &str, n: usize) -> String {
    say(key).replace("{n}", &n.to_string())
}

/// The changes from `old` to `new`, in the plan's order.
pub fn changes(old: &PlanContent, new: &PlanContent) -> Vec<Change> {
    let mut out = Vec::new();
    let mut note = |field: String, a: String, b: String| {
        if a != b {
            out.push(Change {
                field,
                old: a,
                new: b,
            });
        }
    };
    note(
        say("mentor.mentees.plan.goals"),
        old.goals.clone(),
        new.goals.clone(),
    );
    for i in 0..old.milestones.len().max(new.milestones.len()) {
        let (a, b) = (old.milestones.get(i), new.milestones.get(i));
        let n = i + 1;
        note(
            numbered("mentor.mentees.diff.milestone_year", n),
            a.map(|m| m.year.to_string()).unwrap_or_default(),
            b.map(|m| m.year.to_string()).unwrap_or_default(),
        );
        note(
            numbered("mentor.mentees.diff.milestone", n),
            a.map(|m| m.milestone.clone()).unwrap_or_default(),
            b.map(|m| m.milestone.clone()).unwrap_or_default(),
        );
        note(
            numbered("mentor.mentees.diff.evidence", n),
            a.map(|m| m.evidence.clone()).unwrap_or_default(),
            b.map(|m| m.evidence.clone()).unwrap_or_default(),
        );
    }
    for i in 0..old.projects.len().max(new.projects.len()) {
        note(
            numbered("mentor.mentees.diff.project", i + 1),
            old.projects.get(i).cloned().unwrap_or_default(),
            new.projects.get(i).cloned().unwrap_or_default(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Milestone;

    fn plan(goals: &str, milestones: &[(i32, &str)], projects: &[&str]) -> PlanContent {
        PlanContent {
            goals: goals.into(),
            milestones: milestones
                .iter()
                .map(|(y, m)| Milestone {
                    year: *y,
                    milestone: (*m).into(),
                    evidence: "评议".into(),
                })
                .collect(),
            projects: projects.iter().map(|p| (*p).into()).collect(),
        }
    }

    #[test]
    fn only_the_fields_that_changed_are_listed_old_beside_new() {
        let a = plan("目标", &[(2027, "掌握调控")], &["示范项目"]);
        let b = plan("目标", &[(2028, "掌握调控")], &["示范项目", "新项目"]);
        let c = changes(&a, &b);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!((c[0].old.as_str(), c[0].new.as_str()), ("2027", "2028"));
        assert_eq!((c[1].old.as_str(), c[1].new.as_str()), ("", "新项目"));
        assert!(changes(&a, &a).is_empty());
    }
}
