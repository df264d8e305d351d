//! What the patient decided about each consent document, their signatures, the
//! disclosure, and the audit trail: the state of the consent part of a visit.

use std::collections::{BTreeMap, BTreeSet};

use candor_core::Lang;
use candor_core::consent::{ConsentDocument, document_hash};
use candor_core::signing::decision_record;
use candor_core::summary::{
    AuditEvent, AuditKind, ConsentDecision, Decision, DisclosureAcceptance, SignatureEvent,
};
use leptos::prelude::*;

use crate::browser::clock;

/// The consent part of one visit. Like the answers, it lives only in memory.
#[derive(Clone, Copy)]
pub struct Consents {
    /// The accepted electronic-records disclosure.
    pub disclosure: RwSignal<Option<DisclosureAcceptance>>,
    /// Acknowledgements ticked, by document id.
    pub acknowledged: RwSignal<BTreeMap<String, BTreeSet<String>>>,
    /// Decisions, in the order they were made.
    pub decisions: RwSignal<Vec<ConsentDecision>>,
    /// Signatures adopted, in order.
    pub signatures: RwSignal<Vec<SignatureEvent>>,
    /// What happened when.
    pub audit: RwSignal<Vec<AuditEvent>>,
    /// The patient chose paper: nothing is sent and the answers were cleared.
    pub paper: RwSignal<bool>,
    /// The id of the submission once it is signed (one per visit, whatever happens).
    pub submission: RwSignal<Option<String>>,
    /// WebCrypto was not available (not a secure context).
    pub cannot_sign: RwSignal<bool>,
}

impl Consents {
    /// Nothing decided yet; the audit trail starts now.
    pub fn new() -> Self {
        Self {
            disclosure: RwSignal::new(None),
            acknowledged: RwSignal::new(BTreeMap::new()),
            decisions: RwSignal::new(Vec::new()),
            signatures: RwSignal::new(Vec::new()),
            audit: RwSignal::new(vec![AuditEvent {
                at: clock::now_rfc3339(),
                event: AuditKind::Started,
                subject: None,
            }]),
            paper: RwSignal::new(false),
            submission: RwSignal::new(None),
            cannot_sign: RwSignal::new(false),
        }
    }

    /// Adds an event to the audit trail.
    pub fn log(&self, event: AuditKind, subject: Option<String>) {
        self.audit.update(|a| {
            a.push(AuditEvent {
                at: clock::now_rfc3339(),
                event,
                subject,
            })
        });
    }

    /// Records the disclosure as accepted now.
    pub fn accept_disclosure(&self, doc: &ConsentDocument, lang: Lang) {
        let accepted_at = clock::now_rfc3339();
        self.disclosure.set(Some(DisclosureAcceptance {
            document: doc.id.clone(),
            version: doc.version.clone(),
            sha256: document_hash(doc, lang),
            language: lang,
            accepted_at,
        }));
        self.log(AuditKind::DisclosureAccepted, Some(doc.id.clone()));
    }

    /// Ticks or unticks the acknowledgement of `section` of `doc`.
    pub fn acknowledge(&self, doc: &str, section: &str, on: bool) {
        self.acknowledged.update(|a| {
            let set = a.entry(doc.to_owned()).or_default();
            if on {
                set.insert(section.to_owned());
            } else {
                set.remove(section);
            }
        });
    }

    /// The acknowledgements ticked on `doc`.
    pub fn acknowledged_on(&self, doc: &str) -> BTreeSet<String> {
        self.acknowledged
            .with(|a| a.get(doc).cloned().unwrap_or_default())
    }

    /// Records a decision about `doc` (replacing an earlier one, if the patient came
    /// back), with the signature that adopted a consent.
    pub fn decide(
        &self,
        doc: &ConsentDocument,
        lang: Lang,
        decision: Decision,
        signature: Option<SignatureEvent>,
    ) {
        let index = signature.map(|s| {
            self.log(AuditKind::Signed, Some(doc.id.clone()));
            let mut index = 0;
            self.signatures.update(|all| {
                all.push(s);
                index = all.len() as u32 - 1;
            });
            index
        });
        let record = decision_record(
            doc,
            lang,
            decision,
            &self.acknowledged_on(&doc.id),
            clock::now_rfc3339(),
            index,
        );
        self.decisions.update(|d| {
            d.retain(|r| r.document != doc.id);
            d.push(record);
        });
        self.log(AuditKind::ConsentDecided, Some(doc.id.clone()));
    }
}

impl Default for Consents {
    fn default() -> Self {
        Self::new()
    }
}
