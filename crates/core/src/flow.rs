//! The order of the steps, derived from the profile and the answers so far.

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::date::CivilDate;
use crate::profile::ClinicProfile;

/// One screen of the guided flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Who the clinic is, what will be asked, how long it takes, who sees the answers.
    Welcome,
    /// Which treatments the patient is here for.
    Treatments,
    /// Name, date of birth, phone, email, emergency contact.
    Details,
    /// One section of the profile's questions, by index.
    Section(usize),
    /// Every answer, with a way back to change it.
    Review,
    /// The electronic-records disclosure, before anything is signed.
    Disclosure,
    /// One consent document of the profile, by index: each chosen treatment's, then
    /// the general ones and the optional photo consent.
    Consent(usize),
    /// What was signed, with a printable copy.
    Done,
}

/// Seconds a phone user needs, roughly, for fixed steps and per question.
const FIXED_STEP_SECONDS: u32 = 30;
const DETAILS_SECONDS: u32 = 120;
const SECONDS_PER_QUESTION: u32 = 15;

/// The steps for these answers, in order: welcome, treatments, details, the sections
/// asked, review, then (when the profile has consent documents) the disclosure, the
/// consents for the chosen treatments, the general and photo consents, and the copy.
/// Sections appear and disappear as answers change (a massage section only when
/// massage is chosen).
pub fn steps(profile: &ClinicProfile, answers: &Answers, today: CivilDate) -> Vec<Step> {
    let mut steps = vec![Step::Welcome, Step::Treatments, Step::Details];
    steps.extend(
        answers
            .asked_sections(profile, today)
            .into_iter()
            .map(Step::Section),
    );
    steps.push(Step::Review);
    steps.extend(consent_steps(profile, answers));
    steps
}

fn consent_steps(profile: &ClinicProfile, answers: &Answers) -> Vec<Step> {
    use crate::consent::ConsentKind;
    let docs = &profile.consents;
    if docs.is_empty() {
        return Vec::new();
    }
    let mut steps = vec![Step::Disclosure];
    for treatment in &answers.treatments {
        if let Some(i) = docs.iter().position(|d| {
            d.kind == ConsentKind::Treatment && d.treatment.as_ref() == Some(treatment)
        }) {
            steps.push(Step::Consent(i));
        }
    }
    for kind in [ConsentKind::General, ConsentKind::Photo] {
        steps.extend(
            docs.iter()
                .enumerate()
                .filter(|(_, d)| d.kind == kind)
                .map(|(i, _)| Step::Consent(i)),
        );
    }
    steps.push(Step::Done);
    steps
}

/// The step after `current` among `steps`; a step no longer in the list (its section
/// was hidden) moves on to the next one that is.
pub fn next(steps: &[Step], current: Step) -> Option<Step> {
    let index = steps.iter().position(|s| *s == current)?;
    steps.get(index + 1).copied()
}

/// The step before `current` among `steps`.
pub fn previous(steps: &[Step], current: Step) -> Option<Step> {
    let index = steps.iter().position(|s| *s == current)?;
    index.checked_sub(1).and_then(|i| steps.get(i)).copied()
}

/// A fair estimate in whole minutes (at least one) of the visit for `answers`,
/// counting every question asked.
pub fn estimated_minutes(profile: &ClinicProfile, answers: &Answers, today: CivilDate) -> u32 {
    let questions: u32 = answers
        .asked_sections(profile, today)
        .into_iter()
        .map(|i| &profile.sections[i])
        .map(|s| {
            s.questions
                .iter()
                .filter(|q| answers.question_asked(profile, s, q, today))
                .count() as u32
        })
        .sum();
    let seconds = 3 * FIXED_STEP_SECONDS + DETAILS_SECONDS + questions * SECONDS_PER_QUESTION;
    seconds.div_ceil(60).max(1)
}
