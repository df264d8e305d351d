//! Evaluating a protocol against the answers.

use std::sync::Arc;

use super::matching::resolve;
use super::skipped::skipped;
use super::typed::{as_typed, typed, with_typed};
use super::{Finding, Protocol, Severity};
use super::{Months, RiskCondition};
use crate::answers::{Allergy, Answer, Answers, Medication};
use crate::date::{CivilDate, PartialDate};
use crate::i18n::Localized;
use crate::profile::{ClinicProfile, Condition, Treatment};
use crate::vocabulary::{Term, TermKind, route_of};

/// Everything a condition is evaluated against, for one treatment.
struct Context<'a> {
    profile: &'a ClinicProfile,
    protocol: &'a Protocol,
    answers: &'a Answers,
    today: CivilDate,
    treatment: &'a Treatment,
    medications: &'a [(&'a Medication, Option<&'static Term>)],
    allergies: &'a [(&'a Allergy, Option<&'static Term>)],
}

impl Context<'_> {
    fn months(&self, months: &Months) -> u32 {
        match months {
            Months::Fixed(n) => *n,
            Months::Param { param } => self.protocol.parameters.get(param).map_or(0, |p| {
                p.by_treatment
                    .get(&self.treatment.id)
                    .or_else(|| p.by_treatment.get(&self.treatment.class))
                    .copied()
                    .unwrap_or(p.default)
            }),
        }
    }

    /// The evidence when `condition` holds, `None` when it does not.
    fn eval(&self, condition: &RiskCondition) -> Option<Vec<String>> {
        match condition {
            RiskCondition::All(cs) => {
                let mut evidence = Vec::new();
                for c in cs {
                    evidence.extend(self.eval(c)?);
                }
                Some(evidence)
            }
            RiskCondition::Any(cs) => cs.iter().find_map(|c| self.eval(c)),
            RiskCondition::Not(c) => self.eval(c).is_none().then(Vec::new),
            RiskCondition::Answer(c) => self
                .answers
                .holds(self.profile, c, self.today)
                .then(|| vec![describe(c)]),
            RiskCondition::Medication {
                class,
                within_months,
                routes,
            } => {
                let window = within_months.as_ref().map(|m| self.months(m));
                let hits: Vec<String> = self
                    .medications
                    .iter()
                    .filter(|(_, term)| term.is_some_and(|t| t.classes.contains(&class.as_str())))
                    .filter(|(m, _)| {
                        routes
                            .as_ref()
                            .is_none_or(|allowed| allowed.contains(&route_of(&m.name)))
                    })
                    .filter_map(|(m, _)| {
                        if m.current {
                            return Some(format!("medications: {} (taking now)", m.name.trim()));
                        }
                        let window = window?;
                        match PartialDate::from_parts(
                            &m.stopped.day,
                            &m.stopped.month,
                            &m.stopped.year,
                        ) {
                            Ok(stopped) if stopped.months_before(self.today) >= window as i32 => {
                                None
                            }
                            Ok(stopped) => Some(format!(
                                "medications: {} (stopped {stopped})",
                                m.name.trim()
                            )),
                            Err(_) => Some(format!(
                                "medications: {} (stop date not given)",
                                m.name.trim()
                            )),
                        }
                    })
                    .collect();
                (!hits.is_empty()).then_some(hits)
            }
            RiskCondition::Allergy {
                class,
                min_severity,
            } => {
                let hits: Vec<String> = self
                    .allergies
                    .iter()
                    .filter(|(_, term)| {
                        class
                            .as_ref()
                            .is_none_or(|c| term.is_some_and(|t| t.classes.contains(&c.as_str())))
                    })
                    .filter(|(a, _)| {
                        min_severity.is_none_or(|min| a.severity.is_some_and(|s| s >= min))
                    })
                    .map(|(a, _)| format!("allergies: {}", a.substance.trim()))
                    .collect();
                (!hits.is_empty()).then_some(hits)
            }
            RiskCondition::DateWithin { question, months } => {
                let Some(Answer::Date(parts)) = self.answers.values.get(question) else {
                    return None;
                };
                let date = PartialDate::from_parts(&parts.day, &parts.month, &parts.year).ok()?;
                (date.months_before(self.today) < self.months(months) as i32)
                    .then(|| vec![format!("{question}: {date}")])
            }
            RiskCondition::DateWithinDays { question, days } => {
                let Some(Answer::Date(parts)) = self.answers.values.get(question) else {
                    return None;
                };
                let date = PartialDate::from_parts(&parts.day, &parts.month, &parts.year).ok()?;
                (date.latest_day().days_until(self.today) < i64::from(*days))
                    .then(|| vec![format!("{question}: {date}")])
            }
            RiskCondition::AgeUnder(years) => {
                let age = self.answers.details.age_on(self.today)?;
                (age < *years as i32).then(|| vec![format!("age: {age}")])
            }
            RiskCondition::Unanswered(question) => {
                let (section, q) = self.profile.question(question)?;
                let asked = self
                    .answers
                    .question_asked(self.profile, section, q, self.today);
                (asked && !self.answers.values.contains_key(question))
                    .then(|| vec![format!("{question}: not answered")])
            }
            RiskCondition::ScoreAtLeast { score, value } => {
                let total = self.answers.score(self.profile, score, self.today)?;
                (total >= *value).then(|| vec![format!("{score} score: {total}")])
            }
        }
    }

    /// The findings of every rule about this treatment that holds.
    // Called twice (answers as given, then with typed conditions): kept out of line,
    // which the widget's bundle budget measured.
    #[inline(never)]
    fn rule_findings(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in self
            .protocol
            .rules
            .iter()
            .filter(|r| r.applies_to(self.treatment))
        {
            let Some(triggers) = self.eval(&rule.when) else {
                continue;
            };
            // A rule about some products: the chosen product if it is one of them,
            // otherwise every offered product it selects, each named.
            let chosen = self.answers.products.get(&self.treatment.id);
            let products: Vec<Option<String>> = match &rule.products_with {
                None => vec![None],
                Some(selector) => self
                    .treatment
                    .products
                    .iter()
                    .filter(|p| chosen.is_none_or(|c| *c == p.id) && selector.selects(p))
                    .map(|p| Some(p.id.clone()))
                    .collect(),
            };
            for product in products {
                findings.push(Finding {
                    rule: rule.id.clone(),
                    severity: rule.severity,
                    treatment: self.treatment.id.clone(),
                    product,
                    triggers: triggers.clone(),
                    patient: rule.patient.clone(),
                    provider: rule.provider.clone(),
                    source: rule.source.clone(),
                });
            }
        }
        findings
    }
}

/// The evidence line for a profile condition that holds.
fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Includes { question, option }
        | Condition::Equals {
            question,
            value: option,
        } => {
            format!("{question}: {option}")
        }
        Condition::Answered(question) => format!("{question}: answered"),
        Condition::Treatment(t) => format!("treatment: {t}"),
        Condition::AgeAtLeast(years) => format!("age at least {years}"),
        Condition::All(_) | Condition::Any(_) | Condition::Not(_) => "answers".to_owned(),
    }
}

/// Medication entries with the term each resolves to.
type ResolvedMedications<'a> = Vec<(&'a Medication, Option<&'static Term>)>;
/// Allergy entries with the term each resolves to.
type ResolvedAllergies<'a> = Vec<(&'a Allergy, Option<&'static Term>)>;

/// Every medication and allergy entry with the term it resolves to.
fn entries(answers: &Answers) -> (ResolvedMedications<'_>, ResolvedAllergies<'_>) {
    let mut medications = Vec::new();
    let mut allergies = Vec::new();
    for answer in answers.values.values() {
        match answer {
            Answer::Medications(list) => medications.extend(
                list.iter()
                    .map(|m| (m, resolve(TermKind::Medication, m.code.as_deref(), &m.name))),
            ),
            Answer::Allergies(list) => allergies.extend(list.iter().map(|a| {
                (
                    a,
                    resolve(TermKind::Allergen, a.code.as_deref(), &a.substance),
                )
            })),
            _ => {}
        }
    }
    (medications, allergies)
}

/// The finding for one unrecognised entry, for no treatment yet: it is routed to the
/// provider for every treatment chosen. The patient reads which entry, in their own
/// words, so two such entries are told apart.
fn unrecognised(kind: &str, text: &str) -> Finding {
    let name = text.trim();
    let (en, es) = (
        format!("Your provider will go over \u{201c}{name}\u{201d} with you."),
        format!("Su profesional revisará con usted \u{ab}{name}\u{bb}."),
    );
    Finding {
        rule: format!("unrecognised.{kind}"),
        severity: Severity::Review,
        treatment: String::new(),
        product: None,
        triggers: vec![format!("{kind}: {}", text.trim())],
        patient: Arc::new(Localized {
            en: Some(en),
            es: Some(es),
        }),
        provider: format!(
            "The {kind} entry \u{201c}{}\u{201d} matched nothing in the vocabulary: review it by hand.",
            text.trim()
        )
        .into(),
        source: "Candor: free text is kept and routed to the provider, never dropped".into(),
    }
}

/// Every finding for the treatments chosen in `answers` under `protocol`, most severe
/// first within each treatment (treatments in the profile's order).
pub fn evaluate(
    profile: &ClinicProfile,
    protocol: &Protocol,
    answers: &Answers,
    today: CivilDate,
) -> Vec<Finding> {
    let (medications, allergies) = entries(answers);
    let typed = typed(profile, answers);
    let merged = (!typed.is_empty()).then(|| with_typed(profile, answers, &typed));
    let unrecognised: Vec<Finding> = medications
        .iter()
        .filter(|(m, term)| term.is_none() && !m.name.trim().is_empty())
        .map(|(m, _)| unrecognised("medication", &m.name))
        .chain(
            allergies
                .iter()
                .filter(|(a, term)| term.is_none() && !a.substance.trim().is_empty())
                .map(|(a, _)| unrecognised("allergy", &a.substance)),
        )
        .collect();
    let mut findings = Vec::new();
    // Treatments in the profile's order, so each treatment's findings only need
    // sorting among themselves.
    for treatment in profile
        .treatments
        .iter()
        .filter(|t| answers.treatments.contains(&t.id))
    {
        let first = findings.len();
        let ctx = Context {
            profile,
            protocol,
            answers,
            today,
            treatment,
            medications: &medications,
            allergies: &allergies,
        };
        findings.extend(ctx.rule_findings());
        if let Some(merged) = &merged {
            let known: Vec<String> = findings[first..].iter().map(Finding::label).collect();
            let ctx = Context {
                answers: merged,
                ..ctx
            };
            let only_typed: Vec<Finding> = ctx
                .rule_findings()
                .into_iter()
                .filter(|f| !known.contains(&f.label()))
                .map(|f| as_typed(f, &typed))
                .collect();
            findings.extend(only_typed);
        }
        let skipped = skipped(
            profile,
            protocol,
            answers,
            today,
            treatment,
            &findings[first..],
        );
        findings.extend(skipped);
        findings.extend(unrecognised.iter().map(|f| Finding {
            treatment: treatment.id.clone(),
            ..f.clone()
        }));
        findings[first..].sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
    }
    findings
}
