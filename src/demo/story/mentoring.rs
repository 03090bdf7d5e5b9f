//! Mentoring in the story: the mentees, the contracts and their signatures, the year's
//! activities with the mentees' answers, and the training plans.

use super::*;

impl Story<'_> {
    /// The mentees of a mentor, created by their unit's admin.
    pub(super) async fn create_mentees(&mut self, mentor: usize) -> anyhow::Result<()> {
        let unit = cast::MENTORS[mentor].unit;
        let admin = self.unit_admin(unit).await?;
        for m in cast::mentees_of(mentor) {
            let req = json!({
                "email": m.email, "name": m.name, "roles": ["mentee"],
                "unit_id": self.units[unit].0, "profile": cast::mentee_profile(m)
            });
            self.create_person(&admin, m.email, req).await?;
        }
        Ok(())
    }

    /// Drafts `mentor`'s contract from `start` and sends it out for signatures.
    pub(super) async fn draft_contract(
        &mut self,
        mentor: usize,
        start: i64,
    ) -> anyhow::Result<ContractId> {
        let m = self.caller(cast::MENTORS[mentor].email).await?;
        let mentees: Vec<Value> = cast::mentees_of(mentor)
            .map(|e| json!({ "user_id": self.id(e.email).0 }))
            .collect();
        let k = step(
            "drafting a contract",
            services::contracts::create_contract(
                self.state,
                m.clone(),
                body(json!({ "start_date": self.date(start), "cycle_months": 36, "mentees": mentees }))?,
            )
            .await,
        )?;
        step(
            "sending a contract out",
            services::contracts::request_signatures(self.state, m, k.id).await,
        )?;
        self.contracts.insert(mentor, k.id);
        Ok(k.id)
    }

    pub(super) async fn sign(&self, email: &str, k: ContractId) -> anyhow::Result<()> {
        let who = self.caller(email).await?;
        step(
            "signing a contract",
            services::contracts::sign(self.state, who, k).await,
        )?;
        Ok(())
    }

    /// Three contracts signed by all and active from 400 days ago.
    pub(super) async fn contracts(&mut self) -> anyhow::Result<()> {
        self.on(418);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            self.create_mentees(mentor).await?;
        }
        self.on(412);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            self.draft_contract(mentor, 400).await?;
        }
        self.on(410);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            let k = self.contracts[&mentor];
            for m in cast::mentees_of(mentor) {
                self.sign(m.email, k).await?;
            }
        }
        self.on(409);
        for mentor in [LI_HUA, ZHANG_QIANG, BATEER] {
            let k = self.contracts[&mentor];
            self.sign(cast::MENTORS[mentor].email, k).await?;
        }
        Ok(())
    }

    /// The mentees who attend the `k`-th activity: all five, one absent now and then.
    pub(super) fn attendees(&self, mentor: usize, k: usize) -> Vec<&'static str> {
        let all: Vec<&'static str> = cast::mentees_of(mentor).map(|m| m.email).collect();
        if k % 4 == 3 {
            let absent = k % all.len();
            all.into_iter()
                .enumerate()
                .filter(|(i, _)| *i != absent)
                .map(|(_, e)| e)
                .collect()
        } else {
            all
        }
    }

    pub(super) async fn log(&mut self, mentor: usize, k: usize) -> anyhow::Result<()> {
        let a = activities::nth(mentor, k);
        let held = FIRST_ACTIVITY
            - EVERY * k as i64
            - 3 * [LI_HUA, ZHANG_QIANG, BATEER]
                .iter()
                .position(|m| *m == mentor)
                .unwrap_or(0) as i64;
        let ids: Vec<i64> = self
            .attendees(mentor, k)
            .iter()
            .map(|e| self.id(e).0)
            .collect();
        let who = self.caller(cast::MENTORS[mentor].email).await?;
        let logged = step(
            "logging an activity",
            services::activities::log_activity(
                self.state,
                who,
                self.contracts[&mentor],
                body(json!({
                    "kind": a.kind, "title": a.title, "held_on": self.date(held),
                    "hours": a.hours, "place": a.place, "summary": a.summary,
                    "attendee_ids": ids
                }))?,
            )
            .await,
        )?;
        self.logged.insert((mentor, k), logged.id);
        Ok(())
    }

    /// Each attendee confirms; 何涛 disputes one of 张强's site trainings.
    pub(super) async fn respond(&mut self, mentor: usize, k: usize) -> anyhow::Result<()> {
        let id = self.logged[&(mentor, k)];
        for e in self.attendees(mentor, k) {
            let disputed = mentor == ZHANG_QIANG && k == 5 && e == "he.tao@demo.peidai.cn";
            let req = if disputed {
                json!({ "status": "disputed", "note": "当天本人在外地参加安全培训，没有参加这次现场实训。" })
            } else {
                json!({ "status": "confirmed" })
            };
            let who = self.caller(e).await?;
            step(
                "answering an activity",
                services::activities::respond(self.state, who, id, body(req)?).await,
            )?;
        }
        Ok(())
    }

    pub(super) async fn write_plan(&mut self, i: usize) -> anyhow::Result<()> {
        let m = &cast::MENTEES[i];
        let (y1, y2, y3) = (
            self.day(395).year(),
            self.day(395).year() + 1,
            self.day(395).year() + 2,
        );
        let rewriting = self.plans.contains_key(&i);
        let goals = format!(
            "在导师指导下系统提升{}专业能力，三年内能够独立承担本岗位的疑难工作，并带动科室（班组）青年同事共同成长。{}",
            m.specialty,
            if rewriting {
                "每年设定可考核的具体目标，按季度向导师汇报进展。"
            } else {
                ""
            }
        );
        let content = json!({
            "goals": goals,
            "milestones": [
                { "year": y1, "milestone": format!("掌握{}常规工作规范，完成导师布置的专题学习", m.specialty), "evidence": "学习笔记和导师签字的考核记录" },
                { "year": y2, "milestone": "独立完成本岗位疑难任务，参加一次市级以上学术或技能交流", "evidence": "工作记录、交流证明" },
                { "year": y3, "milestone": "形成一项技术总结或论文，具备带教新人的能力", "evidence": "技术总结或论文、带教记录" }
            ],
            "projects": [format!("{}岗位技能提升项目", m.specialty)]
        });
        let contract = self.contracts[&m.mentor];
        let who = self.caller(m.email).await?;
        let plan = step(
            "writing a plan",
            services::plans::write_plan(self.state, who, contract, body(content)?).await,
        )?;
        self.plans.insert(i, plan.id);
        Ok(())
    }

    /// 赵丽's contract: drafted three weeks ago, starting in a fortnight, signed by three of five.
    pub(super) async fn zhao_contract(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => self.create_mentees(ZHAO_LI).await,
            1 => self.draft_contract(ZHAO_LI, -15).await.map(drop),
            _ => {
                let k = self.contracts[&ZHAO_LI];
                for m in cast::mentees_of(ZHAO_LI).take(3) {
                    self.sign(m.email, k).await?;
                }
                Ok(())
            }
        }
    }
}
