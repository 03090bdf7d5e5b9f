//! The assessment round in progress: grades written, submitted and one confirmed unqualified.

use super::*;

impl Story<'_> {
    /// The year assessed: the previous program year, or this one in December.
    pub(super) fn assessed_year(&self) -> i32 {
        if self.today.month() == 12 {
            self.today.year()
        } else {
            self.today.year() - 1
        }
    }

    pub(super) async fn assessment_of(
        &self,
        mentor: usize,
    ) -> anyhow::Result<crate::domain::ids::AssessmentId> {
        let city = self.city().await?;
        let round = self.assessment_round.expect("the round is open");
        let list = step(
            "listing assessments",
            services::assessments::list(
                self.state,
                &city,
                round,
                Default::default(),
                PageRequest {
                    page: 1,
                    per_page: 100,
                },
            )
            .await,
        )?;
        let user = self.id(cast::MENTORS[mentor].email);
        list.items
            .iter()
            .find(|a| a.mentor_user_id == user)
            .map(|a| a.id)
            .ok_or_else(|| anyhow::anyhow!("demo: no assessment of {}", cast::MENTORS[mentor].name))
    }

    pub(super) async fn grade(
        &self,
        mentor: usize,
        grade: &str,
        comment: &str,
    ) -> anyhow::Result<()> {
        let id = self.assessment_of(mentor).await?;
        let admin = self.unit_admin(cast::MENTORS[mentor].unit).await?;
        step(
            "grading",
            services::assessments::write_grade(
                self.state,
                admin,
                id,
                body(json!({ "grade": grade, "overall_comment": comment }))?,
            )
            .await,
        )?;
        Ok(())
    }

    pub(super) async fn submit_assessment(&self, mentor: usize) -> anyhow::Result<()> {
        let id = self.assessment_of(mentor).await?;
        let admin = self.unit_admin(cast::MENTORS[mentor].unit).await?;
        step(
            "submitting an assessment",
            services::assessments::submit(self.state, admin, id).await,
        )?;
        Ok(())
    }

    /// The assessment round in progress: 刘建国 (no contract, no activity) confirmed unqualified
    /// three days ago, inside his objection window; 李华 submitted; 张强 being graded.
    pub(super) async fn assessment(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => {
                let city = self.city().await?;
                let opened = step(
                    "opening the assessment round",
                    services::assessment_rounds::open_round(
                        self.state,
                        city,
                        body(json!({
                            "year": self.assessed_year(), "opens_on": self.date(25),
                            "closes_on": self.date(-25)
                        }))?,
                    )
                    .await,
                )?;
                self.assessment_round = Some(opened.round.id);
            }
            1 => {
                self.grade(
                    LIU_JIANGUO,
                    "unqualified",
                    "全年未签订培带联系书，未开展任何培带活动，未完成培带人职责。",
                )
                .await?
            }
            2 => self.submit_assessment(LIU_JIANGUO).await?,
            3 => {
                self.grade(
                    LI_HUA,
                    "excellent",
                    "全年教学查房、专题讲座和学术交流均超额完成，培带对象成长明显，其中一人入选人才培带人。",
                )
                .await?;
                self.submit_assessment(LI_HUA).await?;
            }
            4 => {
                let id = self.assessment_of(LIU_JIANGUO).await?;
                let city = self.city().await?;
                step(
                    "confirming an assessment",
                    services::assessments::confirm(self.state, city, id).await,
                )?;
            }
            _ => {
                self.grade(
                    ZHANG_QIANG,
                    "qualified",
                    "现场实训扎实，年度指标基本完成；一次活动的出勤有异议，待核实。",
                )
                .await?
            }
        }
        Ok(())
    }
}
