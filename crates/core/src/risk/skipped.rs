//! Safety questions left unanswered: a rule that reads an optional question the
//! patient skipped cannot fire, and that silence would read as "nothing found".
//! (A required question cannot be skipped: the widget does not move on without it.) Each such question becomes a finding of its
//! own, `skipped.<question>`, routed to the provider with what was skipped and which
//! rules rely on it.

use std::sync::Arc;

use super::{Finding, Protocol, Severity};
use crate::answers::Answers;
use crate::date::CivilDate;
use crate::i18n::{Lang, Localized};
use crate::profile::{ClinicProfile, Treatment};

/// What one skipped question puts at stake: the rules that read it, and the most
/// severe of them.
struct Stake {
    rules: String,
    severity: Severity,
}

/// The `skipped.<question>` findings for `treatment`: one per optional question that
/// is asked, has no answer, and is read by a rule about the treatment that did not fire (a rule
/// that fired has already reached the provider). A question an applying `unanswered`
/// rule names is the author's own finding and is left to it.
///
/// The severity is that of the most severe rule at stake, at most `review`: a skipped
/// answer is unknown, not a yes, so it reaches the medical director but never stops.
pub(super) fn skipped(
    profile: &ClinicProfile,
    protocol: &Protocol,
    answers: &Answers,
    today: CivilDate,
    treatment: &Treatment,
    fired: &[Finding],
) -> Vec<Finding> {
    let applying: Vec<_> = protocol
        .rules
        .iter()
        .filter(|r| r.applies_to(treatment))
        .collect();
    let mut covered = Vec::new();
    for rule in &applying {
        rule.when.unanswered_questions(&mut covered);
    }
    // In the order rules first read them; a handful at most, so a list.
    let mut stakes: Vec<(&str, Stake)> = Vec::new();
    for rule in applying
        .iter()
        .filter(|r| !fired.iter().any(|f| f.rule == r.id))
    {
        let mut read = Vec::new();
        rule.when.questions_relied_on(profile, &mut read);
        for (i, question) in read.iter().copied().enumerate() {
            if covered.contains(&question) || read[..i].contains(&question) {
                continue;
            }
            let at = match stakes.iter().position(|(q, _)| *q == question) {
                Some(at) => at,
                None => {
                    stakes.push((
                        question,
                        Stake {
                            rules: String::new(),
                            severity: Severity::Info,
                        },
                    ));
                    stakes.len() - 1
                }
            };
            let stake = &mut stakes[at].1;
            if !stake.rules.is_empty() {
                stake.rules.push_str(", ");
            }
            stake.rules.push_str(&rule.id);
            stake.severity = stake.severity.max(rule.severity);
        }
    }
    stakes
        .into_iter()
        .filter(|(id, _)| !answers.values.contains_key(*id))
        .filter_map(|(id, stake)| {
            let (section, question) = profile.question(id)?;
            (!question.required && answers.question_asked(profile, section, question, today))
                .then(|| finding(treatment, id, &question.text, stake))
        })
        .collect()
}

/// The finding for one skipped question, in the languages its text has.
fn finding(treatment: &Treatment, id: &str, text: &Localized, stake: Stake) -> Finding {
    let en = text.en.as_ref().map(|t| {
        format!("Your provider will ask you about \u{201c}{t}\u{201d} before treating you.")
    });
    let es = text.es.as_ref().map(|t| {
        format!("Su profesional le preguntará por \u{ab}{t}\u{bb} antes del tratamiento.")
    });
    Finding {
        rule: format!("skipped.{id}"),
        severity: stake.severity.min(Severity::Review),
        treatment: treatment.id.clone(),
        product: None,
        triggers: vec![format!("{id}: not answered")],
        patient: Arc::new(Localized { en, es }),
        provider: format!(
            "The patient left \u{201c}{}\u{201d} ({id}) unanswered; {} read it and could not be checked: ask before treating.",
            text.get(Lang::En),
            stake.rules
        )
        .into(),
        source: "Candor: a safety question left unanswered reaches the provider, never clears"
            .into(),
    }
}
