//! Checks of the profile's `vocabulary`: named once a question is a medication or
//! allergy list, a well-formed digest, and (where the vocabulary is built in: the
//! receiver, the protocol tool) the very file this build carries.

use super::Checker;
use crate::profile::{QuestionType, is_sha256_hex};

pub(super) fn check_vocabulary(c: &mut Checker) {
    let lists = c.profile.questions().any(|q| {
        matches!(
            q.kind,
            QuestionType::MedicationList | QuestionType::AllergyList
        )
    });
    let Some(named) = &c.profile.vocabulary else {
        if lists {
            c.error(
                "$.vocabulary",
                "is required: the profile asks for medicines or allergies, so it names the vocabulary its risk checks read (`candor-protocol vocabulary` prints it)",
            );
        }
        return;
    };
    c.not_blank("$.vocabulary.version", &named.version);
    if !is_sha256_hex(&named.sha256) {
        c.error(
            "$.vocabulary.sha256",
            "must be a SHA-256 in 64 lowercase hex digits",
        );
    } else if cfg!(feature = "builtin-vocabulary") {
        builtin_matches(c, named);
    }
}

/// The profile names this build's vocabulary.
#[cfg(feature = "builtin-vocabulary")]
fn builtin_matches(c: &mut Checker, named: &crate::profile::VocabularyRef) {
    let builtin = crate::vocabulary::data::builtin();
    if named.sha256 != builtin.sha256 {
        c.error(
            "$.vocabulary",
            format!(
                "names vocabulary {} (sha256 {}…), but this build's is {} (sha256 {}…): `candor-protocol vocabulary` prints the one to name",
                named.version,
                &named.sha256[..12],
                builtin.version,
                &builtin.sha256[..12]
            ),
        );
    }
}

/// Without a built-in vocabulary (the widget) the file is checked when it arrives.
#[cfg(not(feature = "builtin-vocabulary"))]
fn builtin_matches(_: &mut Checker, _: &crate::profile::VocabularyRef) {}
