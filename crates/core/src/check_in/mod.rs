//! A check-in after a treatment: the patient's answers, what they mean at once, and
//! the report the patient's browser sends to the clinic.
//!
//! The assessment is local and immediate: a ticked sign the clinic marked
//! `call_clinic` or `emergency` ([`crate::profile::Act`]) makes the check-in urgent,
//! and nothing waits for staff to read it. Only the clinic's own signs decide; pain and
//! the note are reported but never make a check-in urgent by themselves (a clinic
//! that wants "pain getting worse" to act lists it as a sign).

mod answers;
mod report;

pub use answers::{CheckInAnswers, CheckInProblem, MAX_NOTE_CHARS, MAX_PAIN, problems};
pub use report::{CHECK_IN_FORMAT, CheckInReport, ReportProblem};

use serde::{Deserialize, Serialize};

use crate::profile::{Act, CheckIns};

/// How urgent a check-in is, least first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Nothing ticked asks the patient to act: the clinic reads it in its own time.
    Routine,
    /// Call the clinic now.
    CallClinic,
    /// Call emergency services now.
    Emergency,
}

impl From<Act> for Urgency {
    fn from(act: Act) -> Self {
        match act {
            Act::CallClinic => Urgency::CallClinic,
            Act::Emergency => Urgency::Emergency,
        }
    }
}

impl Urgency {
    /// The urgency as written in a report (`routine`, `call_clinic`, `emergency`).
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Routine => "routine",
            Urgency::CallClinic => "call_clinic",
            Urgency::Emergency => "emergency",
        }
    }
}

/// What a check-in's answers mean at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// The most urgent act of the ticked signs; [`Urgency::Routine`] when none acts.
    pub act: Urgency,
    /// The ticked sign ids that act, most urgent first, then in the profile's order;
    /// each once.
    pub signs: Vec<String>,
}

/// What `answers` mean under `check_ins`: the most urgent act of the ticked signs
/// the clinic lists, and those signs. Ids the clinic does not list are left out
/// ([`problems`] names them); pain and the note never change the result.
pub fn assess(check_ins: &CheckIns, answers: &CheckInAnswers) -> Assessment {
    // Two passes over the clinic's signs, most urgent first, instead of a sort: the
    // same order (profile order within an urgency), and no sort in the widget's wasm.
    let mut act = Urgency::Routine;
    let mut signs: Vec<String> = Vec::new();
    for urgency in [Urgency::Emergency, Urgency::CallClinic] {
        for sign in &check_ins.signs {
            if sign.act.map(Urgency::from) == Some(urgency)
                && answers.signs.contains(&sign.id)
                && !signs.contains(&sign.id)
            {
                signs.push(sign.id.clone());
                act = act.max(urgency);
            }
        }
    }
    Assessment { act, signs }
}
