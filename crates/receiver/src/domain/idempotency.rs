//! What a submission that arrives again is answered. A submission is one record per
//! id *and* signer; a retry of a stored record gets its first answer again, the same
//! id and signer with other content is a conflict, and one still being stored is told
//! to wait. Both engines decide with these functions (SQLite when it claims, PostgreSQL
//! when its insert finds the row), and so does the read before any rate allowance is
//! taken.

/// What a repeated request is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now, durably.
    Stored,
    /// Already stored: send this response again.
    Replay {
        /// The status first answered.
        status: u16,
        /// The body first answered.
        body: String,
    },
    /// Same id and key, different JWS.
    DifferentPayload,
    /// Same id and key, being stored right now by another request.
    InProgress,
}

/// What the store holds for an id and signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Existing {
    /// SHA-256 of the JWS first received.
    pub fingerprint: String,
    /// Whether the record is complete (SQLite keeps a claim while one is stored).
    pub done: bool,
    /// When the attempt that claimed it began.
    pub started_unix_ms: i64,
    /// The answer first given, once there is one.
    pub response: Option<(u16, String)>,
}

/// After this long, an unfinished claim is treated as abandoned (a crash mid-request)
/// and the next attempt takes it over.
pub const ABANDONED_AFTER_MS: i64 = 60_000;

/// The answer a stored record gives a request with `fingerprint`, if it is decided:
/// a conflict when the content differs, the first answer when it is complete.
pub fn answer(existing: &Existing, fingerprint: &str) -> Option<Outcome> {
    if existing.fingerprint != fingerprint {
        return Some(Outcome::DifferentPayload);
    }
    match (&existing.response, existing.done) {
        (Some((status, body)), true) => Some(Outcome::Replay {
            status: *status,
            body: body.clone(),
        }),
        _ => None,
    }
}

/// What claiming a record for storing decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Nothing stored: claim it.
    New,
    /// An abandoned attempt: take it over.
    TakeOver,
    /// Decided already: answer this.
    Answer(Outcome),
}

/// Whether a request with `fingerprint` at `now_ms` may store the record.
pub fn claim(existing: Option<&Existing>, fingerprint: &str, now_ms: i64) -> Claim {
    let Some(existing) = existing else {
        return Claim::New;
    };
    if let Some(outcome) = answer(existing, fingerprint) {
        return Claim::Answer(outcome);
    }
    if now_ms - existing.started_unix_ms < ABANDONED_AFTER_MS {
        Claim::Answer(Outcome::InProgress)
    } else {
        Claim::TakeOver
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing(fingerprint: &str, done: bool, started: i64) -> Existing {
        Existing {
            fingerprint: fingerprint.into(),
            done,
            started_unix_ms: started,
            response: done.then(|| (201, "receipt".to_owned())),
        }
    }

    #[test]
    fn nothing_stored_is_claimed_and_a_stored_record_answers_again() {
        assert_eq!(claim(None, "a", 0), Claim::New);
        assert_eq!(
            claim(Some(&existing("a", true, 0)), "a", 10),
            Claim::Answer(Outcome::Replay {
                status: 201,
                body: "receipt".into()
            })
        );
    }

    #[test]
    fn other_content_under_the_same_signer_is_a_conflict_even_while_storing() {
        assert_eq!(
            claim(Some(&existing("a", true, 0)), "b", 10),
            Claim::Answer(Outcome::DifferentPayload)
        );
        assert_eq!(
            claim(Some(&existing("a", false, 0)), "b", 10),
            Claim::Answer(Outcome::DifferentPayload)
        );
    }

    #[test]
    fn an_attempt_under_way_waits_and_an_abandoned_one_is_taken_over() {
        assert_eq!(
            claim(Some(&existing("a", false, 0)), "a", 10),
            Claim::Answer(Outcome::InProgress)
        );
        assert_eq!(
            claim(Some(&existing("a", false, 0)), "a", ABANDONED_AFTER_MS),
            Claim::TakeOver
        );
        assert_eq!(answer(&existing("a", false, 0), "a"), None);
    }
}
