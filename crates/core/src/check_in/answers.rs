//! What a patient answers at a check-in, and what is wrong with it, as data.

use serde::{Deserialize, Serialize};

use crate::profile::CheckIns;

/// The most a pain score may be (0 is none, 10 the worst imaginable).
pub const MAX_PAIN: u8 = 10;

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// A patient's answers at one check-in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInAnswers {
    /// Pain from 0 to [`MAX_PAIN`], when the patient gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain: Option<u8>,
    /// The ids of the signs the patient ticked, in the order ticked.
    pub signs: Vec<String>,
    /// Anything else the patient wrote (at most [`MAX_NOTE_CHARS`]); empty when nothing.
    pub note: String,
    /// Whether the patient attached a photo.
    pub photo: bool,
}

/// Something wrong with a check-in's answers. Data, not words: it names a position or
/// a count, never what the patient wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckInProblem {
    /// `signs[index]` is no sign of this treatment's check-ins.
    UnknownSign {
        /// Position in [`CheckInAnswers::signs`].
        index: usize,
    },
    /// `signs[index]` was already ticked earlier in the list.
    DuplicateSign {
        /// Position in [`CheckInAnswers::signs`] of the repeat.
        index: usize,
    },
    /// The pain score is above [`MAX_PAIN`].
    PainAboveTen,
    /// The note is longer than [`MAX_NOTE_CHARS`].
    NoteTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A photo is attached, but these check-ins do not ask for one.
    PhotoNotAsked,
}

impl CheckInProblem {
    /// The JSON path of the answer at fault, under the answers (`signs[2]`, `pain`).
    pub fn path(&self) -> String {
        match self {
            CheckInProblem::UnknownSign { index } | CheckInProblem::DuplicateSign { index } => {
                format!("signs[{index}]")
            }
            CheckInProblem::PainAboveTen => "pain".into(),
            CheckInProblem::NoteTooLong { .. } => "note".into(),
            CheckInProblem::PhotoNotAsked => "photo".into(),
        }
    }
}

/// Everything wrong with `answers` under `check_ins`, in the answers' order; empty
/// when they are fit to send.
pub fn problems(check_ins: &CheckIns, answers: &CheckInAnswers) -> Vec<CheckInProblem> {
    let mut out = Vec::new();
    for (index, id) in answers.signs.iter().enumerate() {
        if check_ins.sign(id).is_none() {
            out.push(CheckInProblem::UnknownSign { index });
        } else if answers.signs[..index].contains(id) {
            out.push(CheckInProblem::DuplicateSign { index });
        }
    }
    if answers.pain.is_some_and(|p| p > MAX_PAIN) {
        out.push(CheckInProblem::PainAboveTen);
    }
    let chars = answers.note.chars().count();
    if chars > MAX_NOTE_CHARS {
        out.push(CheckInProblem::NoteTooLong { chars });
    }
    if answers.photo && !check_ins.photo {
        out.push(CheckInProblem::PhotoNotAsked);
    }
    out
}
