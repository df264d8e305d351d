//! Conditions typed instead of ticked: a patient who writes "I have lupus" in "anything
//! else about your health?" and leaves "An autoimmune disease" unticked would pass the
//! autoimmune rules by. A text question `matched_against` a multiple-choice question
//! is searched for its options' `typed_as` words; each option found (and not ticked)
//! is evaluated as if ticked, and what fires only because of it is capped at `review`
//! (free text may mean something else), with the words that were found as evidence.

use super::{Finding, Severity};
use crate::answers::{Answer, Answers};
use crate::profile::{ClinicProfile, QuestionType};
use crate::vocabulary::normalize;

/// Words that, shortly before a mention, deny it: "no lupus", "never had seizures",
/// "sin diabetes", "I don't have lupus" ("dont" once the apostrophe is folded).
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "without", "dont", "doesnt", "denies", "none", "nunca", "sin", "ni",
    "niega", "tampoco", "nor",
];

/// How many words before a mention a negation still applies to it.
const NEGATION_REACH: usize = 3;

/// Words that make a clause about somebody else: "my mother has diabetes".
const RELATIVES: &[&str] = &[
    "mother",
    "mom",
    "mum",
    "father",
    "dad",
    "sister",
    "brother",
    "grandmother",
    "grandma",
    "grandfather",
    "grandpa",
    "aunt",
    "uncle",
    "cousin",
    "son",
    "daughter",
    "husband",
    "wife",
    "partner",
    "family",
    "relative",
    "relatives",
    "madre",
    "mama",
    "padre",
    "papa",
    "hermana",
    "hermano",
    "abuela",
    "abuelo",
    "tia",
    "tio",
    "prima",
    "primo",
    "hijo",
    "hija",
    "esposo",
    "esposa",
    "marido",
    "pareja",
    "familia",
    "familiar",
    "familiares",
];

/// Words that join two statements: each side is judged on its own.
const JOINS: &[&str] = &["and", "but", "also", "y", "e", "pero", "tambien"];

/// One option found in free text.
pub(super) struct Typed {
    /// The multiple-choice question the option belongs to.
    pub question: String,
    /// The option found.
    pub option: String,
    /// The text question it was found in.
    pub found_in: String,
    /// The `typed_as` words that matched, as the profile writes them.
    pub words: String,
}

impl Typed {
    /// The evidence line, in place of `question: option`.
    pub fn evidence(&self) -> String {
        format!(
            "{}: \u{201c}{}\u{201d} (typed, read as {}: {})",
            self.found_in, self.words, self.question, self.option
        )
    }
}

/// Every option named in a matched text answer that the patient did not tick.
pub(super) fn typed(profile: &ClinicProfile, answers: &Answers) -> Vec<Typed> {
    let mut found: Vec<Typed> = Vec::new();
    for text_question in profile.questions() {
        let (Some(target), Some(Answer::Text(text))) = (
            text_question.matched_against.as_deref(),
            answers.values.get(&text_question.id),
        ) else {
            continue;
        };
        let Some((_, choice)) = profile.question(target) else {
            continue;
        };
        let ticked: &[String] = match answers.values.get(target) {
            Some(Answer::Choices(ids)) => ids,
            _ => &[],
        };
        let clauses = clauses(text);
        for option in choice.options.iter().filter(|o| !ticked.contains(&o.id)) {
            let hit = option.typed_as.iter().find(|words| {
                let wanted: Vec<String> = normalize(words)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect();
                clauses.iter().any(|clause| mentions(clause, &wanted))
            });
            if let Some(words) = hit
                && !found
                    .iter()
                    .any(|t| t.question == target && t.option == option.id)
            {
                found.push(Typed {
                    question: target.to_owned(),
                    option: option.id.clone(),
                    found_in: text_question.id.clone(),
                    words: words.clone(),
                });
            }
        }
    }
    found
}

/// `answers` with every typed option ticked (and "None of these" unticked).
pub(super) fn with_typed(profile: &ClinicProfile, answers: &Answers, typed: &[Typed]) -> Answers {
    let mut merged = answers.clone();
    for t in typed {
        let Some((_, question)) = profile.question(&t.question) else {
            continue;
        };
        if question.kind != QuestionType::MultipleChoice {
            continue;
        }
        let mut ids = match merged.values.get(&t.question) {
            Some(Answer::Choices(ids)) => ids.clone(),
            _ => Vec::new(),
        };
        ids.retain(|id| question.option(id).is_none_or(|o| !o.exclusive));
        ids.push(t.option.clone());
        merged
            .values
            .insert(t.question.clone(), Answer::Choices(ids));
    }
    merged
}

/// The text's clauses, each a list of normalised words, without those about a
/// relative: split at punctuation and at joining words.
fn clauses(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for sentence in text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')', '/']) {
        let mut clause: Vec<String> = Vec::new();
        for word in normalize(sentence).split(' ').filter(|w| !w.is_empty()) {
            if JOINS.contains(&word) {
                out.push(std::mem::take(&mut clause));
            } else {
                clause.push(word.to_owned());
            }
        }
        out.push(clause);
    }
    out.retain(|c| !c.is_empty() && !c.iter().any(|w| RELATIVES.contains(&w.as_str())));
    out
}

/// Whether `wanted` (normalised words) occurs in `clause`, not denied shortly before.
/// A word may carry a plural or possessive `s` / `es` ("seizures", "Hashimoto's").
fn mentions(clause: &[String], wanted: &[String]) -> bool {
    if wanted.is_empty() || wanted.len() > clause.len() {
        return false;
    }
    (0..=clause.len() - wanted.len()).any(|start| {
        let same = wanted.iter().enumerate().all(|(i, w)| {
            let got = &clause[start + i];
            got == w
                || got
                    .strip_prefix(w.as_str())
                    .is_some_and(|rest| rest == "s" || rest == "es")
        });
        let denied = clause[start.saturating_sub(NEGATION_REACH)..start]
            .iter()
            .any(|w| NEGATIONS.contains(&w.as_str()));
        same && !denied
    })
}

/// A finding that fired only because of conditions typed in free text: `review` at
/// most, and the typed words as its evidence.
pub(super) fn as_typed(mut finding: Finding, typed: &[Typed]) -> Finding {
    finding.severity = finding.severity.min(Severity::Review);
    for trigger in &mut finding.triggers {
        if let Some(t) = typed
            .iter()
            .find(|t| *trigger == format!("{}: {}", t.question, t.option))
        {
            *trigger = t.evidence();
        }
    }
    finding
}
