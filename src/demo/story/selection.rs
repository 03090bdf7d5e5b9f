//! The selection rounds of the story: the round that appointed the demo's mentors, the
//! supplementary one that appointed a mentee (the second tier), and the next one, open now.

use super::*;

impl Story<'_> {
    /// A selection round from creation to closing, each stage on its day (days before the
    /// start): creation, nomination, submission, review, scoring, decision, public notice and
    /// closing. Every nomination is approved.
    pub(super) async fn run_round(
        &mut self,
        mut run: RoundRun,
        days: [i64; 8],
    ) -> anyhow::Result<RoundId> {
        for (stage, day) in days.into_iter().enumerate() {
            self.on(day);
            self.round_stage(&mut run, stage, day).await?;
        }
        run.id
            .ok_or_else(|| anyhow::anyhow!("demo: the round was not created"))
    }

    /// One stage of a selection round, on `day` (the clock is there already).
    pub(super) async fn round_stage(
        &mut self,
        run: &mut RoundRun,
        stage: usize,
        day: i64,
    ) -> anyhow::Result<()> {
        let city = self.city().await?;
        let reviewers: Vec<&str> = cast::STAFF
            .iter()
            .filter(|a| a.role == Role::Reviewer)
            .map(|a| a.email)
            .collect();
        let round = run.id.unwrap_or(RoundId(0));
        match stage {
            0 => {
                let created = step(
                    "creating a selection round",
                    services::rounds::create_round(
                        self.state,
                        city.clone(),
                        body(json!({
                            "name": run.name, "year": run.deadline.year(),
                            "nomination_deadline": run.deadline.to_string()
                        }))?,
                    )
                    .await,
                )?;
                for r in &reviewers {
                    step(
                        "assigning a reviewer",
                        services::review::assign_reviewer(
                            self.state,
                            city.clone(),
                            created.id,
                            body(json!({
                                "reviewer_id": self.id(r).0,
                                "categories": ["professional_technical", "high_skill", "rural_practical"]
                            }))?,
                        )
                        .await,
                    )?;
                }
                run.id = Some(created.id);
            }
            1 => {
                for (unit, form) in std::mem::take(&mut run.forms) {
                    let admin = self.unit_admin(unit).await?;
                    let n = step(
                        "nominating",
                        services::nominations::create_nomination(
                            self.state,
                            admin,
                            round,
                            body(form)?,
                        )
                        .await,
                    )?;
                    run.nominations.push((unit, n.id));
                }
            }
            2 => {
                for (unit, id) in &run.nominations {
                    let admin = self.unit_admin(*unit).await?;
                    step(
                        "submitting a nomination",
                        services::nominations::submit_nomination(self.state, admin, *id).await,
                    )?;
                }
            }
            3 => self.advance(round, RoundStatus::Reviewing).await?,
            4 => {
                for (i, r) in reviewers.iter().enumerate() {
                    let reviewer = self.caller(r).await?;
                    for (j, (_, id)) in run.nominations.iter().enumerate() {
                        step(
                            "scoring",
                            services::review::score(
                                self.state,
                                reviewer.clone(),
                                *id,
                                body(json!({
                                    "score": 84 + ((i * 3 + j * 5) % 12) as i32,
                                    "recommendation": "recommend",
                                    "comment": COMMENTS[i % 3]
                                }))?,
                            )
                            .await,
                        )?;
                    }
                }
            }
            5 => {
                for (_, id) in &run.nominations {
                    step(
                        "deciding a nomination",
                        services::review::decide(
                            self.state,
                            city.clone(),
                            *id,
                            body(json!({
                                "decision": "approved",
                                "reason": "经评审委员会综合评定，同意聘任为人才培带人",
                                "signed_by": cast::CITY_ADMIN_NAME,
                                "signed_on": self.date(day)
                            }))?,
                        )
                        .await,
                    )?;
                }
            }
            6 => self.advance(round, RoundStatus::PublicNotice).await?,
            _ => self.advance(round, RoundStatus::Closed).await?,
        }
        Ok(())
    }

    pub(super) async fn advance(&self, round: RoundId, to: RoundStatus) -> anyhow::Result<()> {
        let city = self.city().await?;
        step(
            "advancing a round",
            services::rounds::advance_round(self.state, city, round, to).await,
        )?;
        Ok(())
    }

    /// The round that appointed the demo's mentors, closed about fourteen months ago.
    pub(super) async fn selection(&mut self) -> anyhow::Result<()> {
        let deadline = self.day(440);
        let mut forms = Vec::new();
        for m in cast::MENTORS {
            let mut form = (m.profile)();
            let map = form.as_object_mut().expect("an object");
            for k in ["gender", "phone", "owns_urban_housing"] {
                map.remove(k);
            }
            map.insert(
                "new_candidate".into(),
                json!({ "email": m.email, "name": m.name }),
            );
            map.insert("category".into(), json!(m.category));
            map.insert("achievements".into(), json!(m.achievements));
            map.insert("unit_opinion".into(), json!("经单位党组研究，同意推荐。"));
            forms.push((m.unit, form));
        }
        let run = RoundRun {
            name: format!("{}年度人才培带人选拔", deadline.year()),
            deadline,
            forms,
            id: None,
            nominations: Vec::new(),
        };
        self.run_round(run, [470, 466, 465, 438, 436, 434, 433, 422])
            .await?;
        // The appointed open their invitations; the city completes their profiles.
        self.on(421);
        let city = self.city().await?;
        for m in cast::MENTORS {
            let email = Email::parse(m.email).expect("valid");
            let user = self
                .state
                .db
                .run(move |c| users::find_by_email(c, &email))
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo: {} was not appointed", m.email))?;
            self.people.insert(m.email, user.id);
            self.accept_invitation(user.id).await?;
            let changes = UpdateUserRequest::parse(body(json!({ "profile": (m.profile)() }))?);
            step(
                "completing a profile",
                services::users::update_user(
                    self.state,
                    city.clone(),
                    user.id,
                    step("a profile", changes)?,
                )
                .await,
            )?;
        }
        Ok(())
    }

    /// 陈晨, 李华's mentee, is appointed in a supplementary round (the second tier): one stage
    /// of it.
    pub(super) async fn supplementary(&mut self, stage: usize, day: i64) -> anyhow::Result<()> {
        let mut run = match self.supplementary.take() {
            Some(run) => run,
            None => {
                let deadline = self.day(280);
                let form = json!({
                    "candidate_id": self.id(cast::CHEN_CHEN).0,
                    "category": "professional_technical",
                    "achievements": "在李华导师指导下独立开展冠脉造影三百余例，获市级青年岗位能手称号。",
                    "unit_opinion": "该同志是人才培带人李华的培带对象，进步显著，同意推荐。"
                });
                RoundRun {
                    name: format!("{}年度人才培带人增补选拔", deadline.year()),
                    deadline,
                    forms: vec![(cast::HEALTH, form)],
                    id: None,
                    nominations: Vec::new(),
                }
            }
        };
        let done = self.round_stage(&mut run, stage, day).await;
        self.supplementary = Some(run);
        done
    }

    /// The next round, open for nominations until six weeks from now.
    pub(super) async fn open_round(&mut self, stage: u8) -> anyhow::Result<()> {
        match stage {
            0 => {
                let deadline = self.day(-45);
                let city = self.city().await?;
                let round = step(
                    "opening a selection round",
                    services::rounds::create_round(
                        self.state,
                        city,
                        body(json!({
                            "name": format!("{}年度人才培带人选拔", deadline.year()),
                            "year": deadline.year(),
                            "nomination_deadline": deadline.to_string()
                        }))?,
                    )
                    .await,
                )?;
                self.open_round = Some(round.id);
            }
            1 | 3 | 4 => {
                let (unit, form) = match stage {
                    1 => (
                        cast::HONGSHAN,
                        json!({
                            "new_candidate": { "email": "jia.ming@demo.peidai.cn", "name": "贾明" },
                            "category": "professional_technical", "birth_date": "1981-10-10",
                            "education": "master", "title_level": "senior",
                            "specialty": "中学数学教育", "city_work_start_date": "2004-09-01",
                            "from_outside_city": false,
                            "achievements": "红山区第一中学数学教研组长，自治区级骨干教师，指导青年教师获市级优质课一等奖六人次。",
                            "unit_opinion": "同意推荐。"
                        }),
                    ),
                    3 => (
                        cast::COLLEGE,
                        json!({
                            "new_candidate": { "email": "bai.xue@demo.peidai.cn", "name": "白雪" },
                            "category": "professional_technical", "birth_date": "1985-05-05",
                            "education": "doctorate", "title_level": "associate_senior",
                            "specialty": "蒙医药学", "city_work_start_date": "2013-07-01",
                            "from_outside_city": true
                        }),
                    ),
                    _ => (
                        cast::HEALTH,
                        json!({
                            "candidate_id": self.id("zhou.yang@demo.peidai.cn").0,
                            "category": "professional_technical",
                            "achievements": "培带期内独立完成心内科住院总医师工作，获市级青年岗位能手。"
                        }),
                    ),
                };
                let admin = self.unit_admin(unit).await?;
                let n = step(
                    "nominating",
                    services::nominations::create_nomination(
                        self.state,
                        admin,
                        self.open_round.expect("open"),
                        body(form)?,
                    )
                    .await,
                )?;
                if stage == 1 {
                    self.open_nomination = Some(n.id);
                }
            }
            _ => {
                let admin = self.unit_admin(cast::HONGSHAN).await?;
                let id = self.open_nomination.expect("nominated");
                step(
                    "submitting a nomination",
                    services::nominations::submit_nomination(self.state, admin, id).await,
                )?;
            }
        }
        Ok(())
    }
}
