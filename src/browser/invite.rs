//! An invited visit's link: `#invite=<invite id>.<token>` is read once, at start, and
//! removed from the address bar at once, so it is not left in history, bookmarks or a
//! screenshot. What the fragment means is decided by the core
//! ([`candor_core::delivery::invite`]).

use candor_core::delivery::invite::{self, Invite};

/// The invite in the page's address, if there is one; the fragment is removed from
/// the address either way when it mentions an invite.
pub fn take() -> Option<Invite> {
    invite::from_fragment(&super::address::take_fragment("invite=")?)
}
