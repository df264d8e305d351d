//! Invited visits: a clinic sends a link ending in `#invite=<invite id>.<token>`.
//!
//! The fragment never reaches a server (browsers do not send it); the widget reads it
//! once, removes it from the address bar at once, names the invite id in the summary
//! and sends the token only as `Authorization: Bearer <token>` to the clinic's own
//! HTTPS targets. The reference receiver's `invite` command prints such fragments.
//!
//! A link may also carry `&draft=<key>`: 32 random bytes (base64url) with which the
//! widget encrypts the patient's unfinished visit before the receiver keeps it, so the
//! patient can finish on another device by opening the same link. The key is made by
//! whoever makes the link and is never stored or sent anywhere: the receiver keeps
//! ciphertext it cannot read.

/// An invite read from the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// The invite's id, which the summary names (`inv-…`).
    pub id: String,
    /// The secret token, sent only as a bearer token.
    pub token: String,
    /// The key for the draft kept by the clinic's receiver, when the link has one.
    pub draft_key: Option<DraftKey>,
}

/// The AES-256-GCM key of an invited visit's draft, as read from the link.
#[derive(Clone, PartialEq, Eq)]
pub struct DraftKey(pub [u8; 32]);

impl std::fmt::Debug for DraftKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DraftKey(…)")
    }
}

impl DraftKey {
    /// The key in a link (`draft=` value): exactly 32 bytes, base64url without padding.
    pub fn from_text(text: &str) -> Option<Self> {
        if text.len() != 43 {
            return None;
        }
        let bytes = crate::jws::from_base64url(text)?;
        bytes.try_into().ok().map(DraftKey)
    }

    /// The key as it is written in a link.
    pub fn to_text(&self) -> String {
        crate::jws::base64url(&self.0)
    }
}

/// The invite in a URL fragment (`location.hash`, with or without its `#`), if it holds
/// a well-formed one. Anything else in the fragment is ignored.
pub fn from_fragment(fragment: &str) -> Option<Invite> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("invite="))?;
    let draft_key = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("draft="))
        .and_then(DraftKey::from_text);
    let (id, token) = value.split_once('.')?;
    let well_formed = |s: &str, min: usize| {
        s.len() >= min
            && s.len() <= 128
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (id.starts_with("inv-") && well_formed(id, 5) && well_formed(token, 16)).then(|| Invite {
        id: id.to_owned(),
        token: token.to_owned(),
        draft_key,
    })
}

/// The fragment for an invite, as a clinic puts it at the end of the widget's link.
pub fn fragment(id: &str, token: &str) -> String {
    format!("#invite={id}.{token}")
}

/// The fragment for an invite whose visit may be finished on another device: the
/// draft key follows the invite.
pub fn fragment_with_draft(id: &str, token: &str, key: &DraftKey) -> String {
    format!("#invite={id}.{token}&draft={}", key.to_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "q3J8xv2N0bWf6yR1tLk9PzA4sD7uE5hG";

    #[test]
    fn reads_the_invite_it_was_given() {
        let invite = from_fragment(&fragment("inv-Ab3_x", TOKEN)).unwrap();
        assert_eq!(invite.id, "inv-Ab3_x");
        assert_eq!(invite.token, TOKEN);
        assert_eq!(
            from_fragment(&format!("lang=es&invite=inv-1.{TOKEN}"))
                .unwrap()
                .id,
            "inv-1"
        );
    }

    #[test]
    fn reads_the_draft_key_and_ignores_a_malformed_one() {
        let key = DraftKey([7; 32]);
        let invite = from_fragment(&fragment_with_draft("inv-1", TOKEN, &key)).unwrap();
        assert_eq!(invite.draft_key, Some(key.clone()));
        assert_eq!(invite.token, TOKEN);
        assert_eq!(
            from_fragment(&fragment("inv-1", TOKEN)).unwrap().draft_key,
            None
        );
        let text = key.to_text();
        for bad in [
            &text[..42],
            &format!("{text}A"),
            "",
            &format!("{}!", &text[..42]),
        ] {
            let read = from_fragment(&format!("#invite=inv-1.{TOKEN}&draft={bad}")).unwrap();
            assert_eq!(read.draft_key, None, "{bad}");
        }
        assert_eq!(
            format!("{key:?}"),
            "DraftKey(…)",
            "the key is never printed"
        );
    }

    #[test]
    fn refuses_what_is_not_an_invite() {
        for bad in [
            "",
            "#",
            "#invite=",
            &format!("#invite={TOKEN}"),
            &format!("#invite=abc.{TOKEN}"),
            "#invite=inv-1.short",
            &format!("#invite=inv-1.{TOKEN}<script>"),
            &format!("#invite=inv-1.{TOKEN}%20"),
        ] {
            assert_eq!(from_fragment(bad), None, "{bad}");
        }
    }
}
