//! The console's audit log as a hash chain: each event carries its place `n` (1, 2,
//! …) and `sha256(previous hash, n, its fields as stored)`, and the database keeps
//! the chain's head (the last `n` and hash). [`verify`] walks the log in the order it
//! was stored and names the first event that was changed, removed, added or moved,
//! even when whoever did it first dropped the triggers that refuse such changes.
//!
//! What it cannot show: a whole log rewritten, every hash recomputed and the head
//! replaced. A head kept elsewhere (each audit export ends with one, and the console
//! shows it) catches that too: [`Head`] as printed is what `audit verify --head` takes.

use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event's fields as stored (its detail sealed), in the chain's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Its place in the chain, when it has one (`None`: added outside the receiver).
    pub n: Option<i64>,
    /// The hash stored with it.
    pub hash: Option<String>,
    /// The fields the hash covers, as stored: at, staff id, role, action, submission
    /// id, submission key, detail.
    pub fields: [Option<String>; 7],
}

/// `sha256` (hex) of the previous hash, `n` and the fields.
pub fn hash(previous: &str, n: i64, fields: &[Option<String>; 7]) -> String {
    // A JSON array: every field delimited and escaped, so no two events hash alike.
    let text = serde_json::json!([previous, n, fields]).to_string();
    crate::keys::provider::hex(&Sha256::digest(text.as_bytes()))
}

/// The chain's last event: its place and hash, written `#N sha256:HASH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// How many events the chain holds.
    pub n: i64,
    /// The last event's hash ([`GENESIS`] when there is none).
    pub hash: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{} sha256:{}", self.n, self.hash)
    }
}

impl std::str::FromStr for Head {
    type Err = String;

    fn from_str(s: &str) -> Result<Head, String> {
        let bad = || {
            format!(
                "{s:?} is not a chain head (#N sha256:HASH, as the console and every audit export print it)"
            )
        };
        let (n, hash) = s.trim().split_once(' ').ok_or_else(bad)?;
        let n = n
            .strip_prefix('#')
            .and_then(|n| n.parse().ok())
            .ok_or_else(bad)?;
        let hash = hash.trim().strip_prefix("sha256:").ok_or_else(bad)?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Head {
            n,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// The first place the log differs from what the receiver wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Event `n` is stored, but not as it was written.
    Changed {
        /// Its place.
        n: i64,
    },
    /// Event `n` is not there (the log goes from `n - 1` to `next`).
    Removed {
        /// The missing place.
        n: i64,
        /// The place stored where it should be (`None`: the log ends).
        next: Option<i64>,
    },
    /// Event `n` is stored after `after`: the log's order was changed.
    Moved {
        /// The event out of place.
        n: i64,
        /// The event it now follows.
        after: i64,
    },
    /// A row with no place in the chain, stored after event `after`.
    Added {
        /// The event it follows (0: the start).
        after: i64,
    },
    /// The head the database keeps does not match the log.
    HeadDiffers {
        /// The head kept.
        kept: Head,
        /// The head of the log as stored.
        found: Head,
    },
    /// A head kept elsewhere does not match the log.
    NotTheKeptHead {
        /// The head given.
        kept: Head,
        /// What the log holds at that place, if it reaches it.
        found: Option<Head>,
    },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Changed { n } => write!(f, "event #{n} was changed after it was written"),
            Break::Removed {
                n,
                next: Some(next),
            } => {
                write!(
                    f,
                    "event #{n} was removed (the log goes from #{} to #{next})",
                    n - 1
                )
            }
            Break::Removed { n, next: None } => write!(
                f,
                "the log ends at #{}: event #{n} and any after it were removed",
                n - 1
            ),
            Break::Moved { n, after } => {
                write!(f, "event #{n} was moved: it is stored after #{after}")
            }
            Break::Added { after } => {
                write!(f, "an event was added outside the receiver after #{after}")
            }
            Break::HeadDiffers { kept, found } => write!(
                f,
                "the database's chain head is {kept}, but the log ends at {found}"
            ),
            Break::NotTheKeptHead {
                kept,
                found: Some(found),
            } => write!(
                f,
                "the log was rewritten: the head kept elsewhere is {kept}, the log has {found} there"
            ),
            Break::NotTheKeptHead { kept, found: None } => write!(
                f,
                "the log was cut short: the head kept elsewhere is {kept}, beyond its end"
            ),
        }
    }
}

/// Walks `links` (in the order they were stored) against the head the database keeps
/// and, when given, one kept elsewhere; the log's head when all holds.
///
/// # Errors
/// The first [`Break`].
pub fn verify(links: &[Link], kept: &Head, elsewhere: Option<&Head>) -> Result<Head, Break> {
    let places: std::collections::HashSet<i64> = links.iter().filter_map(|l| l.n).collect();
    let mut head = Head {
        n: 0,
        hash: GENESIS.to_owned(),
    };
    let mut at_elsewhere = None;
    for link in links {
        let Some(n) = link.n else {
            return Err(Break::Added { after: head.n });
        };
        let expected = head.n + 1;
        if n < expected {
            return Err(Break::Moved { n, after: head.n });
        }
        if n > expected {
            return Err(if places.contains(&expected) {
                Break::Moved {
                    n: expected,
                    after: n,
                }
            } else {
                Break::Removed {
                    n: expected,
                    next: Some(n),
                }
            });
        }
        // Checked against the hash stored before it, so an edit is named where it is
        // even when later hashes were left alone.
        let stored = link.hash.clone().unwrap_or_default();
        if hash(&head.hash, n, &link.fields) != stored {
            return Err(Break::Changed { n });
        }
        head = Head { n, hash: stored };
        if elsewhere.is_some_and(|e| e.n == n) {
            at_elsewhere = Some(head.clone());
        }
    }
    if let Some(e) = elsewhere {
        if e.n == 0 && e.hash == GENESIS {
            at_elsewhere = Some(e.clone());
        }
        if at_elsewhere.as_ref() != Some(e) {
            return Err(Break::NotTheKeptHead {
                kept: e.clone(),
                found: at_elsewhere,
            });
        }
    }
    if kept.n > head.n {
        return Err(Break::Removed {
            n: head.n + 1,
            next: None,
        });
    }
    if *kept != head {
        return Err(Break::HeadDiffers {
            kept: kept.clone(),
            found: head,
        });
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(count: i64) -> (Vec<Link>, Head) {
        let mut links = Vec::new();
        let mut previous = GENESIS.to_owned();
        for n in 1..=count {
            let fields = [
                Some(format!("2026-12-06T10:{n:02}:00Z")),
                Some("staff-1".into()),
                Some("provider".into()),
                Some("reviewed".into()),
                Some(format!("sub-{n}")),
                None,
                Some(format!("c1.dk.sealed{n}")),
            ];
            let h = hash(&previous, n, &fields);
            links.push(Link {
                n: Some(n),
                hash: Some(h.clone()),
                fields,
            });
            previous = h;
        }
        let head = Head {
            n: count,
            hash: previous,
        };
        (links, head)
    }

    #[test]
    fn an_untouched_log_verifies_to_its_head() {
        let (links, head) = log(5);
        assert_eq!(verify(&links, &head, Some(&head)), Ok(head.clone()));
        let printed = head.to_string();
        assert_eq!(printed.parse::<Head>(), Ok(head));
    }

    #[test]
    fn each_kind_of_tampering_is_named_at_its_place() {
        let (links, head) = log(6);
        let mut edited = links.clone();
        edited[2].fields[3] = Some("decided".into());
        assert_eq!(verify(&edited, &head, None), Err(Break::Changed { n: 3 }));

        let mut removed = links.clone();
        removed.remove(3);
        assert_eq!(
            verify(&removed, &head, None),
            Err(Break::Removed {
                n: 4,
                next: Some(5)
            })
        );

        let mut moved = links.clone();
        moved.swap(1, 2);
        assert_eq!(
            verify(&moved, &head, None),
            Err(Break::Moved { n: 2, after: 3 })
        );

        let mut cut = links.clone();
        cut.pop();
        assert_eq!(
            verify(&cut, &head, None),
            Err(Break::Removed { n: 6, next: None })
        );

        let mut added = links.clone();
        added.insert(
            4,
            Link {
                n: None,
                hash: None,
                fields: Default::default(),
            },
        );
        assert_eq!(verify(&added, &head, None), Err(Break::Added { after: 4 }));
    }

    #[test]
    fn a_rewritten_log_is_caught_by_a_head_kept_elsewhere() {
        let (links, head) = log(4);
        let (mut forged, _) = log(4);
        forged[1].fields[6] = Some("c1.dk.other".into());
        // Rehash from the edit on, and replace the database's head too.
        let mut previous = forged[0].hash.clone().unwrap();
        for link in &mut forged[1..] {
            let h = hash(&previous, link.n.unwrap(), &link.fields);
            link.hash = Some(h.clone());
            previous = h;
        }
        let forged_head = Head {
            n: 4,
            hash: previous,
        };
        assert!(verify(&forged, &forged_head, None).is_ok());
        assert!(matches!(
            verify(&forged, &forged_head, Some(&head)),
            Err(Break::NotTheKeptHead { .. })
        ));
        let _ = links;
    }
}
