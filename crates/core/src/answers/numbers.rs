//! Numbers as patients type them, and scores such as the Fitzpatrick total.

use super::{Answer, Answers};
use crate::date::CivilDate;
use crate::i18n::Lang;
use crate::profile::ClinicProfile;

impl Answers {
    /// The total of a score (such as `fitzpatrick`) once every question asked that
    /// contributes to it has an answer.
    pub fn score(&self, profile: &ClinicProfile, score: &str, today: CivilDate) -> Option<u32> {
        let mut total = 0;
        let mut any = false;
        for section in &profile.sections {
            for q in section
                .questions
                .iter()
                .filter(|q| q.score.as_deref() == Some(score))
            {
                if !self.question_asked(profile, section, q, today) {
                    continue;
                }
                let Some(Answer::Choice(id)) = self.values.get(&q.id) else {
                    return None;
                };
                total += q.option(id).and_then(|o| o.score)?;
                any = true;
            }
        }
        any.then_some(total)
    }
}

/// A number as typed in `lang`: `1.5` in English; `1,5` or `1.5` in Spanish.
/// Thousands separators are not accepted, so `1,500` is not read as 1.5 by mistake.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let text = text.trim();
    let normalized = match lang {
        Lang::Es => text.replace(',', "."),
        Lang::En if text.contains(',') => return None,
        Lang::En => text.to_owned(),
    };
    let ok = !normalized.is_empty()
        && normalized
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && normalized.matches('.').count() <= 1;
    ok.then(|| normalized.parse().ok())
        .flatten()
        .filter(|n: &f64| n.is_finite())
}
