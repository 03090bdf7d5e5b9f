//! Training plans (培养计划): goals, yearly milestones and the projects or posts to join, written
//! by the mentee with the mentor's guidance and approved by the mentor.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text;
use crate::error::{AppError, Problems};
use crate::i18n::Msg;

text_enum!(
    /// Where a plan stands.
    PlanStatus {
        Draft => "draft" ("草稿"),
        Submitted => "submitted" ("已提交"),
        Approved => "approved" ("已通过"),
        /// Sent back by the mentor with comments; the mentee edits and submits again.
        Returned => "returned" ("已退回修改"),
    }
);

text_enum!(
    /// The mentor's answer to a submitted plan.
    PlanDecision {
        Approved => "approved" ("通过"),
        Returned => "returned" ("退回修改"),
    }
);

/// One yearly milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub year: i32,
    pub milestone: String,
    /// How reaching it will be shown.
    pub evidence: String,
}

/// The content of a plan (`PUT /api/v1/contracts/{id}/plan`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanContent {
    pub goals: String,
    pub milestones: Vec<Milestone>,
    /// Research projects or practice posts to join.
    #[serde(default)]
    pub projects: Vec<String>,
}

/// `POST /api/v1/plans/{id}/review`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanReviewRequest {
    pub decision: PlanDecision,
    /// Required when returning the plan.
    pub comment: Option<String>,
}

/// `POST /api/v1/plans/{id}/reports`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneReportRequest {
    /// The milestone's position in the plan, from 0.
    pub milestone_index: i32,
    pub note: String,
}

impl PlanContent {
    /// Checks lengths; milestone years must fall within `years`.
    pub fn check(self, years: std::ops::RangeInclusive<i32>) -> Result<Self, AppError> {
        let mut p = Problems::new();
        let goals = match text::long_optional(Some(&self.goals), 5000) {
            Ok(Some(g)) => Some(g),
            Ok(None) => {
                p.add(
                    "goals",
                    "required",
                    Msg::new("不能为空", "must not be empty"),
                );
                None
            }
            Err(e) => {
                p.add("goals", e.code, e.message);
                None
            }
        };
        if self.milestones.is_empty() {
            p.add(
                "milestones",
                "required",
                Msg::new("至少填写一个年度目标", "at least one milestone"),
            );
        }
        if self.milestones.len() > 30 || self.projects.len() > 30 {
            p.add(
                "milestones",
                "too_many",
                Msg::new("条目过多（最多 30）", "at most 30 entries"),
            );
        }
        for (i, m) in self.milestones.iter().enumerate() {
            if !years.contains(&m.year) {
                p.add(
                    format!("milestones[{i}].year"),
                    "outside_cycle",
                    Msg::new(
                        "年份不在培带期内",
                        "the year is outside the contract's cycle",
                    ),
                );
            }
            if let Err(e) = text::required(&m.milestone, 500) {
                p.add(format!("milestones[{i}].milestone"), e.code, e.message);
            }
            if let Err(e) = text::required(&m.evidence, 500) {
                p.add(format!("milestones[{i}].evidence"), e.code, e.message);
            }
        }
        for (i, pr) in self.projects.iter().enumerate() {
            if let Err(e) = text::required(pr, 300) {
                p.add(format!("projects[{i}]"), e.code, e.message);
            }
        }
        p.finish()?;
        Ok(PlanContent {
            goals: goals.expect("checked"),
            milestones: self
                .milestones
                .into_iter()
                .map(|m| Milestone {
                    milestone: m.milestone.trim().to_owned(),
                    evidence: m.evidence.trim().to_owned(),
                    ..m
                })
                .collect(),
            projects: self
                .projects
                .into_iter()
                .map(|x| x.trim().to_owned())
                .collect(),
        })
    }
}
