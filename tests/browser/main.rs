//! The browser suite: real journeys through the pages in Debian's Chromium, driven over WebDriver
//! (chromedriver on a free loopback port, headless, a fresh profile per journey). Every journey
//! saves screenshots at 390×844 and 1366×768 under `target/screenshots/`, and so does one rendering
//! of every e-mail template's HTML.
//!
//! Where `/usr/bin/chromium` or `/usr/bin/chromedriver` is missing, every journey is reported as
//! ignored with the reason printed (never as passed); `.ci/run` installs both and runs them.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "../api/smtp_sink.rs"]
mod smtp_sink;

mod assessment_journeys;
mod benefits_journeys;
mod chrome;
mod dashboard_journeys;
mod export_journeys;
mod fixtures;
mod import_journeys;
mod journeys;
mod mentee_journeys;
mod mentor_mentees_journeys;
mod mentor_progress_journeys;
mod mentor_record_journeys;
mod nomination_journeys;
mod office_journeys;
mod people_journeys;
mod printing_journeys;
mod round_journeys;

use libtest_mimic::{Arguments, Trial};

fn main() {
    let mut args = Arguments::from_args();
    let missing = chrome::missing();
    if let Some(reason) = &missing {
        eprintln!("browser tests skipped: {reason}");
        // Skipped, whatever the flags: `--include-ignored` must not turn a missing browser into
        // a failure or a pass.
        args.include_ignored = false;
        args.ignored = false;
    }
    // Chromium is heavy and the journeys are few: one at a time unless told otherwise.
    args.test_threads.get_or_insert(1);
    let all = [
        journeys::ALL,
        mentee_journeys::ALL,
        mentor_progress_journeys::ALL,
        mentor_mentees_journeys::ALL,
        mentor_record_journeys::ALL,
        nomination_journeys::ALL,
        round_journeys::ALL,
        assessment_journeys::ALL,
        office_journeys::ALL,
        people_journeys::ALL,
        dashboard_journeys::ALL,
        benefits_journeys::ALL,
        import_journeys::ALL,
        printing_journeys::ALL,
        export_journeys::ALL,
    ];
    let trials = all
        .into_iter()
        .flatten()
        .map(|(name, journey)| {
            let journey = *journey;
            Trial::test(*name, move || chrome::run(journey)).with_ignored_flag(missing.is_some())
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
