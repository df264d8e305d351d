//! Sections and questions a patient can never be asked in this profile: a condition
//! that names only treatments the clinic does not offer (left over from the demo's
//! menu), reads a question that is itself never asked, or asks one answer to be two
//! things at once. And a condition that reads a question from a later section, which
//! is decided before that question has an answer. Warnings for the author's tools.

use std::collections::HashMap;

use super::LintIssue;
use crate::profile::{ClinicProfile, Condition};

/// Every section and question that can never be asked, and every condition that reads
/// a later section's question, in the profile's order.
pub(super) fn never_asked(profile: &ClinicProfile) -> Vec<LintIssue> {
    let section_of: HashMap<&str, usize> = profile
        .sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.questions.iter().map(move |q| (q.id.as_str(), i)))
        .collect();
    let mut never: Vec<&str> = Vec::new();
    let mut issues = Vec::new();
    for (si, section) in profile.sections.iter().enumerate() {
        let path = format!("$.sections[{si}]");
        let section_never = section
            .when
            .as_ref()
            .and_then(|c| why_never(profile, &never, c));
        if let Some(why) = &section_never {
            issues.push(warning(
                format!("{path}.when"),
                format!(
                    "section `{}` can never be asked here: {why}; remove it, or keep it for a menu that may return",
                    section.id
                ),
            ));
        }
        for (qi, question) in section.questions.iter().enumerate() {
            let qpath = format!("{path}.questions[{qi}].when");
            let Some(when) = &question.when else {
                if section_never.is_some() {
                    never.push(&question.id);
                }
                continue;
            };
            for read in when.questions() {
                if section_of.get(read).is_some_and(|&at| at > si) {
                    issues.push(warning(
                        qpath.clone(),
                        format!(
                            "`{}` reads `{read}`, which a later section asks, so it is decided before `{read}` has an answer",
                            question.id
                        ),
                    ));
                }
            }
            match why_never(profile, &never, when) {
                Some(why) => {
                    if section_never.is_none() {
                        issues.push(warning(
                            qpath,
                            format!("question `{}` can never be asked here: {why}", question.id),
                        ));
                    }
                    never.push(&question.id);
                }
                None if section_never.is_some() => never.push(&question.id),
                None => {}
            }
        }
    }
    issues
}

fn warning(path: String, message: String) -> LintIssue {
    LintIssue {
        path,
        error: false,
        message,
    }
}

/// Why `condition` can never hold in `profile`, given the questions already known never
/// to be asked; `None` when it may (a `not` is given the benefit of the doubt).
fn why_never(profile: &ClinicProfile, never: &[&str], condition: &Condition) -> Option<String> {
    match condition {
        Condition::Treatment(t) => (!profile
            .treatments
            .iter()
            .any(|x| &x.id == t || &x.class == t))
        .then(|| format!("no treatment offered here has the id or class `{t}`")),
        Condition::Equals { question, .. }
        | Condition::Includes { question, .. }
        | Condition::Answered(question) => never
            .contains(&question.as_str())
            .then(|| format!("it reads `{question}`, which is never asked")),
        Condition::Any(cs) => {
            let reasons: Vec<String> = cs
                .iter()
                .map_while(|c| why_never(profile, never, c))
                .collect();
            (!cs.is_empty() && reasons.len() == cs.len()).then(|| reasons.join("; "))
        }
        Condition::All(cs) => cs
            .iter()
            .find_map(|c| why_never(profile, never, c))
            .or_else(|| contradiction(profile, cs)),
        Condition::Not(_) | Condition::AgeAtLeast(_) => None,
    }
}

/// Two members of an `all` that cannot both hold: one answer equal to two values, or a
/// multiple-choice answer including an exclusive option ("None of these") and another.
fn contradiction(profile: &ClinicProfile, all: &[Condition]) -> Option<String> {
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            match (a, b) {
                (
                    Condition::Equals { question, value },
                    Condition::Equals {
                        question: other,
                        value: second,
                    },
                ) if question == other && value != second => {
                    return Some(format!(
                        "it needs `{question}` to be both `{value}` and `{second}`"
                    ));
                }
                (
                    Condition::Includes { question, option },
                    Condition::Includes {
                        question: other,
                        option: second,
                    },
                ) if question == other && option != second => {
                    let exclusive = |id: &str| {
                        profile
                            .question(question)
                            .and_then(|(_, q)| q.option(id))
                            .is_some_and(|o| o.exclusive)
                    };
                    if exclusive(option) || exclusive(second) {
                        return Some(format!(
                            "it needs `{question}` to include both `{option}` and `{second}`, and one of them clears the other"
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    None
}
