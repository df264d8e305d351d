//! Recording answers, and removing at once every answer to a question no longer asked.

use super::{Answer, Answers};
use crate::date::CivilDate;
use crate::profile::ClinicProfile;

impl Answers {
    /// Records `answer` to `question` (an empty answer removes it), then prunes.
    pub fn set(
        &mut self,
        profile: &ClinicProfile,
        question: &str,
        answer: Answer,
        today: CivilDate,
    ) {
        if answer.is_empty() {
            self.values.remove(question);
        } else {
            self.values.insert(question.to_owned(), answer);
        }
        self.prune(profile, today);
    }

    /// Chooses or unchooses a treatment, then prunes.
    pub fn choose_treatment(
        &mut self,
        profile: &ClinicProfile,
        id: &str,
        chosen: bool,
        today: CivilDate,
    ) {
        self.treatments.retain(|t| t != id);
        if chosen {
            self.treatments.push(id.to_owned());
        }
        let order = |t: &String| profile.treatments.iter().position(|x| &x.id == t);
        self.treatments.sort_by_key(order);
        self.prune(profile, today);
    }

    /// Records the product chosen for `treatment` (`None`: not known, the provider
    /// will choose). A product the treatment does not offer, or for a treatment not
    /// chosen, is not recorded.
    pub fn choose_product(
        &mut self,
        profile: &ClinicProfile,
        treatment: &str,
        product: Option<&str>,
    ) {
        let offered = profile
            .treatment(treatment)
            .is_some_and(|t| product.is_some_and(|p| t.products.iter().any(|x| x.id == p)));
        match product {
            Some(p) if offered && self.treatments.iter().any(|t| t == treatment) => {
                self.products.insert(treatment.to_owned(), p.to_owned());
            }
            _ => {
                self.products.remove(treatment);
            }
        }
    }

    /// Removes every answer to a question that is not asked (or not in the profile),
    /// every unknown treatment and every product of a treatment not chosen or not
    /// offering it, repeating until nothing changes, since removing
    /// one answer can hide questions that depended on it.
    pub fn prune(&mut self, profile: &ClinicProfile, today: CivilDate) {
        self.treatments.retain(|t| profile.treatment(t).is_some());
        // A product stays only for a chosen treatment that offers it.
        let treatments = &self.treatments;
        self.products.retain(|treatment, product| {
            treatments.contains(treatment)
                && profile
                    .treatment(treatment)
                    .is_some_and(|t| t.products.iter().any(|p| p.id == *product))
        });
        loop {
            let hidden: Vec<String> = self
                .values
                .keys()
                .filter(|id| match profile.question(id) {
                    Some((section, question)) => {
                        !self.question_asked(profile, section, question, today)
                    }
                    None => true,
                })
                .cloned()
                .collect();
            if hidden.is_empty() {
                return;
            }
            for id in hidden {
                self.values.remove(&id);
            }
        }
    }
}
