//! Renders catalogue e-mails from the templates in `emails/`, compiled into the binary (`build.rs`
//! lists the folder, so a new template file needs no Rust line). Undefined variables are errors,
//! HTML is escaped, and every template is rendered once at start-up.

use chrono::{DateTime, Offset, Utc};
use chrono_tz::Tz;
use minijinja::{Environment, UndefinedBehavior, Value, context};

use super::catalogue::{AssessmentReminderKind, Email};
use crate::auth::account_token::TokenKey;
use crate::i18n::Locale;

/// A rendered e-mail.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every template under `emails/` with its path there, listed by `build.rs` at compile time.
const TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/email_templates.rs"));

/// The revocations of a city admin's e-mail, as template values.
fn revocation_values(lines: &[super::catalogue::RevocationLine]) -> Vec<Value> {
    lines
        .iter()
        .map(|r| {
            context! {
                mentor_name => &r.mentor_name,
                unit => &r.unit,
                certificate_no => &r.certificate_no,
                revoked_on => &r.revoked_on,
            }
        })
        .collect()
}

/// The template environment plus what links need.
pub struct Renderer {
    env: Environment<'static>,
    public_url: String,
    tokens: TokenKey,
    /// The city's time zone, for the moments an e-mail states.
    zone: Tz,
}

/// A moment in the city's time zone, as the reader writes it (the offset said in English).
fn city_time(at: DateTime<Utc>, locale: Locale, zone: Tz) -> String {
    let city = at.with_timezone(&zone);
    match locale {
        Locale::ZhCn => city.format("%Y年%m月%d日 %H:%M").to_string(),
        Locale::En => {
            let offset = city.offset().fix().local_minus_utc();
            let (sign, secs) = if offset < 0 {
                ('-', -offset)
            } else {
                ('+', offset)
            };
            let (h, m) = (secs / 3600, secs % 3600 / 60);
            let zone = if m == 0 {
                format!("UTC{sign}{h}")
            } else {
                format!("UTC{sign}{h}:{m:02}")
            };
            format!("{} ({zone})", city.format("%Y-%m-%d %H:%M"))
        }
    }
}

impl Renderer {
    /// Loads every template and renders every example in both languages; any error refuses to
    /// start.
    pub fn new(public_url: &str, tokens: TokenKey, zone: Tz) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| anyhow::anyhow!("e-mail template {name}: {e}"))?;
        }
        let renderer = Self {
            env,
            public_url: public_url.trim_end_matches('/').to_owned(),
            tokens,
            zone,
        };
        for email in Email::examples() {
            for locale in [Locale::ZhCn, Locale::En] {
                renderer.render(&email, locale).map_err(|e| {
                    anyhow::anyhow!("e-mail {} ({}): {e:#}", email.template(), locale.as_str())
                })?;
            }
        }
        Ok(renderer)
    }

    fn link(&self, path: &str, nonce: &str) -> String {
        format!(
            "{}/{path}?token={}",
            self.public_url,
            self.tokens.token_for(nonce)
        )
    }

    /// The variables of one e-mail.
    fn variables(&self, email: &Email, locale: Locale) -> Value {
        match email {
            Email::Invitation(d) => context! {
                name => &d.name,
                inviter => &d.inviter,
                unit => &d.unit,
                link => self.link("accept-invitation", &d.token_nonce),
                expires_at => city_time(d.expires_at, locale, self.zone),
            },
            Email::PasswordReset(d) => context! {
                name => &d.name,
                link => self.link("reset-password", &d.token_nonce),
                expires_at => city_time(d.expires_at, locale, self.zone),
            },
            Email::PasswordChanged(d) => context! {
                name => &d.name,
                changed_at => city_time(d.changed_at, locale, self.zone),
            },
            Email::Appointed(d) => context! {
                name => &d.name,
                round_name => &d.round_name,
                unit => &d.unit,
                certificate_no => &d.certificate_no,
                term_ends_on => d.term_ends_on.to_string(),
            },
            Email::NominationDeadline(d) => context! {
                name => &d.name,
                round_name => &d.round_name,
                unit => &d.unit,
                deadline => d.deadline.to_string(),
                days_left => d.days_left,
                submitted => d.submitted,
                drafts => d.drafts,
            },
            Email::MentoringReminder(d) => context! {
                name => &d.name,
                reminder => d.reminder.as_str(),
                days => d.days,
                detail => &d.detail,
            },
            Email::AppointmentExpired(d) => context! {
                name => &d.name,
                certificate_no => &d.certificate_no,
                term_ends_on => d.term_ends_on.to_string(),
            },
            Email::AssessmentReminder(d) => context! {
                name => &d.name,
                reminder => match d.reminder {
                    AssessmentReminderKind::WindowOpened => "window_opened",
                    AssessmentReminderKind::WindowClosing => "window_closing",
                    AssessmentReminderKind::FollowUpDue => "follow_up_due",
                },
                year => d.year,
                unit => &d.unit,
                opens_on => d.opens_on.to_string(),
                closes_on => d.closes_on.to_string(),
                days_left => d.days_left,
                count => d.count,
                mentors => &d.mentors,
            },
            Email::AssessmentUnqualified(d) => context! {
                name => &d.name,
                year => d.year,
                assessment_id => d.assessment_id.0,
                reasons => &d.reasons,
                objection_deadline => d.objection_deadline.to_string(),
                rectification => d.rectification,
            },
            Email::AssessmentReturned(d) => context! {
                name => &d.name,
                mentor_name => &d.mentor_name,
                year => d.year,
                assessment_id => d.assessment_id.0,
                reason => &d.reason,
                objection_upheld => d.objection_upheld,
            },
            Email::ObjectionDecided(d) => context! {
                name => &d.name,
                year => d.year,
                upheld => d.upheld,
                reason => &d.reason,
            },
            Email::RectificationStarted(d) => context! {
                name => &d.name,
                audience => d.audience.as_str(),
                mentor_name => &d.mentor_name,
                year => d.year,
                ends_on => d.ends_on.to_string(),
            },
            Email::MentorRevoked(d) => context! {
                name => &d.name,
                audience => d.audience.as_str(),
                mentor_name => &d.mentor_name,
                certificate_no => &d.certificate_no,
                year => d.year,
                reason => &d.reason,
                benefits => d.benefits.iter().map(|b| context! {
                    benefit_zh => &b.benefit_zh,
                    benefit_en => &b.benefit_en,
                    item => &b.item,
                    return_by => &b.return_by,
                }).collect::<Vec<Value>>(),
            },
            Email::BenefitNotice(d) => context! {
                name => &d.name,
                notice => d.notice.as_str(),
                benefit => &d.benefit,
                benefit_zh => &d.benefit_zh,
                benefit_en => &d.benefit_en,
                date => &d.date,
                end_date => &d.end_date,
                place => &d.place,
                approved => d.approved,
                reason => &d.reason,
            },
            Email::BenefitDigest(d) => context! {
                name => &d.name,
                waiting => d.waiting,
                lines_zh => &d.lines_zh,
                lines_en => &d.lines_en,
            },
            Email::CityAdminReminder(d) => context! {
                name => &d.name,
                windows => d.windows.iter().map(|w| context! {
                    mentor_name => &w.mentor_name,
                    unit => &w.unit,
                    year => w.year,
                    deadline => &w.deadline,
                    state => &w.state,
                }).collect::<Vec<Value>>(),
                revocations => revocation_values(&d.revocations),
            },
            Email::CityAdminDigest(d) => context! {
                name => &d.name,
                week => &d.week,
                selection_rounds => d.selection_rounds.iter().map(|r| context! {
                    name => &r.name,
                    status => &r.status,
                    nomination_deadline => &r.nomination_deadline,
                    notice_ends_on => &r.notice_ends_on,
                }).collect::<Vec<Value>>(),
                assessment_rounds => d.assessment_rounds.iter().map(|r| context! {
                    year => r.year,
                    opens_on => &r.opens_on,
                    closes_on => &r.closes_on,
                    outstanding => r.outstanding,
                    by_unit => &r.by_unit,
                }).collect::<Vec<Value>>(),
                selection_objections => d.selection_objections,
                assessment_objections => d.assessment_objections,
                revocations => revocation_values(&d.revocations),
                benefits_waiting => d.benefits_waiting,
                benefits_zh => &d.benefits_zh,
                benefits_en => &d.benefits_en,
                dead_emails => d.dead_emails,
            },
            Email::UnitMentorAppointed(d) => context! {
                name => &d.name,
                mentor_name => &d.mentor_name,
                round_name => &d.round_name,
                certificate_no => &d.certificate_no,
            },
        }
    }

    /// Renders the subject, the text body and the HTML body in `locale`.
    pub fn render(&self, email: &Email, locale: Locale) -> anyhow::Result<Rendered> {
        let folder = email.template();
        let lang = locale.as_str();
        let vars = self.variables(email, locale);
        let subject = self
            .env
            .get_template(&format!("{folder}/subject.{lang}.txt"))?
            .render(&vars)?
            .trim()
            .to_owned();
        let (brand, footer) = match locale {
            Locale::ZhCn => ("人才培带人管理平台", "本邮件由系统自动发送，请勿直接回复。"),
            Locale::En => (
                "Talent mentor program",
                "This e-mail was sent automatically; please do not reply to it.",
            ),
        };
        let page = context! { subject => &subject, lang => lang, brand => brand, footer => footer, ..vars };
        let text = self
            .env
            .get_template(&format!("{folder}/body.{lang}.txt"))?
            .render(&page)?;
        let html = self
            .env
            .get_template(&format!("{folder}/body.{lang}.html"))?
            .render(&page)?;
        Ok(Rendered {
            subject,
            text,
            html,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderer() -> Renderer {
        Renderer::new(
            "https://peidai.example.cn/",
            TokenKey::new(b"test secret, long enough...."),
            chrono_tz::Asia::Shanghai,
        )
        .unwrap()
    }

    #[test]
    fn every_template_renders_in_both_languages_and_escapes_html() {
        let r = renderer();
        let invitation = &Email::examples()[0];
        let zh = r.render(invitation, Locale::ZhCn).unwrap();
        assert_eq!(zh.subject, "【人才培带人】邀请您开通账号");
        assert!(
            zh.text.contains("张三 <b>"),
            "text is not escaped: {}",
            zh.text
        );
        assert!(
            zh.html.contains("张三 &lt;b&gt;"),
            "HTML is escaped: {}",
            zh.html
        );
        assert!(!zh.html.contains("张三 <b>"));
        assert!(
            zh.text
                .contains("https://peidai.example.cn/accept-invitation?token=")
        );
        assert!(
            zh.text.contains("2026年06月01日 10:00"),
            "city time: {}",
            zh.text
        );
        assert!(zh.html.contains("<html lang=\"zh-CN\">"));
        let en = r.render(invitation, Locale::En).unwrap();
        assert!(en.subject.starts_with("[Talent mentor program]"));
        assert!(en.text.contains("Dear 张三 <b>"));
        for email in Email::examples() {
            for locale in [Locale::ZhCn, Locale::En] {
                let out = r.render(&email, locale).unwrap();
                assert!(!out.subject.is_empty() && !out.subject.contains('\n'));
                assert!(out.html.contains("</html>"));
            }
        }
    }

    #[test]
    fn every_template_file_in_the_folder_is_embedded_under_its_path() {
        let invitation = TEMPLATES
            .iter()
            .find(|(name, _)| *name == "invitation/subject.zh-CN.txt")
            .expect("a nested template, named by its path");
        let on_disk = std::fs::read_to_string("emails/invitation/subject.zh-CN.txt").unwrap();
        assert_eq!(invitation.1, on_disk);
        let folders = std::fs::read_dir("emails")
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count();
        assert_eq!(
            TEMPLATES.len(),
            2 + 6 * folders,
            "base.* and six files per e-mail"
        );
        assert!(TEMPLATES.iter().all(|(name, _)| !name.ends_with(".md")));
    }

    #[test]
    fn a_template_using_a_variable_the_data_lacks_is_an_error() {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_template("t.txt", "{{ name }} {{ missing }}")
            .unwrap();
        let err = env
            .get_template("t.txt")
            .unwrap()
            .render(context! { name => "x" });
        assert!(err.is_err());
    }

    #[test]
    fn the_link_token_is_derived_not_stored() {
        let r = renderer();
        let Email::Invitation(d) = &Email::examples()[0] else {
            unreachable!()
        };
        let out = r.render(&Email::examples()[0], Locale::ZhCn).unwrap();
        assert!(
            !out.text.contains(&d.token_nonce),
            "the nonce never appears in the e-mail"
        );
        assert!(out.text.contains(&r.tokens.token_for(&d.token_nonce)));
    }
}
