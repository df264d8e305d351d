//! Which sections and questions are asked, from the profile's `when` conditions.

use super::{Answer, Answers};
use crate::date::CivilDate;
use crate::profile::{ClinicProfile, Condition, Question, Section};

impl Answers {
    /// Whether `condition` holds for these answers on `today`.
    pub fn holds(&self, profile: &ClinicProfile, condition: &Condition, today: CivilDate) -> bool {
        match condition {
            Condition::All(cs) => cs.iter().all(|c| self.holds(profile, c, today)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(profile, c, today)),
            Condition::Not(c) => !self.holds(profile, c, today),
            Condition::Equals { question, value } => match self.values.get(question) {
                Some(Answer::YesNo(yes)) => value == if *yes { "yes" } else { "no" },
                Some(Answer::Choice(chosen)) => chosen == value,
                _ => false,
            },
            Condition::Includes { question, option } => {
                matches!(self.values.get(question), Some(Answer::Choices(chosen)) if chosen.contains(option))
            }
            Condition::Answered(question) => self.values.contains_key(question),
            Condition::Treatment(t) => self.treatments.iter().any(|id| {
                id == t
                    || profile
                        .treatment(id)
                        .is_some_and(|treatment| &treatment.class == t)
            }),
            Condition::AgeAtLeast(years) => self
                .details
                .age_on(today)
                .is_none_or(|age| age >= *years as i32),
        }
    }

    /// Whether `section` is asked: its condition holds and at least one of its
    /// questions is asked (a section whose questions are all hidden is no step).
    pub fn section_asked(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        today: CivilDate,
    ) -> bool {
        self.section_applies(profile, section, today)
            && section.questions.iter().any(|q| {
                q.when
                    .as_ref()
                    .is_none_or(|c| self.holds(profile, c, today))
            })
    }

    /// Whether the section's own condition holds.
    fn section_applies(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        today: CivilDate,
    ) -> bool {
        section
            .when
            .as_ref()
            .is_none_or(|c| self.holds(profile, c, today))
    }

    /// Whether `question` (in `section`) is asked.
    pub fn question_asked(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        question: &Question,
        today: CivilDate,
    ) -> bool {
        self.section_applies(profile, section, today)
            && question
                .when
                .as_ref()
                .is_none_or(|c| self.holds(profile, c, today))
    }

    /// Indexes of the sections asked, in order.
    pub fn asked_sections(&self, profile: &ClinicProfile, today: CivilDate) -> Vec<usize> {
        (0..profile.sections.len())
            .filter(|&i| self.section_asked(profile, &profile.sections[i], today))
            .collect()
    }
}
