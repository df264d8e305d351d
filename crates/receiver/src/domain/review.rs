//! The review workflow. A provider marks a record reviewed (with an optional note) or
//! escalates it to the medical director; a record with a stop finding is escalated
//! from the start. The director records a decision with a reason, at any point. Each
//! step is appended to the console's audit log; the record's current state is kept
//! beside it, written in the same transaction, so the queue can filter on it.

use serde::Deserialize;
use serde_json::json;

use super::roles::Role;
use super::roles::{Permission, allowed};

/// The director's decisions, as stored and as shown.
pub const DECISIONS: [(&str, &str); 4] = [
    ("proceed", "Proceed"),
    ("proceed_with_changes", "Proceed with changes"),
    ("do_not_treat", "Do not treat"),
    ("physician_consult", "Needs a physician consult"),
];

/// The longest note or reason, in characters.
pub const MAX_NOTE: usize = 2_000;

/// Where a record's review stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewState {
    /// Nobody has reviewed it yet.
    ToReview,
    /// A provider reviewed it.
    Reviewed,
    /// Waiting for the medical director (escalated, or a stop finding).
    Escalated,
    /// The medical director decided (the decision's id).
    Decided(String),
}

impl ReviewState {
    /// The state's id (`to_review`, `reviewed`, `escalated`, `decided`).
    pub fn id(&self) -> &'static str {
        match self {
            ReviewState::ToReview => "to_review",
            ReviewState::Reviewed => "reviewed",
            ReviewState::Escalated => "escalated",
            ReviewState::Decided(_) => "decided",
        }
    }

    /// The state as stored (`decided:<decision>` for a decision).
    pub fn stored(&self) -> String {
        match self {
            ReviewState::Decided(d) => format!("decided:{d}"),
            other => other.id().to_owned(),
        }
    }

    /// The state from its stored form; an unknown one reads as "to review".
    pub fn from_stored(text: &str) -> ReviewState {
        match text {
            "reviewed" => ReviewState::Reviewed,
            "escalated" => ReviewState::Escalated,
            _ => match text.strip_prefix("decided:") {
                Some(d) => ReviewState::Decided(d.to_owned()),
                None => ReviewState::ToReview,
            },
        }
    }

    /// The state in words.
    pub fn words(&self) -> String {
        match self {
            ReviewState::ToReview => "To review".into(),
            ReviewState::Reviewed => "Reviewed".into(),
            ReviewState::Escalated => "Escalated to the medical director".into(),
            ReviewState::Decided(d) => format!("Decided: {}", decision_words(d)),
        }
    }
}

/// A decision's words.
pub fn decision_words(id: &str) -> &str {
    DECISIONS
        .iter()
        .find(|(d, _)| *d == id)
        .map_or(id, |(_, words)| words)
}

/// What a member asks to record.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A provider's (or director's) review, with an optional note.
    Reviewed {
        /// What the reviewer wants on the record.
        #[serde(default)]
        note: String,
    },
    /// Sent to the medical director, with an optional note.
    Escalated {
        /// Why it goes to the director.
        #[serde(default)]
        note: String,
    },
    /// The director's decision and its reason.
    Decided {
        /// One of [`DECISIONS`].
        decision: String,
        /// Why, for the record.
        reason: String,
    },
}

/// Why an action cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The member's role is too low; the least role that may.
    Role(Role),
    /// Something in the request is wrong: which field, and what.
    Invalid(&'static str, &'static str),
}

/// What to record: the audit event's action and detail, and the state after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The audit event's action (`reviewed`, `escalated`, `decided`).
    pub action: &'static str,
    /// The event's detail, as JSON.
    pub detail: String,
    /// The record's review state once recorded.
    pub next: ReviewState,
}

/// Whether `role` may take `action` on a record in `state`, and what it records.
pub fn step(role: Role, state: &ReviewState, action: &Action) -> Result<Step, Refusal> {
    let too_long = |text: &str| text.chars().count() > MAX_NOTE;
    let note_problem = Refusal::Invalid("note", "a note is at most 2,000 characters");
    match action {
        Action::Reviewed { note } => {
            allowed(role, Permission::Review).map_err(Refusal::Role)?;
            if too_long(note) {
                return Err(note_problem);
            }
            let next = match state {
                ReviewState::ToReview => ReviewState::Reviewed,
                other => other.clone(),
            };
            Ok(Step {
                action: "reviewed",
                detail: json!({ "note": note.trim() }).to_string(),
                next,
            })
        }
        Action::Escalated { note } => {
            allowed(role, Permission::Review).map_err(Refusal::Role)?;
            if too_long(note) {
                return Err(note_problem);
            }
            let next = match state {
                ReviewState::ToReview | ReviewState::Reviewed => ReviewState::Escalated,
                other => other.clone(),
            };
            Ok(Step {
                action: "escalated",
                detail: json!({ "note": note.trim() }).to_string(),
                next,
            })
        }
        Action::Decided { decision, reason } => {
            allowed(role, Permission::Decide).map_err(Refusal::Role)?;
            if !DECISIONS.iter().any(|(d, _)| d == decision) {
                return Err(Refusal::Invalid(
                    "decision",
                    "choose one of the four decisions",
                ));
            }
            if reason.trim().is_empty() || too_long(reason) {
                return Err(Refusal::Invalid(
                    "reason",
                    "give the reason for the decision (at most 2,000 characters)",
                ));
            }
            Ok(Step {
                action: "decided",
                detail: json!({ "decision": decision, "reason": reason.trim() }).to_string(),
                next: ReviewState::Decided(decision.clone()),
            })
        }
    }
}

/// The state a record's logged steps lead to (oldest first, as `(action, detail)`),
/// from where it started: for records stored before the state was kept beside them.
pub fn replay<'a>(
    start: ReviewState,
    steps: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> ReviewState {
    let mut state = start;
    for (action, detail) in steps {
        state = match (action, &state) {
            ("decided", _) => ReviewState::Decided(
                detail
                    .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                    .and_then(|v| v["decision"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
            ("escalated", ReviewState::ToReview | ReviewState::Reviewed) => ReviewState::Escalated,
            ("reviewed", ReviewState::ToReview) => ReviewState::Reviewed,
            _ => state,
        };
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reviewed() -> Action {
        Action::Reviewed {
            note: "seen".into(),
        }
    }

    fn decided(decision: &str, reason: &str) -> Action {
        Action::Decided {
            decision: decision.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn a_provider_reviews_and_escalates_and_only_the_director_decides() {
        let s = step(Role::Provider, &ReviewState::ToReview, &reviewed()).unwrap();
        assert_eq!(
            (s.action, s.next.clone()),
            ("reviewed", ReviewState::Reviewed)
        );
        let s = step(
            Role::Provider,
            &ReviewState::Reviewed,
            &Action::Escalated {
                note: String::new(),
            },
        )
        .unwrap();
        assert_eq!(s.next, ReviewState::Escalated);
        assert_eq!(
            step(
                Role::Provider,
                &ReviewState::Escalated,
                &decided("proceed", "fine")
            ),
            Err(Refusal::Role(Role::Director))
        );
        assert_eq!(
            step(Role::FrontDesk, &ReviewState::ToReview, &reviewed()),
            Err(Refusal::Role(Role::Provider))
        );
        let s = step(
            Role::Director,
            &ReviewState::Escalated,
            &decided("do_not_treat", "isotretinoin last month"),
        )
        .unwrap();
        assert_eq!(s.next, ReviewState::Decided("do_not_treat".into()));
    }

    #[test]
    fn a_review_never_undoes_an_escalation_or_a_decision() {
        for state in [
            ReviewState::Escalated,
            ReviewState::Decided("proceed".into()),
        ] {
            assert_eq!(
                step(Role::Provider, &state, &reviewed()).unwrap().next,
                state
            );
        }
        let decided_state = ReviewState::Decided("proceed".into());
        let s = step(
            Role::Provider,
            &decided_state,
            &Action::Escalated {
                note: String::new(),
            },
        )
        .unwrap();
        assert_eq!(s.next, decided_state);
    }

    #[test]
    fn decisions_need_one_of_four_and_a_reason_and_notes_have_a_limit() {
        assert_eq!(
            step(
                Role::Director,
                &ReviewState::ToReview,
                &decided("maybe", "x")
            ),
            Err(Refusal::Invalid(
                "decision",
                "choose one of the four decisions"
            ))
        );
        assert!(matches!(
            step(
                Role::Director,
                &ReviewState::ToReview,
                &decided("proceed", "  ")
            ),
            Err(Refusal::Invalid("reason", _))
        ));
        let long = Action::Reviewed {
            note: "x".repeat(MAX_NOTE + 1),
        };
        assert!(matches!(
            step(Role::Provider, &ReviewState::ToReview, &long),
            Err(Refusal::Invalid("note", _))
        ));
    }

    #[test]
    fn the_stored_state_reads_back_and_a_replay_agrees_with_the_steps() {
        for state in [
            ReviewState::ToReview,
            ReviewState::Reviewed,
            ReviewState::Escalated,
            ReviewState::Decided("proceed".into()),
        ] {
            assert_eq!(ReviewState::from_stored(&state.stored()), state);
        }
        let detail = r#"{"decision":"proceed","reason":"ok"}"#;
        let state = replay(
            ReviewState::ToReview,
            [
                ("reviewed", None),
                ("escalated", None),
                ("decided", Some(detail)),
            ],
        );
        assert_eq!(state, ReviewState::Decided("proceed".into()));
        assert_eq!(
            replay(ReviewState::Escalated, [("reviewed", None)]),
            ReviewState::Escalated
        );
    }
}
