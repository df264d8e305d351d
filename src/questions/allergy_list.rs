//! A list of allergies: substance (with suggestions), what happened, how bad.

use candor_core::vocabulary::TermKind;
use candor_core::{Allergy, Answer, Question, ReactionSeverity};
use leptos::prelude::*;

use super::list_answer::{Entry, ListAnswer};
use super::medication_list::{list_question, remove_button};
use crate::components::{
    ChoiceSpec, OptionSpec, TextBoxSpec, choice_group, field_messages, text_box,
};
use crate::html::{El, el};
use crate::state::{IssueKey, Visit, entry_id, question_id};

fn severity_code(s: ReactionSeverity) -> &'static str {
    match s {
        ReactionSeverity::Mild => "mild",
        ReactionSeverity::Moderate => "moderate",
        ReactionSeverity::Severe => "severe",
        ReactionSeverity::Anaphylaxis => "anaphylaxis",
    }
}

/// Every allergy the patient adds, one block each, with Add and Remove.
pub fn allergy_list(q: Question) -> El {
    let visit = Visit::expect();
    let answer = ListAnswer::new(
        visit,
        &q,
        |a| match a {
            Answer::Allergies(list) => Some(list),
            _ => None,
        },
        Answer::Allergies,
    );
    let list = answer.list;
    let qid = StoredValue::new(q.id.clone());
    let update = move |i: usize, f: &dyn Fn(&mut Allergy)| answer.update(i, f);
    let add = move || answer.add(Allergy::default());
    let remove = move |i: usize| answer.remove(i);
    let entry = move |i: usize| {
        let qid = qid.get_value();
        let entry = answer.entry(i);
        let item = move || list.with(|l| l.get(i).cloned().unwrap_or_default());
        let substance = answer.name_box(
            &entry,
            i,
            |t| t.allergy_substance,
            TermKind::Allergen,
            |a| &a.substance,
            |a, substance, code| {
                a.substance = substance;
                a.code = code;
            },
        );
        let Entry {
            key,
            name_id,
            invalid,
            ..
        } = entry;
        let reaction = text_box(TextBoxSpec::new(
            entry_id(&qid, i, "reaction"),
            visit.t_with(|t| t.allergy_reaction.to_owned()),
            IssueKey::Question(String::new(), Some(usize::MAX)),
            Signal::derive(move || item().reaction),
            Callback::new(move |text: String| update(i, &|a| a.reaction = text.clone())),
        ));
        let severities: Vec<OptionSpec> = ReactionSeverity::ALL
            .into_iter()
            .map(|severity| {
                OptionSpec::new(
                    severity_code(severity),
                    visit.t_with(move |t| (t.severity)(severity).to_owned()),
                )
            })
            .collect();
        let mut severity = ChoiceSpec::new(
            entry_id(&qid, i, "severity"),
            visit.t_with(|t| t.allergy_severity.to_owned()),
            severities,
            Signal::derive(move || {
                item()
                    .severity
                    .map(|s| severity_code(s).to_owned())
                    .into_iter()
                    .collect()
            }),
            Callback::new(move |(value, _): (String, bool)| {
                let severity = ReactionSeverity::ALL
                    .into_iter()
                    .find(|s| severity_code(*s) == value);
                update(i, &|a| a.severity = severity);
            }),
        );
        severity.nested = true;
        let heading = move || (visit.text().allergy_heading)(i + 1);
        let fields = el("fieldset")
            .class("entry-fields")
            .class_when("field--invalid", move || invalid.get())
            .child(el("legend").class("entry-heading").text_with(heading));
        let fields = field_messages(fields, &name_id, key, Signal::stored(None))
            .child(substance)
            .child(reaction)
            .child(choice_group(severity))
            .child(remove_button(
                visit,
                heading,
                move || remove(i),
                question_id(&qid),
            ));
        el("li").class("entry").child(fields)
    };
    list_question(
        visit,
        &q,
        Signal::derive(move || list.with(Vec::len)),
        entry,
        add,
        |t| t.add_allergy,
    )
}
