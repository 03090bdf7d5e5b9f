//! Benefits in the story: applied for, approved, declined, issued; selected by the city.

use super::*;

impl Story<'_> {
    pub(super) async fn entry(&self, email: &str) -> anyhow::Result<MentorEntryId> {
        let id = self.id(email);
        let entry = self
            .state
            .db
            .run(move |c| mentors::active_entry_of(c, id))
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo: {email} holds no appointment"))?;
        Ok(entry.id)
    }

    pub(super) async fn benefit(&mut self, stage: u8) -> anyhow::Result<()> {
        let state = self.state;
        let city = self.city().await?;
        let apply = |who: Caller, kind: &str, note: &str| {
            let req = body(json!({ "kind": kind, "note": note }));
            async move {
                step(
                    "applying for a benefit",
                    services::benefit_requests::apply(state, who, req?).await,
                )
            }
        };
        match stage {
            0 => {
                let who = self.caller(cast::MENTORS[LI_HUA].email).await?;
                let b = apply(
                    who,
                    "apartment",
                    "本人系市外引进人才，在市区无住房，申请入住玉龙人才公寓。",
                )
                .await?;
                self.benefits.push(b.id);
            }
            1 | 11 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "approving a benefit",
                    services::benefit_decisions::decide(
                        state,
                        city,
                        id,
                        body(json!({ "outcome": "approved" }))?,
                    )
                    .await,
                )?;
            }
            2 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "issuing a benefit",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({ "room": "玉龙人才公寓3号楼1单元502室" }))?,
                    )
                    .await,
                )?;
            }
            3 | 9 => {
                let who = if stage == 3 { ZHANG_QIANG } else { BATEER };
                let entry = self.entry(cast::MENTORS[who].email).await?;
                let starts = if stage == 3 {
                    self.date(170)
                } else {
                    self.date(-12)
                };
                let b = step(
                    "selecting a mentor for a health check",
                    services::benefit_requests::select(
                        state,
                        city,
                        body(json!({
                            "kind": "health_check", "mentor_entry_id": entry.0,
                            "starts_on": starts, "place": "市医院健康管理中心"
                        }))?,
                    )
                    .await,
                )?;
                self.benefits.push(b.id);
            }
            4 => {
                let id = *self.benefits.last().expect("a selection");
                step(
                    "recording a health check",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({
                            "checked_on": self.date(168), "institution": "市医院健康管理中心"
                        }))?,
                    )
                    .await,
                )?;
            }
            5 => {
                let who = self.caller(cast::MENTORS[LIU_JIANGUO].email).await?;
                let b = apply(who, "bus_card", "申请办理人才公交IC卡。").await?;
                self.benefits.push(b.id);
            }
            6 => {
                let id = *self.benefits.last().expect("an application");
                step(
                    "declining a benefit",
                    services::benefit_decisions::decide(state, city, id, body(json!({
                        "outcome": "declined",
                        "reason": "申请人工作地点在松山区农村牧区，不在人才公交IC卡的市区通行范围内，暂不予办理。"
                    }))?).await,
                )?;
            }
            7 => {
                step(
                    "inviting to the training class",
                    services::benefit_requests::invite_to_class(
                        state,
                        city,
                        body(json!({
                            "year": self.day(-20).year(), "starts_on": self.date(-20),
                            "ends_on": self.date(-24), "place": "市委党校"
                        }))?,
                    )
                    .await,
                )?;
            }
            8 => {
                let who = self.caller(cast::MENTORS[ZHAO_LI].email).await?;
                apply(
                    who,
                    "bus_card",
                    "申请办理人才公交IC卡，方便往返校区和野外观测站。",
                )
                .await?;
            }
            10 => {
                let who = self.caller(cast::MENTORS[LI_HUA].email).await?;
                let b = apply(who, "bus_card", "申请办理人才公交IC卡。").await?;
                self.benefits.push(b.id);
            }
            _ => {
                let id = *self.benefits.last().expect("an approval");
                step(
                    "issuing a bus card",
                    services::benefit_decisions::issue(
                        state,
                        city,
                        id,
                        body(json!({ "card_number": "RC-0476-0012" }))?,
                    )
                    .await,
                )?;
            }
        }
        Ok(())
    }
}
