//! What the embedding page is told: lifecycle events and the submission id, never
//! health data.
//!
//! A clinic that embeds the widget in an iframe names its page's exact origin as a
//! `parent_page` delivery target; the widget then posts these messages to that origin
//! only. A message is built from an [`Event`] alone, so no answer, name or date can
//! reach it: the type has nowhere to put one.

/// Every message carries `"source": "candor"`, so an embedding page can tell the
/// widget's messages from others.
pub const SOURCE: &str = "candor";

/// A moment in the visit an embedding page may act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The widget has loaded its clinic profile and shows the welcome screen.
    Ready,
    /// The patient started the visit.
    Started,
    /// The patient chose paper forms: nothing was or will be sent.
    PaperChosen,
    /// The summary was signed with this submission id.
    Signed {
        /// The submission id (a random UUID, no health data).
        submission_id: String,
    },
    /// Every delivery target acknowledged the submission.
    Received {
        /// The submission id.
        submission_id: String,
    },
    /// The submission is stored on this device and will be sent later.
    Queued {
        /// The submission id.
        submission_id: String,
    },
    /// A target refused the submission in a way retrying cannot fix.
    Failed {
        /// The submission id.
        submission_id: String,
        /// The HTTP status the target answered.
        status: u16,
    },
    /// The widget's content is now this many CSS pixels tall (for the frame's height).
    Resized {
        /// The content's height, rounded up.
        height: u32,
    },
    /// Another step is on screen (which one is not said: a step can reveal an answer).
    StepShown,
    /// This frame cannot store anything (third-party storage blocked, a sandbox), so a
    /// signed summary could only wait while the page stays open.
    NoStorage,
    /// A theme option from the embedding page was refused (see [`crate::embed`]).
    ThemeRefused {
        /// Which option: `accent` or `font_size`.
        option: &'static str,
    },
}

impl Event {
    /// The event's name in the message.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Ready => "ready",
            Event::Started => "started",
            Event::PaperChosen => "paper_chosen",
            Event::Signed { .. } => "signed",
            Event::Received { .. } => "received",
            Event::Queued { .. } => "queued",
            Event::Failed { .. } => "failed",
            Event::Resized { .. } => "resize",
            Event::StepShown => "step",
            Event::NoStorage => "no_storage",
            Event::ThemeRefused { .. } => "theme_refused",
        }
    }

    /// The message as JSON, for example
    /// `{"event":"received","source":"candor","submission_id":"…"}`.
    pub fn message(&self) -> String {
        // Members in RFC 8785 order (event, height, option, source, status,
        // submission_id).
        let mut message = format!(r#"{{"event":"{}""#, self.name());
        match self {
            Event::Resized { height } => message.push_str(&format!(r#","height":{height}"#)),
            Event::ThemeRefused { option } => message.push_str(&format!(r#","option":"{option}""#)),
            _ => {}
        }
        message.push_str(&format!(r#","source":"{SOURCE}""#));
        match self {
            Event::Ready
            | Event::Started
            | Event::PaperChosen
            | Event::Resized { .. }
            | Event::StepShown
            | Event::NoStorage
            | Event::ThemeRefused { .. } => {}
            Event::Signed { submission_id }
            | Event::Received { submission_id }
            | Event::Queued { submission_id } => push_id(&mut message, submission_id),
            Event::Failed {
                submission_id,
                status,
            } => {
                message.push_str(&format!(r#","status":{status}"#));
                push_id(&mut message, submission_id);
            }
        }
        message.push('}');
        message
    }
}

fn push_id(message: &mut String, submission_id: &str) {
    message.push_str(r#","submission_id":"#);
    message.push_str(&serde_json::Value::from(submission_id).to_string());
}

/// The origins the profile names for `parent_page` targets.
pub fn parent_origins(targets: &[crate::profile::DeliveryTarget]) -> Vec<String> {
    targets
        .iter()
        .filter_map(|t| match t {
            crate::profile::DeliveryTarget::ParentPage { origin, .. } => Some(origin.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b7a5d1e-3c2f-4a9b-8e6d-1f2a3b4c5d6e";

    #[test]
    fn messages_name_the_event_and_nothing_but_the_submission_id() {
        assert_eq!(
            Event::Ready.message(),
            r#"{"event":"ready","source":"candor"}"#
        );
        assert_eq!(
            Event::Received {
                submission_id: ID.into()
            }
            .message(),
            format!(r#"{{"event":"received","source":"candor","submission_id":"{ID}"}}"#)
        );
        assert_eq!(
            Event::Failed {
                submission_id: ID.into(),
                status: 422
            }
            .message(),
            format!(
                r#"{{"event":"failed","source":"candor","status":422,"submission_id":"{ID}"}}"#
            )
        );
    }

    #[test]
    fn frame_messages_carry_a_height_or_an_option_name_and_nothing_else() {
        assert_eq!(
            Event::Resized { height: 1234 }.message(),
            r#"{"event":"resize","height":1234,"source":"candor"}"#
        );
        assert_eq!(
            Event::StepShown.message(),
            r#"{"event":"step","source":"candor"}"#
        );
        assert_eq!(
            Event::NoStorage.message(),
            r#"{"event":"no_storage","source":"candor"}"#
        );
        assert_eq!(
            Event::ThemeRefused { option: "accent" }.message(),
            r#"{"event":"theme_refused","option":"accent","source":"candor"}"#
        );
        for event in [
            Event::Resized { height: 1 },
            Event::StepShown,
            Event::NoStorage,
            Event::ThemeRefused {
                option: "font_size",
            },
        ] {
            let value: serde_json::Value = serde_json::from_str(&event.message()).unwrap();
            assert_eq!(
                String::from_utf8(crate::canonical::to_canonical_bytes(&value).unwrap()).unwrap(),
                event.message(),
                "canonical member order"
            );
        }
    }

    #[test]
    fn only_parent_page_targets_give_origins() {
        use crate::profile::DeliveryTarget;
        let targets = [
            DeliveryTarget::Https {
                id: "clinic".into(),
                url: "/api/submissions".into(),
                drafts_url: None,
            },
            DeliveryTarget::ParentPage {
                id: "site".into(),
                origin: "https://www.clinic.example".into(),
            },
        ];
        assert_eq!(parent_origins(&targets), ["https://www.clinic.example"]);
    }
}
