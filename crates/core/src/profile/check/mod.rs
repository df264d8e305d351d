//! Profile validation: every problem, with its JSON path and a plain message.

mod check_ins;
mod consents;
mod delivery;
mod free_text;
mod kiosk;
mod vocabulary;

use std::collections::{HashMap, HashSet};

use super::{
    ClinicProfile, Condition, ProfileError, Question, QuestionType, SCHEMA_VERSION,
    TREATMENT_CLASSES, hint,
};
use crate::i18n::Localized;

/// Collects problems as it walks the profile.
struct Checker<'p> {
    profile: &'p ClinicProfile,
    problems: Vec<ProfileError>,
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(ProfileError {
            path: path.into(),
            message: message.into(),
        });
    }

    fn not_blank(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(path, "must not be empty");
        }
    }

    fn text(&mut self, path: &str, text: &Localized) {
        for lang in text.missing(&self.profile.languages) {
            self.error(
                format!("{path}.{}", lang.code()),
                format!("missing the {} translation", lang.endonym()),
            );
        }
    }

    fn unique<'a>(&mut self, path: &str, ids: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for (i, id) in ids.into_iter().enumerate() {
            if id.trim().is_empty() {
                self.error(format!("{path}[{i}].id"), "must not be empty");
            } else if !seen.insert(id) {
                self.error(format!("{path}[{i}].id"), format!("duplicate id `{id}`"));
            }
        }
    }
}

/// Every problem with `profile`; empty when it is fit to use.
pub(super) fn problems(profile: &ClinicProfile) -> Vec<ProfileError> {
    let mut c = Checker {
        profile,
        problems: Vec::new(),
    };
    if profile.schema_version != SCHEMA_VERSION {
        c.error(
            "$.schema_version",
            format!(
                "this widget reads schema version {SCHEMA_VERSION}, the profile has {}",
                profile.schema_version
            ),
        );
    }
    c.not_blank("$.id", &profile.id);
    c.not_blank("$.version", &profile.version);
    c.not_blank("$.name", &profile.name);
    c.not_blank("$.front_desk_phone", &profile.front_desk_phone);
    if !profile.questionnaire_url.starts_with("https://")
        && !profile.questionnaire_url.starts_with("http://")
    {
        c.error("$.questionnaire_url", "must be an absolute http(s) URL");
    }
    check_languages(&mut c);
    check_treatments(&mut c);
    delivery::check_delivery(&mut c);
    kiosk::check_kiosk(&mut c);
    check_ins::check_check_ins(&mut c);
    consents::check_consents(&mut c);
    check_sections(&mut c);
    vocabulary::check_vocabulary(&mut c);
    if let Some(protocol) = &profile.protocol {
        for issue in super::protocol::lint(profile, protocol)
            .into_iter()
            .filter(|i| i.error)
        {
            c.error(issue.path, issue.message);
        }
    }
    c.problems
}

fn check_languages(c: &mut Checker) {
    if c.profile.languages.is_empty() {
        c.error("$.languages", "list at least one language");
    }
    let mut seen = HashSet::new();
    for (i, lang) in c.profile.languages.iter().enumerate() {
        if !seen.insert(lang) {
            c.error(
                format!("$.languages[{i}]"),
                format!("duplicate language `{}`", lang.code()),
            );
        }
    }
}

fn check_treatments(c: &mut Checker) {
    let profile = c.profile;
    if profile.treatments.is_empty() {
        c.error("$.treatments", "list at least one treatment");
    }
    c.unique(
        "$.treatments",
        profile.treatments.iter().map(|t| t.id.as_str()),
    );
    let asked: HashSet<&str> = profile
        .sections
        .iter()
        .flat_map(|s| {
            s.when
                .iter()
                .chain(s.questions.iter().filter_map(|q| q.when.as_ref()))
        })
        .flat_map(Condition::treatments)
        .collect();
    for (i, t) in profile.treatments.iter().enumerate() {
        let path = format!("$.treatments[{i}]");
        c.not_blank(&format!("{path}.class"), &t.class);
        c.text(&format!("{path}.name"), &t.name);
        c.text(&format!("{path}.summary"), &t.summary);
        c.unique(
            &format!("{path}.products"),
            t.products.iter().map(|p| p.id.as_str()),
        );
        for (j, product) in t.products.iter().enumerate() {
            let name = format!("{path}.products[{j}].name");
            match &product.name {
                super::ProductName::Brand(brand) => c.not_blank(&name, brand),
                super::ProductName::Localized(text) => c.text(&name, text),
            }
            for (k, tag) in product.label.iter().enumerate() {
                if let Some(why) = super::label_problem(tag) {
                    c.error(format!("{path}.products[{j}].label[{k}]"), why);
                }
            }
        }
        for (j, credential) in t.performed_by.iter().enumerate() {
            if !super::CREDENTIALS.iter().any(|(id, _)| id == credential) {
                c.error(
                    format!("{path}.performed_by[{j}]"),
                    "not a credential: physician, physician_assistant, nurse_practitioner, \
                     registered_nurse, licensed_practical_nurse, licensed_esthetician or \
                     massage_therapist",
                );
            }
        }
        // A treatment needs something that concerns it: a question of its own, or a
        // rule of the protocol (which reads the shared health questions).
        let covered = profile.protocol.as_ref().is_some_and(|p| p.covers(t));
        if !asked.contains(t.id.as_str()) && !asked.contains(t.class.as_str()) && !covered {
            c.error(
                path,
                format!(
                    "nothing concerns treatment `{}`: no protocol rule names it or its class, and no \
                     section or question is asked when it is chosen (add a rule, or a `when` of \
                     {{\"treatment\": \"{}\"}})",
                    t.id, t.id
                ),
            );
        }
    }
}

fn check_sections(c: &mut Checker) {
    let profile = c.profile;
    c.unique("$.sections", profile.sections.iter().map(|s| s.id.as_str()));
    let mut seen_questions: HashMap<&str, String> = HashMap::new();
    for (si, section) in profile.sections.iter().enumerate() {
        let path = format!("$.sections[{si}]");
        c.text(&format!("{path}.title"), &section.title);
        if let Some(intro) = &section.intro {
            c.text(&format!("{path}.intro"), intro);
        }
        if let Some(when) = &section.when {
            check_condition(c, &format!("{path}.when"), when);
        }
        if section.questions.is_empty() {
            c.error(
                format!("{path}.questions"),
                "a section needs at least one question",
            );
        }
        for (qi, question) in section.questions.iter().enumerate() {
            let qpath = format!("{path}.questions[{qi}]");
            if question.id.trim().is_empty() {
                c.error(format!("{qpath}.id"), "must not be empty");
            } else if let Some(first) = seen_questions.get(question.id.as_str()) {
                c.error(
                    format!("{qpath}.id"),
                    format!("duplicate question id `{}` (first at {first})", question.id),
                );
            } else {
                seen_questions.insert(&question.id, qpath.clone());
            }
            check_question(c, &qpath, question);
        }
    }
}

fn check_question(c: &mut Checker, path: &str, q: &Question) {
    c.text(&format!("{path}.text"), &q.text);
    if let Some(help) = &q.help {
        c.text(&format!("{path}.help"), help);
    }
    if let Some(when) = &q.when {
        check_condition(c, &format!("{path}.when"), when);
    }
    let choice = matches!(
        q.kind,
        QuestionType::SingleChoice | QuestionType::MultipleChoice
    );
    if choice && q.options.len() < 2 {
        c.error(
            format!("{path}.options"),
            "a choice question needs at least two options",
        );
    }
    if !choice && !q.options.is_empty() {
        c.error(
            format!("{path}.options"),
            "only single_choice and multiple_choice questions have options",
        );
    }
    c.unique(
        &format!("{path}.options"),
        q.options.iter().map(|o| o.id.as_str()),
    );
    for (oi, option) in q.options.iter().enumerate() {
        c.text(&format!("{path}.options[{oi}].text"), &option.text);
        // Checked where a version is approved (the receiver, the protocol tool), not
        // again in the widget, whose bundle budget would pay for the messages; the
        // engine skips a reference that does not hold.
        if !cfg!(target_arch = "wasm32") {
            free_text::check_typed_as(c, &format!("{path}.options[{oi}]"), q, option);
        }
        if q.score.is_some() && option.score.is_none() {
            c.error(
                format!("{path}.options[{oi}].score"),
                "every option of a scored question needs a score",
            );
        }
    }
    match q.kind {
        QuestionType::Scale => match (q.min, q.max) {
            (Some(min), Some(max))
                if min < max && max - min <= 10.0 && min.fract() == 0.0 && max.fract() == 0.0 => {}
            _ => c.error(
                path,
                "a scale needs whole-number `min` and `max`, at most 10 apart",
            ),
        },
        QuestionType::Number => {
            if let (Some(min), Some(max)) = (q.min, q.max)
                && min > max
            {
                c.error(format!("{path}.min"), "`min` is larger than `max`");
            }
        }
        QuestionType::BodyAreas => {
            if q.marks.is_empty() {
                c.error(
                    format!("{path}.marks"),
                    "a body-areas question needs at least one mark, such as avoid",
                );
            }
            c.unique(
                &format!("{path}.marks"),
                q.marks.iter().map(|m| m.id.as_str()),
            );
            for (mi, mark) in q.marks.iter().enumerate() {
                c.text(&format!("{path}.marks[{mi}].text"), &mark.text);
            }
        }
        _ => {}
    }
    if let Some(target) = &q.matched_against
        && !cfg!(target_arch = "wasm32")
    {
        // As for `typed_as` above: checked where versions are approved.
        free_text::check_matched_against(c, path, q, target);
    }
    if let Some(unit) = &q.unit {
        c.text(&format!("{path}.unit"), unit);
    }
    if let Some(labels) = &q.scale_labels {
        c.text(&format!("{path}.scale_labels.min"), &labels.min);
        c.text(&format!("{path}.scale_labels.max"), &labels.max);
    }
}

fn check_condition(c: &mut Checker, path: &str, condition: &Condition) {
    let profile = c.profile;
    match condition {
        Condition::All(cs) | Condition::Any(cs) => {
            if cs.is_empty() {
                c.error(path, "`all` and `any` need at least one condition");
            }
            let key = if matches!(condition, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            for (i, inner) in cs.iter().enumerate() {
                check_condition(c, &format!("{path}.{key}[{i}]"), inner);
            }
        }
        Condition::Not(inner) => check_condition(c, &format!("{path}.not"), inner),
        Condition::Equals { question, value } => match profile.question(question) {
            None => c.error(
                format!("{path}.equals.question"),
                format!("unknown question `{question}`"),
            ),
            Some((_, q)) => {
                let valid = match q.kind {
                    QuestionType::YesNo => value == "yes" || value == "no",
                    QuestionType::SingleChoice => q.option(value).is_some(),
                    _ => {
                        c.error(format!("{path}.equals"), format!("`equals` needs a yes/no or single-choice question; `{question}` is not"));
                        true
                    }
                };
                if !valid {
                    c.error(
                        format!("{path}.equals.value"),
                        format!("question `{question}` has no answer `{value}`"),
                    );
                }
            }
        },
        Condition::Includes { question, option } => match profile.question(question) {
            None => c.error(
                format!("{path}.includes.question"),
                format!("unknown question `{question}`"),
            ),
            Some((_, q)) if q.kind != QuestionType::MultipleChoice => c.error(
                format!("{path}.includes"),
                format!("`includes` needs a multiple-choice question; `{question}` is not"),
            ),
            Some((_, q)) if q.option(option).is_none() => c.error(
                format!("{path}.includes.option"),
                format!("question `{question}` has no option `{option}`"),
            ),
            Some(_) => {}
        },
        Condition::Answered(question) => {
            if profile.question(question).is_none() {
                c.error(
                    format!("{path}.answered"),
                    format!("unknown question `{question}`"),
                );
            }
        }
        // A treatment class the clinic does not offer (one the demo's menu had) is not
        // an error: the section or question is never asked, which the protocol tool's
        // lint says. Any other name is a typo that would hide a question.
        Condition::Treatment(t) => {
            let offered = profile
                .treatments
                .iter()
                .any(|x| &x.id == t || &x.class == t);
            if !offered && !TREATMENT_CLASSES.iter().any(|(class, _)| class == t) {
                let near = hint(
                    t,
                    profile
                        .treatments
                        .iter()
                        .flat_map(|x| [x.id.as_str(), x.class.as_str()])
                        .chain(TREATMENT_CLASSES.iter().map(|(class, _)| *class)),
                );
                c.error(
                    format!("{path}.treatment"),
                    format!("no treatment has the id or class `{t}`{near}"),
                );
            }
        }
        Condition::AgeAtLeast(_) => {}
    }
}
