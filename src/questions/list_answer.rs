//! Editing a list answer (medicines, allergies) one entry at a time. Every change
//! writes the whole list back through [`Visit::answer`], so validation and the
//! pruning of hidden answers apply to it as to any other answer.

use candor_core::vocabulary::{TermKind, code_for};
use candor_core::{Answer, Question};
use leptos::prelude::*;

use super::combobox::{ComboSpec, combobox};
use crate::components::described_by;
use crate::html::El;
use crate::state::{IssueKey, Visit, entry_id};
use crate::text::Text;

/// What every entry of a list needs: the key its problems are filed under, the id of
/// its name box, and whether and how that box shows a problem.
pub(super) struct Entry {
    /// The key of the entry's problems.
    pub key: IssueKey,
    /// The element id of the entry's name box.
    pub name_id: String,
    /// Whether a problem with the entry is shown.
    pub invalid: Signal<bool>,
    /// The name box's `aria-describedby`.
    pub described: Signal<Option<String>>,
}

/// A list question's answer and the edits the interface makes to it.
pub(super) struct ListAnswer<T: Send + Sync + 'static> {
    visit: Visit,
    question: StoredValue<String>,
    /// The entries, as the visit holds them (empty before the first).
    pub list: Signal<Vec<T>>,
    wrap: fn(Vec<T>) -> Answer,
}

impl<T: Send + Sync> Clone for ListAnswer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync> Copy for ListAnswer<T> {}

impl<T: Clone + Send + Sync + 'static> ListAnswer<T> {
    /// The answer to `q`; `entries` reads the list out of an answer, `wrap` makes one.
    pub fn new(
        visit: Visit,
        q: &Question,
        entries: fn(Answer) -> Option<Vec<T>>,
        wrap: fn(Vec<T>) -> Answer,
    ) -> Self {
        let id = q.id.clone();
        ListAnswer {
            visit,
            question: StoredValue::new(q.id.clone()),
            list: Signal::derive(move || {
                visit.answer_of(&id).and_then(entries).unwrap_or_default()
            }),
            wrap,
        }
    }

    fn store(&self, items: Vec<T>) {
        let answer = (self.wrap)(items);
        self.question
            .with_value(move |id| self.visit.answer(id, answer));
    }

    /// The ids and problem state of entry `i`.
    pub fn entry(&self, i: usize) -> Entry {
        let visit = self.visit;
        let question = self.question.get_value();
        let key = IssueKey::Question(question.clone(), Some(i));
        let name_id = entry_id(&question, i, "name");
        let invalid = {
            let key = key.clone();
            Signal::derive(move || visit.shown_issue(&key).is_some())
        };
        let described = {
            let (name_id, key) = (name_id.clone(), key.clone());
            Signal::derive(move || described_by(visit, &name_id, &key, false))
        };
        Entry {
            key,
            name_id,
            invalid,
            described,
        }
    }

    /// The search-as-you-type box naming entry `i` (a medicine, a substance) over the
    /// `kind` vocabulary: typed text is kept as it is, with the code of a name typed
    /// exactly; a picked suggestion records its code. `name` reads the entry's name
    /// and `set` writes the name and code.
    pub fn name_box(
        &self,
        entry: &Entry,
        i: usize,
        label: fn(&Text) -> &'static str,
        kind: TermKind,
        name: fn(&T) -> &str,
        set: fn(&mut T, String, Option<String>),
    ) -> El {
        let (answer, list) = (*self, self.list);
        combobox(ComboSpec {
            id: entry.name_id.clone(),
            label,
            kind,
            value: Signal::derive(move || {
                list.with(|l| l.get(i).map(|t| name(t).to_owned()).unwrap_or_default())
            }),
            invalid: entry.invalid,
            described_by: entry.described,
            on_input: Callback::new(move |text: String| {
                let code = code_for(kind, &text);
                answer.update(i, &|t| set(t, text.clone(), code.clone()))
            }),
            on_pick: Callback::new(move |(text, code): (String, String)| {
                answer.update(i, &|t| set(t, text.clone(), Some(code.clone())))
            }),
        })
    }

    /// Changes entry `i` with `change`.
    pub fn update(&self, i: usize, change: &dyn Fn(&mut T)) {
        let mut items = self.list.get_untracked();
        if let Some(item) = items.get_mut(i) {
            change(item);
        }
        self.store(items);
    }

    /// Appends `item` and returns its index.
    pub fn add(&self, item: T) -> usize {
        let mut items = self.list.get_untracked();
        items.push(item);
        let index = items.len() - 1;
        self.store(items);
        index
    }

    /// Removes entry `i`.
    pub fn remove(&self, i: usize) {
        let mut items = self.list.get_untracked();
        if i < items.len() {
            items.remove(i);
        }
        self.store(items);
    }
}
