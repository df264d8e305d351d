//! Invited visits: a clinic sends a link ending in `#invite=<invite id>.<token>`.
//!
//! The fragment never reaches a server (browsers do not send it); the widget reads it
//! once, removes it from the address bar at once, names the invite id in the summary
//! and sends the token only as `Authorization: Bearer <token>` to the clinic's own
//! HTTPS targets. The reference receiver's `invite` command prints such fragments.

/// An invite read from the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// The invite's id, which the summary names (`inv-…`).
    pub id: String,
    /// The secret token, sent only as a bearer token.
    pub token: String,
}

/// The invite in a URL fragment (`location.hash`, with or without its `#`), if it holds
/// a well-formed one. Anything else in the fragment is ignored.
pub fn from_fragment(fragment: &str) -> Option<Invite> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("invite="))?;
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
    })
}

/// The fragment for an invite, as a clinic puts it at the end of the widget's link.
pub fn fragment(id: &str, token: &str) -> String {
    format!("#invite={id}.{token}")
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
