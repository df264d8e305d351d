//! "Did you mean …?" for an id a profile's author almost got right: a protocol's lint
//! names the closest id of the list the field takes, so `lactose` points to
//! `lactose_intolerance` and `bleeding_disorders` to `bleeding_disorder`.

use crate::vocabulary::edit_distance;

/// The candidate `word` most likely meant: one that starts with it (`lactose` →
/// `lactose_intolerance`), else the nearest within a few edits (about a
/// quarter of its length, at least two); `None` when nothing is close.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(word, &mut candidates.into_iter())
}

/// [`closest`] over one iterator type: the widget's bundle holds one copy of it, not
/// one per list it is called with.
fn nearest<'a>(word: &str, candidates: &mut dyn Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.trim().to_ascii_lowercase();
    if word.is_empty() {
        return None;
    }
    let most = (word.chars().count() / 4).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let lower = candidate.to_ascii_lowercase();
        if lower == word {
            continue;
        }
        // The start of the id: nearer than any misspelling. (Not `contains`: its
        // substring searcher would cost the widget's bundle more than this whole file.)
        let distance = if word.len() >= 4 && lower.starts_with(&word) {
            0
        } else {
            edit_distance(&word, &lower)
        };
        if distance <= most && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` for the closest candidate, or nothing.
///
/// In the widget (wasm32) always nothing: the author's tools (`candor-protocol lint`,
/// the receiver) say it, and the patient's download does not carry the search.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    if cfg!(target_arch = "wasm32") {
        return String::new();
    }
    closest(word, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_or_a_misspelling_points_to_the_id() {
        let ids = [
            "lactose_intolerance",
            "cow_milk_protein",
            "bleeding_disorder",
            "keloid_history",
        ];
        assert_eq!(closest("lactose", ids), Some("lactose_intolerance"));
        assert_eq!(
            closest("bleeding_disorders", ids),
            Some("bleeding_disorder")
        );
        assert_eq!(closest("cow_milk_protien", ids), Some("cow_milk_protein"));
        assert_eq!(closest("penicillin", ids), None);
        assert_eq!(closest("", ids), None);
        assert_eq!(hint("keloid", ids), " (did you mean `keloid_history`?)");
        assert_eq!(hint("zzz", ids), "");
    }
}
