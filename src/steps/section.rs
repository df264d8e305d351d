//! A step of profile questions.

use candor_core::fitzpatrick::{SCORE_ID, SkinType};
use leptos::prelude::*;

use super::step_form;
use candor_core::Step;

use crate::components::{draft_offer, error_summary, step_heading, step_nav};
use crate::html::{El, el};
use crate::questions::question_view;
use crate::state::Visit;

/// Section `index` of the profile: its intro and its questions, each shown only
/// while it is asked. A section with Fitzpatrick items shows the computed skin type.
pub fn section_step(index: usize) -> El {
    let visit = Visit::expect();
    let section = visit.with_profile(|p| p.sections[index].clone());
    let title = section.title.clone();
    let mut form = error_summary(step_form())
        .child(step_heading(move || title.get(visit.lang.get()).to_owned()));
    if let Some(intro) = section.intro.clone() {
        form = form.child(
            el("p")
                .class("lead")
                .text_with(move || intro.get(visit.lang.get()).to_owned()),
        );
    }
    for i in 0..section.questions.len() {
        form = question_view(form, index, i);
    }
    if section
        .questions
        .iter()
        .any(|q| q.score.as_deref() == Some(SCORE_ID))
    {
        let score = Memo::new(move |_| {
            visit
                .answers
                .with(|a| visit.with_profile(|p| a.score(p, SCORE_ID, visit.today)))
        });
        let lang = visit.lang;
        let shown = Memo::new(move |_| (score.get(), lang.get()));
        form = form.children_for(shown, move |(score, _)| {
            score
                .map(|score| {
                    let numeral = SkinType::from_score(score).numeral();
                    el("p")
                        .class("notice result")
                        .attr("role", "status")
                        .text(&(visit.text().fitzpatrick_result)(numeral))
                })
                .into_iter()
                .collect()
        });
    }
    // Offered once: on the first section of questions, after the first answers.
    let first_section = visit.steps.with_untracked(|steps| {
        steps.iter().find_map(|s| match s {
            Step::Section(i) => Some(*i),
            _ => None,
        })
    });
    if first_section == Some(index) {
        form = form.child(draft_offer());
    }
    form.child(step_nav(|t| t.continue_, true))
}
