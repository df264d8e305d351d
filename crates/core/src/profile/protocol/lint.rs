//! Checks a protocol against the profile it runs in: references that do not
//! resolve, rules that can never fire, duplicates and missing wording.

use std::collections::HashSet;

use super::condition::{Months, RiskCondition};
use super::{ProductSelector, Protocol, Severity};
use crate::profile::{
    ClinicProfile, Condition, DEVICE_ENERGIES, QuestionType, TREATMENT_CLASSES, hint, label_problem,
};
use crate::vocabulary::{TermKind, ingredient_names, is_known_ingredient, terms};

/// A lint finding. Errors make the profile unusable; warnings are for the clinic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintIssue {
    /// JSON path in the profile, such as `$.protocol.rules[3].when.medication.class`.
    pub path: String,
    /// Whether the profile must not be used as it is.
    pub error: bool,
    /// What is wrong, for the clinic and its medical director.
    pub message: String,
}

struct Linter<'a> {
    profile: &'a ClinicProfile,
    protocol: &'a Protocol,
    issues: Vec<LintIssue>,
}

impl Linter<'_> {
    fn error(&mut self, path: String, message: String) {
        self.issues.push(LintIssue {
            path,
            error: true,
            message,
        });
    }

    fn warning(&mut self, path: String, message: String) {
        self.issues.push(LintIssue {
            path,
            error: false,
            message,
        });
    }

    fn question(&mut self, path: String, id: &str) -> Option<QuestionType> {
        let found = self.profile.question(id).map(|(_, q)| q.kind);
        if found.is_none() {
            let message = self.unknown_question(id);
            self.error(path, message);
        }
        found
    }

    /// "unknown question `id`", with the question meant when one is near.
    fn unknown_question(&self, id: &str) -> String {
        let ids = self.profile.questions().map(|q| q.id.as_str());
        format!("unknown question `{id}`{}", hint(id, ids))
    }

    fn class(&mut self, path: String, kind: TermKind, class: &str) {
        // Checked where the vocabulary is built in (the receiver, the protocol tool):
        // the widget reads the profile before its vocabulary arrives, and a profile
        // reaches patients only after those checks, with the vocabulary's digest.
        if vocabulary_absent() {
            return;
        }
        if !terms(kind).iter().any(|t| t.classes.contains(&class)) {
            let list = if kind == TermKind::Medication {
                "medication"
            } else {
                "allergy"
            };
            let classes = terms(kind).iter().flat_map(|t| t.classes.iter().copied());
            let near = hint(class, classes);
            self.error(path, format!("no {list} in the vocabulary has the class `{class}`{near}, so the rule can never fire"));
        }
    }

    fn months(&mut self, path: String, months: &Months) {
        if let Months::Param { param } = months
            && !self.protocol.parameters.contains_key(param)
        {
            self.error(path, format!("unknown parameter `{param}`"));
        }
    }

    /// Walks a condition; returns whether it can ever hold.
    fn condition(&mut self, path: &str, c: &RiskCondition) -> bool {
        match c {
            RiskCondition::All(cs) => cs.iter().enumerate().fold(true, |ok, (i, c)| {
                self.condition(&format!("{path}.all[{i}]"), c) && ok
            }),
            RiskCondition::Any(cs) => {
                let any = cs.iter().enumerate().fold(false, |ok, (i, c)| {
                    self.condition(&format!("{path}.any[{i}]"), c) || ok
                });
                any && !cs.is_empty()
            }
            RiskCondition::Not(c) => {
                self.condition(&format!("{path}.not"), c);
                true
            }
            RiskCondition::Answer(c) => self.answer(&format!("{path}.answer"), c),
            RiskCondition::Medication {
                class,
                within_months,
                routes,
            } => {
                if routes.as_ref().is_some_and(Vec::is_empty) {
                    self.error(
                        format!("{path}.medication.routes"),
                        "an empty list of routes means the rule never fires".into(),
                    );
                }
                self.class(
                    format!("{path}.medication.class"),
                    TermKind::Medication,
                    class,
                );
                if let Some(m) = within_months {
                    self.months(format!("{path}.medication.within_months"), m);
                }
                true
            }
            RiskCondition::Allergy { class, .. } => {
                if let Some(class) = class {
                    self.class(format!("{path}.allergy.class"), TermKind::Allergen, class);
                }
                true
            }
            RiskCondition::DateWithin { question, months } => {
                let kind = self.question(format!("{path}.date_within.question"), question);
                if kind.is_some_and(|k| k != QuestionType::Date) {
                    self.error(
                        format!("{path}.date_within.question"),
                        format!("`{question}` is not a date question"),
                    );
                }
                self.months(format!("{path}.date_within.months"), months);
                true
            }
            RiskCondition::DateWithinDays { question, .. } => {
                let here = format!("{path}.date_within_days.question");
                let kind = self.question(here.clone(), question);
                if kind.is_some_and(|k| k != QuestionType::Date) {
                    self.error(here, format!("`{question}` is not a date question"));
                }
                kind.is_some()
            }
            RiskCondition::Unanswered(question) => self
                .question(format!("{path}.unanswered"), question)
                .is_some(),
            RiskCondition::AgeUnder(_) => true,
            RiskCondition::ScoreAtLeast { score, .. } => {
                let used = self
                    .profile
                    .questions()
                    .any(|q| q.score.as_deref() == Some(score));
                if !used {
                    self.error(
                        format!("{path}.score_at_least.score"),
                        format!("no question adds to the score `{score}`"),
                    );
                }
                used
            }
        }
    }

    fn answer(&mut self, path: &str, c: &Condition) -> bool {
        match c {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().enumerate().fold(true, |ok, (i, c)| {
                    self.answer(&format!("{path}[{i}]"), c) && ok
                })
            }
            Condition::Not(c) => self.answer(path, c),
            Condition::Equals { question, value } => match self.profile.question(question) {
                None => {
                    let message = self.unknown_question(question);
                    self.error(format!("{path}.equals.question"), message);
                    false
                }
                Some((_, q)) if q.kind == QuestionType::YesNo => value == "yes" || value == "no",
                Some((_, q)) if q.option(value).is_none() => {
                    let near = hint(value, q.options.iter().map(|o| o.id.as_str()));
                    self.error(format!("{path}.equals.value"), format!("question `{question}` has no answer `{value}`{near}, so the rule can never fire"));
                    false
                }
                Some(_) => true,
            },
            Condition::Includes { question, option } => match self.profile.question(question) {
                None => {
                    let message = self.unknown_question(question);
                    self.error(format!("{path}.includes.question"), message);
                    false
                }
                Some((_, q)) if q.option(option).is_none() => {
                    let near = hint(option, q.options.iter().map(|o| o.id.as_str()));
                    self.error(format!("{path}.includes.option"), format!("question `{question}` has no option `{option}`{near}, so the rule can never fire"));
                    false
                }
                Some(_) => true,
            },
            Condition::Answered(question) => self
                .question(format!("{path}.answered"), question)
                .is_some(),
            Condition::Treatment(_) | Condition::AgeAtLeast(_) => true,
        }
    }
}

/// What the profile declares of its products: ingredients the vocabulary knows, device
/// energies, and a composition for every product, so that rules can test it.
fn products(l: &mut Linter<'_>) {
    for (t, treatment) in l.profile.treatments.iter().enumerate() {
        for (i, product) in treatment.products.iter().enumerate() {
            let path = format!("$.treatments[{t}].products[{i}]");
            for (j, ingredient) in product.contains.iter().flatten().enumerate() {
                if !vocabulary_absent() && !is_known_ingredient(ingredient) {
                    l.error(
                        format!("{path}.contains[{j}]"),
                        format!(
                            "`{ingredient}` is no ingredient or class of the allergy vocabulary{}",
                            hint(ingredient, ingredient_names())
                        ),
                    );
                }
            }
            if let Some(device) = &product.device
                && !DEVICE_ENERGIES.contains(&device.energy.as_str())
            {
                l.error(
                    format!("{path}.device.energy"),
                    format!(
                        "must be one of {}{}",
                        DEVICE_ENERGIES.join(", "),
                        hint(&device.energy, DEVICE_ENERGIES.iter().copied())
                    ),
                );
            }
            if product.contains.is_none() && product.device.is_none() {
                l.warning(
                    format!("{path}.contains"),
                    format!(
                        "`{}` declares no composition, so no rule about ingredients (albumin, milk protein, lidocaine, …) can check it; write `\"contains\": []` if it has none of them",
                        product.name.get(crate::Lang::En)
                    ),
                );
            }
        }
    }
}

/// Treatments that no rule concerns: usually a class misspelt or not one the protocol
/// knows.
fn uncovered_treatments(l: &mut Linter<'_>) {
    for (i, t) in l.profile.treatments.iter().enumerate() {
        if !l.protocol.covers(t) {
            let known: Vec<&str> = TREATMENT_CLASSES.iter().map(|(c, _)| *c).collect();
            l.warning(
                format!("$.treatments[{i}].class"),
                format!(
                    "no rule concerns `{}` (class `{}`), so its risks are not checked; the default protocol's classes are {}",
                    t.id,
                    t.class,
                    known.join(", ")
                ),
            );
        }
    }
}

/// Rules that read an optional question no `unanswered` rule covers: when the patient
/// skips it, the engine's `skipped.<question>` finding is all the provider hears.
fn skippable_questions(l: &mut Linter<'_>) {
    let mut covered = Vec::new();
    for rule in &l.protocol.rules {
        rule.when.unanswered_questions(&mut covered);
    }
    for (i, rule) in l.protocol.rules.iter().enumerate() {
        let mut read = Vec::new();
        rule.when.questions_relied_on(l.profile, &mut read);
        read.sort_unstable();
        read.dedup();
        for question in read {
            let optional = l
                .profile
                .question(question)
                .is_some_and(|(_, q)| !q.required);
            if optional && !covered.contains(&question) {
                l.issues.push(LintIssue {
                    path: format!("$.protocol.rules[{i}].when"),
                    error: false,
                    message: format!(
                        "`{}` reads the optional question `{question}`: a patient who skips it reaches the provider only as `skipped.{question}`, in Candor's words; make it required, or add a rule `{{\"unanswered\": \"{question}\"}}` with words of your own",
                        rule.id
                    ),
                });
            }
        }
    }
}

/// Whether no vocabulary is in use yet (the widget before `vocabulary.json` arrives):
/// checks against it are then left to the tools that approve the profile.
fn vocabulary_absent() -> bool {
    !crate::vocabulary::data::is_loaded()
}

/// Every problem with `protocol` in `profile`, in rule order.
pub fn lint(profile: &ClinicProfile, protocol: &Protocol) -> Vec<LintIssue> {
    let mut l = Linter {
        profile,
        protocol,
        issues: Vec::new(),
    };
    if protocol.approval.is_some() {
        l.warning(
            "$.protocol.approval".into(),
            "an approval written in the profile is a claim anyone can type, and the widget ignores it: the medical director approves this version in the console, with a passkey".into(),
        );
    }
    products(&mut l);
    // Warnings only, for the author's tools: the widget reads a profile's errors, so
    // its download carries neither check.
    if !cfg!(target_arch = "wasm32") {
        uncovered_treatments(&mut l);
        skippable_questions(&mut l);
        l.issues.extend(super::reach::never_asked(profile));
        l.issues
            .extend(super::check_ins::unasked_red_flags(profile));
    }
    let mut ids = HashSet::new();
    let mut shapes: Vec<(usize, String)> = Vec::new();
    for (i, rule) in protocol.rules.iter().enumerate() {
        let path = format!("$.protocol.rules[{i}]");
        if !ids.insert(rule.id.as_str()) {
            l.error(
                format!("{path}.id"),
                format!("duplicate rule id `{}`", rule.id),
            );
        }
        let shape = format!(
            "{:?}|{:?}|{:?}|{}",
            rule.treatments,
            rule.products_with,
            rule.when,
            rule.severity.as_str()
        );
        if let Some((first, _)) = shapes.iter().find(|(_, s)| *s == shape) {
            l.warning(
                path.clone(),
                format!(
                    "duplicates rule `{}` (same treatments, condition and severity)",
                    protocol.rules[*first].id
                ),
            );
        }
        shapes.push((i, shape));
        let offered: Vec<&str> = rule
            .treatments
            .iter()
            .filter(|t| {
                profile
                    .treatments
                    .iter()
                    .any(|x| &x.id == *t || &x.class == *t)
            })
            .map(String::as_str)
            .collect();
        if offered.is_empty() {
            l.warning(
                format!("{path}.treatments"),
                format!(
                    "`{}` applies to no treatment this clinic offers, so it can never fire here",
                    rule.id
                ),
            );
        }
        // A selector that picks none of this clinic's products is fine (a protocol
        // shared between clinics keeps rules for products one of them may add).
        match &rule.products_with {
            Some(ProductSelector::Contains(class))
                if !vocabulary_absent() && !is_known_ingredient(class) =>
            {
                l.error(
                    format!("{path}.products_with.contains"),
                    format!(
                        "`{class}` is no ingredient or class of the allergy vocabulary{}",
                        hint(class, ingredient_names())
                    ),
                )
            }
            // A misspelt tag selects nothing: the rule would silently never fire.
            Some(ProductSelector::Label(tag)) => {
                if let Some(why) = label_problem(tag) {
                    l.error(format!("{path}.products_with.label"), why);
                }
            }
            Some(ProductSelector::Energy(energy))
                if !DEVICE_ENERGIES.contains(&energy.as_str()) =>
            {
                l.error(
                    format!("{path}.products_with.energy"),
                    format!(
                        "`{energy}` is no device energy{}: {}",
                        hint(energy, DEVICE_ENERGIES.iter().copied()),
                        DEVICE_ENERGIES.join(", ")
                    ),
                );
            }
            _ => {}
        }
        if !l.condition(&format!("{path}.when"), &rule.when) {
            l.warning(
                format!("{path}.when"),
                format!("`{}` can never fire", rule.id),
            );
        }
        for lang in rule.patient.missing(&profile.languages) {
            l.error(
                format!("{path}.patient.{}", lang.code()),
                format!("missing the {} translation", lang.endonym()),
            );
        }
        if rule.provider.trim().is_empty() || rule.source.trim().is_empty() {
            l.error(
                path.clone(),
                "every rule needs a provider message and a source".into(),
            );
        }
        if rule.severity == Severity::Stop
            && rule
                .patient
                .get(crate::i18n::Lang::En)
                .to_lowercase()
                .contains("stop taking")
        {
            l.error(
                format!("{path}.patient"),
                "patient wording must never tell anyone to stop a prescribed medicine".into(),
            );
        }
    }
    l.issues
}
