//! What changed in a patient's risk-relevant answers (issue 31, part 4): the items
//! of one visit ([`super::patient_items`] makes them from the answers) compared with
//! the record staff accepted, or before anything is accepted with the previous
//! visit's. Pure: nothing here reads, stores or decides who may accept.
//!
//! Two items are the same when they answer the same question and their keys (names
//! folded as the vocabulary folds them: case, accents, strengths and dose forms left
//! out) or their vocabulary codes are equal; the same item with a different detail
//! (still taking or stopped, the reaction, the choice made) is changed.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One risk-relevant answer: a medicine, an allergy, a condition ticked, or the
/// answer to a question such as pregnancy or a recent treatment's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The question it answers.
    pub question: String,
    /// What it is matched by within the question: a name folded, an option id, or
    /// empty for a question with one answer.
    pub key: String,
    /// The vocabulary entry picked, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What staff read: the name as typed, the option's text, or the question.
    pub label: String,
    /// What else it says (still taking, the reaction, the answer given); may be empty.
    pub detail: String,
}

impl Item {
    fn same(&self, other: &Item) -> bool {
        self.question == other.question
            && (self.key == other.key || self.code.is_some() && self.code == other.code)
    }

    fn differs(&self, other: &Item) -> bool {
        fold(&self.detail) != fold(&other.detail)
    }

    /// The label with its detail, for staff (`Isotretinoin (still taking)`).
    pub fn words(&self) -> String {
        if self.detail.is_empty() {
            self.label.clone()
        } else if self.key.is_empty() {
            format!("{}: {}", self.label, self.detail)
        } else {
            format!("{} ({})", self.label, self.detail)
        }
    }
}

/// One difference between the record before and the latest visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Listed now, not before.
    New(Item),
    /// Listed before, not now.
    Removed(Item),
    /// Listed both times, with a different detail.
    Changed {
        /// As it was.
        before: Item,
        /// As it is now.
        after: Item,
    },
}

/// The differences from `before` to `after`: new and changed items in `after`'s
/// order, then those no longer listed in `before`'s. Unchanged items say nothing.
pub fn diff(before: &[Item], after: &[Item]) -> Vec<Change> {
    let mut out = Vec::new();
    for now in after {
        match before.iter().find(|b| b.same(now)) {
            None => out.push(Change::New(now.clone())),
            Some(was) if was.differs(now) => out.push(Change::Changed {
                before: was.clone(),
                after: now.clone(),
            }),
            Some(_) => {}
        }
    }
    for was in before {
        if !after.iter().any(|a| a.same(was)) {
            out.push(Change::Removed(was.clone()));
        }
    }
    out
}

/// Which visit something came from (its record key's parts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRef {
    /// The submission's id.
    pub id: String,
    /// Its signing key's thumbprint.
    pub kid: String,
}

/// An item of the accepted record, with when and where it was last confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedItem {
    /// The item.
    #[serde(flatten)]
    pub item: Item,
    /// The day of the visit that last listed it (`YYYY-MM-DD`).
    pub confirmed_on: String,
    /// That visit.
    pub visit: VisitRef,
}

/// The record staff accepted (kept sealed as one JSON document for the patient).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// The visit accepted from.
    pub visit: VisitRef,
    /// When that visit was received (RFC 3339).
    pub visit_received_at: String,
    /// The staff member who accepted it (their id).
    pub by: String,
    /// Every item, each with when it was last confirmed.
    pub items: Vec<AcceptedItem>,
}

impl Accepted {
    /// The record as accepted from visit `visit`, received at `received_at`, by
    /// staff member `by`: each item confirmed on that visit's day.
    pub fn from_visit(visit: VisitRef, received_at: &str, by: &str, items: Vec<Item>) -> Self {
        let day = received_at.get(..10).unwrap_or(received_at).to_owned();
        Accepted {
            items: items
                .into_iter()
                .map(|item| AcceptedItem {
                    item,
                    confirmed_on: day.clone(),
                    visit: visit.clone(),
                })
                .collect(),
            visit,
            visit_received_at: received_at.to_owned(),
            by: by.to_owned(),
        }
    }

    /// The items alone, to compare with a visit's.
    pub fn items(&self) -> Vec<Item> {
        self.items.iter().map(|a| a.item.clone()).collect()
    }
}

/// Lower case, accents and marks removed, spaces collapsed.
pub fn fold(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The day of an RFC 3339 time or a `YYYY-MM-DD` date in words (`12 March 2026`);
/// anything else as it is.
pub fn long_date(at: &str) -> String {
    let parts: Option<(u32, usize, &str)> = (|| {
        let year = at.get(..4)?;
        let month: usize = at.get(5..7)?.parse().ok()?;
        let day: u32 = at.get(8..10)?.parse().ok()?;
        Some((day, month, year))
    })();
    match parts {
        Some((day, month @ 1..=12, year)) => format!("{day} {} {year}", MONTHS[month - 1]),
        _ => at.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(name: &str, detail: &str) -> Item {
        Item {
            question: "medications".into(),
            key: crate::domain::patient_items::medicine_key(name),
            code: None,
            label: name.into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn new_removed_changed_and_unchanged() {
        let before = [
            med("Tretinoin", "still taking"),
            med("Warfarin", "still taking"),
            med("Doxycycline", "still taking"),
        ];
        let after = [
            med("Isotretinoin", "still taking"),
            med("Warfarin", "still taking"),
            med("Doxycycline", "stopped 2026-10"),
        ];
        assert_eq!(
            diff(&before, &after),
            [
                Change::New(after[0].clone()),
                Change::Changed {
                    before: before[2].clone(),
                    after: after[2].clone()
                },
                Change::Removed(before[0].clone()),
            ]
        );
        assert!(diff(&after, &after).is_empty());
    }

    #[test]
    fn names_match_whatever_their_case_accents_and_strength() {
        let before = [med("Isotretinoína 20 mg", "Still taking")];
        let after = [med("ISOTRETINOINA", "still  taking")];
        assert!(diff(&before, &after).is_empty());
    }

    #[test]
    fn the_same_vocabulary_code_is_the_same_medicine() {
        let mut before = med("Accutane", "still taking");
        before.code = Some("drug.isotretinoin".into());
        let mut after = med("isotretinoin", "still taking");
        after.code = Some("drug.isotretinoin".into());
        assert!(diff(&[before], &[after]).is_empty());
    }

    #[test]
    fn with_nothing_before_everything_is_new() {
        let after = [med("Isotretinoin", "still taking")];
        assert_eq!(diff(&[], &after), [Change::New(after[0].clone())]);
        assert!(diff(&[], &[]).is_empty());
        assert_eq!(diff(&after, &[]), [Change::Removed(after[0].clone())]);
    }

    #[test]
    fn the_same_key_under_another_question_is_another_item() {
        let mut allergy = med("Lidocaine", "hives");
        allergy.question = "allergies".into();
        let m = med("Lidocaine", "hives");
        assert_eq!(diff(&[m], &[allergy]).len(), 2);
    }

    #[test]
    fn an_accepted_record_confirms_each_item_on_the_visits_day() {
        let visit = VisitRef {
            id: "s".into(),
            kid: "k".into(),
        };
        let a = Accepted::from_visit(
            visit.clone(),
            "2026-03-12T10:42:00Z",
            "staff-1",
            vec![med("Isotretinoin", "still taking")],
        );
        assert_eq!(a.items[0].confirmed_on, "2026-03-12");
        assert_eq!(a.items[0].visit, visit);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Accepted>(&json).unwrap(), a);
        assert_eq!(a.items(), [med("Isotretinoin", "still taking")]);
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(long_date("2026-03-12T10:42:00Z"), "12 March 2026");
        assert_eq!(long_date("2026-12-01"), "1 December 2026");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(long_date("2026-13-01"), "2026-13-01");
    }

    #[test]
    fn an_item_in_words() {
        assert_eq!(
            med("Isotretinoin", "still taking").words(),
            "Isotretinoin (still taking)"
        );
        let single = Item {
            question: "pregnancy_status".into(),
            key: String::new(),
            code: None,
            label: "Pregnant or breastfeeding?".into(),
            detail: "No".into(),
        };
        assert_eq!(single.words(), "Pregnant or breastfeeding?: No");
    }
}
