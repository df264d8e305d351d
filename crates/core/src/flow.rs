//! The order of the steps and what each one asks.

use serde::{Deserialize, Serialize};

/// One screen of the guided flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Who the clinic is, what will be asked, how long it takes, who sees the answers.
    Welcome,
    /// Name, date of birth, phone, email, emergency contact.
    Details,
    /// Every answer, with a way back to change it.
    Review,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 3] = [Step::Welcome, Step::Details, Step::Review];

    /// Position of the step, counting from 1 as the progress indicator does.
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).map_or(0, |i| i + 1)
    }

    /// How many steps there are.
    pub fn count() -> usize {
        Self::ALL.len()
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        Self::ALL.get(self.number()).copied()
    }

    /// The step before this one, if any.
    pub fn previous(self) -> Option<Step> {
        self.number().checked_sub(2).and_then(|i| Self::ALL.get(i)).copied()
    }

    /// Whether the patient answers questions on this step (the welcome screen and the
    /// review only show information), so it belongs on the welcome screen's list.
    pub fn asks_questions(self) -> bool {
        matches!(self, Step::Details)
    }

    /// A fair estimate, in seconds, of how long the step takes on a phone.
    pub fn estimated_seconds(self) -> u32 {
        match self {
            Step::Welcome => 30,
            Step::Details => 120,
            Step::Review => 45,
        }
    }

    /// The whole visit's estimate in minutes, rounded up, never less than one.
    pub fn estimated_minutes_total() -> u32 {
        let seconds: u32 = Self::ALL.iter().map(|s| s.estimated_seconds()).sum();
        seconds.div_ceil(60).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_from_one_and_linked_both_ways() {
        assert_eq!(Step::Welcome.number(), 1);
        assert_eq!(Step::Details.number(), 2);
        assert_eq!(Step::count(), 3);
        for pair in Step::ALL.windows(2) {
            assert_eq!(pair[0].next(), Some(pair[1]));
            assert_eq!(pair[1].previous(), Some(pair[0]));
        }
        assert_eq!(Step::Welcome.previous(), None);
        assert_eq!(Step::Review.next(), None);
    }

    #[test]
    fn estimate_rounds_up_to_whole_minutes() {
        assert_eq!(Step::estimated_minutes_total(), 4);
    }
}
