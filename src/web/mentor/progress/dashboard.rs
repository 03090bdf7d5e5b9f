//! `/mentor`, the mentor's dashboard (and `/home` for a user acting as mentor): this year's
//! progress per indicator against the year's target and the pro-rata target for today, with
//! the shortfall in words; whose signatures are pending; plans waiting for review; disputed
//! activities; the days left in the cycle. A mentor without a contract is sent to draft one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use minijinja::context;
use minijinja::value::Serde;
use serde::Serialize;

use super::view::{ActivityRow, figure, is_disputed, kind_key, kind_words};
use crate::db::contracts::Contract;
use crate::domain::contract::{ContractStatus, Measure};
use crate::domain::progress::{IndicatorProgress, Progress};
use crate::domain::role::Role;
use crate::services::{activities, mentor_year, plans};
use crate::state::AppState;
use crate::web::errors::PageError;
use crate::web::forms::say;
use crate::web::page::Frame;
use crate::web::session::SignedIn;

/// One indicator's meter: the bar filled to what was done, a mark at the pro-rata target,
/// and the words under it.
#[derive(Serialize)]
struct Meter {
    kind_key: String,
    /// The contract's own words for the indicator, unless they only repeat its kind.
    description: Option<String>,
    /// "3 / 4 次".
    figures: String,
    /// Per cent of the yearly target done (at most 100) and where the pro-rata mark stands.
    done_pct: u32,
    mark_pct: u32,
    /// `done`, `behind` or `on_track`.
    state: &'static str,
    words: String,
    /// What the done figure holds that is not confirmed yet, and what is disputed.
    notes: Vec<String>,
    /// "By today, 2.5 are due".
    due: String,
}

/// `{name}` replaced in a catalogue word.
fn fill(key: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(say(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

/// The measure's part of a key: `count` or `hours`.
fn unit(m: Measure) -> &'static str {
    match m {
        Measure::Count => "count",
        Measure::Hours => "hours",
    }
}

/// How much is still needed, as a person counts it: whole activities for a count, hours to a
/// hundredth for hours.
fn needed(m: Measure, x: f64) -> String {
    match m {
        Measure::Count => figure(x.ceil()),
        Measure::Hours => figure(x),
    }
}

fn pct(part: f64, whole: f64) -> u32 {
    if whole <= 0.0 {
        100
    } else {
        ((part / whole) * 100.0).round().clamp(0.0, 100.0) as u32
    }
}

fn meter(i: &IndicatorProgress) -> Meter {
    let u = unit(i.measure);
    let target = f64::from(i.yearly_target);
    let done = i.done_confirmed + i.done_unconfirmed;
    let kind = kind_words(i.kind);
    let (state, words) = if done >= target {
        ("done", say("mentor.progress.meter.done"))
    } else if i.shortfall > 0.0 {
        let n = needed(i.measure, i.shortfall);
        let key = format!("mentor.progress.meter.short.{u}");
        ("behind", fill(&key, &[("kind", &kind), ("n", &n)]))
    } else {
        let n = needed(i.measure, target - done);
        let key = format!("mentor.progress.meter.on_track.{u}");
        ("on_track", fill(&key, &[("n", &n)]))
    };
    let mut notes = Vec::new();
    if i.done_unconfirmed > 0.0 {
        let n = figure(i.done_unconfirmed);
        notes.push(fill(
            &format!("mentor.progress.meter.unconfirmed.{u}"),
            &[("n", &n)],
        ));
    }
    if i.disputed > 0.0 {
        let n = figure(i.disputed);
        notes.push(fill(
            &format!("mentor.progress.meter.disputed.{u}"),
            &[("n", &n)],
        ));
    }
    Meter {
        kind_key: kind_key(i.kind),
        description: Some(i.description.trim().to_owned())
            .filter(|d| !d.is_empty() && d != i.kind.zh() && *d != kind),
        figures: fill(
            &format!("mentor.progress.meter.figures.{u}"),
            &[("done", &figure(done)), ("target", &figure(target))],
        ),
        done_pct: pct(done, target),
        mark_pct: pct(i.pro_rata_target, target),
        state,
        words,
        notes,
        due: fill(
            &format!("mentor.progress.meter.due.{u}"),
            &[("n", &figure(i.pro_rata_target))],
        ),
    }
}

/// Someone whose signature the contract waits for.
#[derive(Serialize)]
struct Pending {
    name: String,
    /// The mentor themself.
    me: bool,
}

fn pending_signatures(k: &Contract, me: &str) -> Vec<Pending> {
    let mut all = Vec::new();
    if k.status == ContractStatus::PendingSignatures && k.mentor_signed_at.is_none() {
        all.push(Pending {
            name: me.to_owned(),
            me: true,
        });
    }
    if matches!(
        k.status,
        ContractStatus::PendingSignatures | ContractStatus::Active
    ) {
        all.extend(
            k.mentees
                .iter()
                .filter(|m| m.signature_pending)
                .map(|m| Pending {
                    name: m.name.clone(),
                    me: false,
                }),
        );
    }
    all
}

/// The year's progress of an active contract, when today is within its cycle.
async fn year_progress(
    state: &AppState,
    session: &SignedIn,
    k: &Contract,
    today: NaiveDate,
) -> Result<Option<Progress>, PageError> {
    if k.status != ContractStatus::Active || activities::window(k, today.year()).is_none() {
        return Ok(None);
    }
    Ok(Some(
        activities::progress(state, &session.caller, k.id, Some(today.year())).await?,
    ))
}

/// The dashboard, for `/mentor` and for `/home` when the user acts as mentor.
pub async fn home_page(
    state: &AppState,
    req: &HttpRequest,
    session: &SignedIn,
) -> Result<HttpResponse, PageError> {
    session.require(Role::Mentor)?;
    let today = state.clock.today();
    let contract = mentor_year::current_contract(state, &session.caller).await?;
    let frame = Frame::signed_in(state, req, session, Some(Role::Mentor));
    let Some(k) = contract else {
        return frame.render(
            state,
            StatusCode::OK,
            "mentor/progress/dashboard.html",
            context! {
                today => today.to_string(),
                contract => None::<()>,
            },
        );
    };
    let progress = year_progress(state, session, &k, today).await?;
    let meters: Vec<Meter> = progress
        .as_ref()
        .map(|p| p.indicators.iter().map(meter).collect())
        .unwrap_or_default();
    let disputed: Vec<ActivityRow> = if k.status == ContractStatus::Active {
        let mut all = activities::list(state, &session.caller, k.id, None).await?;
        all.reverse();
        all.iter()
            .filter(|a| is_disputed(a))
            .map(ActivityRow::from)
            .collect()
    } else {
        Vec::new()
    };
    let waiting_plans = plans::awaiting_review(state, session.caller.clone())
        .await?
        .iter()
        .filter(|p| p.contract_id == k.id)
        .count();
    let days_left = (k.end_date - today).num_days().max(0);
    frame.render(
        state,
        StatusCode::OK,
        "mentor/progress/dashboard.html",
        context! {
            today => today.to_string(),
            contract => context! {
                status => k.status.as_str(),
                active => k.status == ContractStatus::Active,
                start_date => k.start_date.to_string(),
                end_date => k.end_date.to_string(),
                days_left => days_left,
                ended => matches!(k.status, ContractStatus::Completed | ContractStatus::Terminated),
            },
            year => progress.as_ref().map(|p| context! {
                year => p.year,
                from => p.from.to_string(),
                to => p.to.to_string(),
                activities => p.activities,
            }),
            meters => Serde(meters),
            pending => Serde(pending_signatures(&k, &session.user.name)),
            waiting_plans => waiting_plans,
            disputed => Serde(disputed),
        },
    )
}

/// `GET /mentor`.
pub async fn get_dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: SignedIn,
) -> Result<HttpResponse, PageError> {
    home_page(&state, &req, &session).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::IndicatorId;
    use crate::domain::indicator::IndicatorKind;

    fn lectures(confirmed: f64, unconfirmed: f64, pro_rata: f64) -> IndicatorProgress {
        IndicatorProgress {
            indicator_id: IndicatorId(1),
            kind: IndicatorKind::Lecture,
            description: "专题讲座".into(),
            measure: Measure::Count,
            yearly_target: 2,
            done_confirmed: confirmed,
            done_unconfirmed: unconfirmed,
            disputed: 0.0,
            pro_rata_target: pro_rata,
            shortfall: crate::domain::progress::shortfall(pro_rata, confirmed + unconfirmed),
        }
    }

    #[test]
    fn a_meter_says_what_is_missing_against_today_or_that_it_is_done() {
        let behind = meter(&lectures(0.0, 0.0, 0.4));
        assert_eq!(
            (behind.state, behind.words.as_str()),
            ("behind", "专题讲座 还差 1 次")
        );
        assert_eq!((behind.done_pct, behind.mark_pct), (0, 20));
        let on_track = meter(&lectures(1.0, 0.0, 0.4));
        assert_eq!(on_track.state, "on_track");
        let done = meter(&lectures(1.0, 1.0, 0.4));
        assert_eq!((done.state, done.words.as_str()), ("done", "已完成"));
        assert_eq!(done.notes.len(), 1, "one is not confirmed yet");
    }
}
