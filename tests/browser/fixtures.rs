//! What the journeys set up the same way: a mentor put in the pool without a selection round's
//! pages (the pages under test come later in each journey), and the check of an API answer.

use libtest_mimic::Failed;

use peidai::db::{mentors, nominations, rounds};
use peidai::domain::category::TalentCategory;
use peidai::domain::ids::{UnitId, UserId};
use peidai::domain::selection::{FormFields, RoundSettings};

use crate::chrome::check;
use crate::helpers::{Res, TestApp};

/// Fails unless the API answered `status`.
pub fn ok(res: &Res, status: u16, what: &str) -> Result<(), Failed> {
    check(
        res.status == status,
        format!("{what}: {} {}", res.status, res.body),
    )
}

/// Puts a person in the pool as an active mentor appointed by the 2026 round.
pub fn appoint(app: &TestApp, user: UserId, unit: UnitId, round_name: &str, certificate: &str) {
    let mut conn = app.db().get().unwrap();
    let now = app.state.clock.now_naive();
    let settings = RoundSettings {
        name: round_name.into(),
        year: 2026,
        nomination_deadline: "2026-06-30".parse().unwrap(),
        age_reference_date: "2026-06-30".parse().unwrap(),
        birth_date_cutoff: None,
        appointment_term_years: 3,
        min_scores: 3,
        unit_quotas: vec![],
        category_quotas: vec![],
    };
    let round = rounds::insert(&mut conn, &settings, now).unwrap();
    let form = FormFields {
        category: Some(TalentCategory::ProfessionalTechnical),
        ..Default::default()
    };
    let nomination = nominations::insert(&mut conn, round, unit, user, &form, user, now).unwrap();
    mentors::insert(
        &mut conn,
        &mentors::NewMentor {
            user,
            round,
            nomination,
            unit,
            category: TalentCategory::ProfessionalTechnical,
            certificate_no: certificate,
            appointed_on: "2026-07-01".parse().unwrap(),
            term_ends_on: "2029-07-01".parse().unwrap(),
        },
        now,
    )
    .unwrap();
}
