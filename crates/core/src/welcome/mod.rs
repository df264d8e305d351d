//! The welcome: the first screen of a visit (the clinic's name, what will be asked,
//! how long it takes, who sees the answers, Start), its words in each language, and
//! what it says for a profile.
//!
//! The widget builds the screen from these words, and the reference receiver renders
//! the same screen into the page it serves (so a patient reads it before the widget's
//! wasm has arrived); both take the words from here, so they cannot differ.

mod en;
mod es;

pub use en::WELCOME_EN;
pub use es::WELCOME_ES;

use crate::answers::Answers;
use crate::date::{CivilDate, PartialDate};
use crate::flow;
use crate::i18n::Lang;
use crate::profile::ClinicProfile;
use crate::profile::protocol::Approval;

/// The words of the welcome and of the frame around it, in one language.
pub struct WelcomeText {
    /// The document's title.
    pub page_title: &'static str,
    /// Banner on every screen of a demonstration profile.
    pub demo_banner: &'static str,
    /// Banner while the profile's checks have no medical director's approval.
    pub protocol_unapproved: &'static str,
    /// The medical director's approval of the checks: name, credential, date in words.
    pub protocol_approved: fn(&str, &str, &str) -> String,
    /// Accessible name of the language switcher.
    pub language_label: &'static str,
    /// "Step 2 of 3".
    pub step_of: fn(usize, usize) -> String,
    /// The heading, given the clinic's name.
    pub title: fn(&str) -> String,
    /// The paragraph under the heading.
    pub intro: &'static str,
    /// The heading of what will be asked.
    pub asks_heading: &'static str,
    /// What the treatments step asks.
    pub treatments_summary: &'static str,
    /// What the details step asks.
    pub details_summary: &'static str,
    /// The last item of what will be asked.
    pub treatment_questions: &'static str,
    /// How long the visit takes, given whole minutes.
    pub duration: fn(u32) -> String,
    /// The privacy statement's heading.
    pub privacy_heading: &'static str,
    /// The privacy statement's sentences, given the clinic's name.
    pub privacy_points: fn(&str) -> [String; 3],
    /// The welcome's button.
    pub start: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// A full date in words, given the month's name, the day and the year.
    pub full_date: fn(&str, u8, i32) -> String,
}

/// The welcome's words in `lang`.
pub fn text(lang: Lang) -> &'static WelcomeText {
    match lang {
        Lang::En => &WELCOME_EN,
        Lang::Es => &WELCOME_ES,
    }
}

impl WelcomeText {
    /// The approval line of the checks (its date `YYYY-MM-DD` in words; any other
    /// date as it is).
    pub fn approval_line(&self, approver: &str, credential: &str, date: &str) -> String {
        let mut parts = date.splitn(3, '-');
        let day = match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) => PartialDate::from_parts(d, m, y).ok(),
            _ => None,
        };
        let day = match day {
            Some(PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            }) => (self.full_date)(self.month_name(month), day, year),
            _ => date.to_owned(),
        };
        (self.protocol_approved)(approver, credential, &day)
    }

    /// The month's name, for `month` 1 to 12.
    pub fn month_name(&self, month: u8) -> &'static str {
        self.months
            .get(usize::from(month).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    }
}

/// What the welcome lists as asked, in `lang`: the treatments, the details, the title
/// of every section asked for these answers, then the treatments' own questions.
pub fn asks(
    profile: &ClinicProfile,
    answers: &Answers,
    today: CivilDate,
    lang: Lang,
) -> Vec<String> {
    let text = text(lang);
    let sections = answers
        .asked_sections(profile, today)
        .into_iter()
        .map(|i| profile.sections[i].title.get(lang).to_owned());
    [
        text.treatments_summary.to_owned(),
        text.details_summary.to_owned(),
    ]
    .into_iter()
    .chain(sections)
    .chain([text.treatment_questions.to_owned()])
    .collect()
}

/// The language to greet a patient in: the page's `?lang=` when the profile offers
/// it, else the first of the browser's `Accept-Language` preferences (by weight) the
/// profile offers, else the profile's default.
pub fn language(
    profile: &ClinicProfile,
    asked: Option<&str>,
    accept_language: Option<&str>,
) -> Lang {
    let offered = |l: &Lang| profile.languages.contains(l);
    asked
        .and_then(Lang::from_tag)
        .filter(offered)
        .or_else(|| accept_language.and_then(|a| preferred(&profile.languages, a)))
        .unwrap_or_else(|| profile.default_language())
}

/// The first language of `offered` an `Accept-Language` header prefers, by weight
/// (`es-MX;q=0.9`); `q=0` refuses a language.
pub fn preferred(offered: &[Lang], accept_language: &str) -> Option<Lang> {
    let mut ranked: Vec<(u16, Lang)> = accept_language
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let lang = Lang::from_tag(parts.next()?.trim())?;
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1000), weight)?;
            (weight > 0 && offered.contains(&lang)).then_some((weight, lang))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    ranked.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    ranked.first().map(|(_, lang)| *lang)
}

/// A weight `0` to `1` with at most three decimals, in thousandths.
fn weight(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

/// What the first screen of a new visit says, in one language: the frame (clinic
/// bar, banners, progress) and the welcome. The widget shows the same from the same
/// words; the receiver renders it into the page.
#[derive(Clone)]
pub struct Welcome {
    /// The language it is in.
    pub lang: Lang,
    /// The clinic's name, as the profile writes it (plain text, never markup).
    pub clinic: String,
    /// The languages the switcher offers (no switcher for one).
    pub languages: Vec<Lang>,
    /// The demonstration banner, for a demonstration profile.
    pub demo_banner: Option<&'static str>,
    /// The banner of checks no medical director approved.
    pub unapproved: Option<&'static str>,
    /// The approval line, when the checks are approved.
    pub approval_line: Option<String>,
    /// "Step 1 of 9".
    pub step_label: String,
    /// How much of the progress bar is filled, in percent (the widget's rounding).
    pub progress_percent: usize,
    /// The heading.
    pub title: String,
    /// What will be asked.
    pub asks: Vec<String>,
    /// How long it takes.
    pub duration: String,
    /// The privacy statement.
    pub privacy: [String; 3],
    /// Its words (headings, the intro, the button).
    pub text: &'static WelcomeText,
}

impl Welcome {
    /// The first screen of a new visit (no answers yet) to `profile` in `lang` on
    /// `today`. The approval line comes from the profile's protocol's `approval`,
    /// which the caller sets from the published approval only (never the file's).
    pub fn of(profile: &ClinicProfile, lang: Lang, today: CivilDate) -> Welcome {
        let text = text(lang);
        let answers = Answers::new(lang);
        let steps = flow::steps(profile, &answers, today).len();
        let protocol = profile.protocol.as_ref();
        let approval: Option<&Approval> = protocol.and_then(|p| p.approval.as_ref());
        Welcome {
            lang,
            clinic: profile.name.clone(),
            languages: profile.languages.clone(),
            demo_banner: profile.demo.then_some(text.demo_banner),
            unapproved: (protocol.is_some() && approval.is_none())
                .then_some(text.protocol_unapproved),
            approval_line: approval
                .map(|a| text.approval_line(&a.approver, &a.credential, &a.date)),
            step_label: (text.step_of)(1, steps),
            progress_percent: 100 / steps.max(1),
            title: (text.title)(&profile.name),
            asks: asks(profile, &answers, today, lang),
            duration: (text.duration)(flow::estimated_minutes(profile, &answers, today)),
            privacy: (text.privacy_points)(&profile.name),
            text,
        }
    }
}
