//! Ids in answers that the profile does not know: a misspelt treatment, question,
//! option or product must be refused, never quietly ignored (a clean result for
//! answers nobody could have given is worse than an error).

use super::{Answer, Answers};
use crate::profile::ClinicProfile;

/// One id the profile does not know, with where it is in the answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownReference {
    /// JSON path in the answers, such as `$.values.conditions.value[1]`.
    pub path: String,
    /// What is wrong, naming the id (ids are the profile's, never patient text).
    pub message: String,
}

impl Answers {
    /// Every treatment, question, option and product id in these answers that
    /// `profile` does not know, in the answers' order.
    pub fn unknown_references(&self, profile: &ClinicProfile) -> Vec<UnknownReference> {
        let mut found = Vec::new();
        let mut push =
            |path: String, message: String| found.push(UnknownReference { path, message });
        for (i, t) in self.treatments.iter().enumerate() {
            if profile.treatment(t).is_none() {
                push(
                    format!("$.treatments[{i}]"),
                    format!("unknown treatment `{t}`"),
                );
            }
        }
        for (id, answer) in &self.values {
            let path = format!("$.values.{id}");
            let Some((_, question)) = profile.question(id) else {
                push(path, format!("unknown question `{id}`"));
                continue;
            };
            let known = |option: &str| question.options.iter().any(|o| o.id == option);
            match answer {
                Answer::Choice(option) if !question.options.is_empty() && !known(option) => push(
                    format!("{path}.value"),
                    format!("`{option}` is not an option of `{id}`"),
                ),
                Answer::Choices(options) => {
                    for (j, option) in options.iter().enumerate() {
                        if !known(option) {
                            push(
                                format!("{path}.value[{j}]"),
                                format!("`{option}` is not an option of `{id}`"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for (treatment, product) in &self.products {
            let path = format!("$.products.{treatment}");
            match profile.treatment(treatment) {
                None => push(path, format!("unknown treatment `{treatment}`")),
                Some(t) if !t.products.iter().any(|p| p.id == *product) => push(
                    path,
                    format!("treatment `{treatment}` offers no product `{product}`"),
                ),
                Some(_) if !self.treatments.contains(treatment) => push(
                    path,
                    format!("a product for `{treatment}`, which is not chosen"),
                ),
                Some(_) => {}
            }
        }
        found
    }
}
