//! What must hold before a patient (or their parent or guardian) may sign a consent,
//! and the record of the decision.

use std::collections::BTreeSet;

use crate::answers::Answers;
use crate::consent::{ConsentDocument, document_hash};
use crate::date::CivilDate;
use crate::i18n::Lang;
use crate::signature::Pad;
use crate::summary::{ConsentDecision, Decision, SignatureEvent, SignatureMethod, Signer};

/// Age from which a patient signs for themselves.
pub const AGE_OF_MAJORITY: i32 = 18;

/// Why a signature cannot be accepted yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignProblem {
    /// The section with this id needs its own acknowledgement.
    Acknowledge(String),
    /// Nothing drawn (or too little to be a signature) and nothing typed.
    EmptySignature,
    /// The signer's printed name is missing.
    PrintedName,
    /// The patient is a minor: a parent or guardian signs, with their relationship.
    GuardianRelationship,
}

/// How the signature is being made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SignatureInput<'a> {
    /// Drawn on the pad: its strokes.
    Drawn(&'a Pad),
    /// A typed name adopted as the signature.
    Typed(&'a str),
}

impl SignatureInput<'_> {
    /// Too little drawn ([`Pad::is_empty`]) or fewer than two letters typed.
    pub fn is_empty(&self) -> bool {
        match self {
            SignatureInput::Drawn(pad) => pad.is_empty(),
            SignatureInput::Typed(text) => text.trim().chars().count() < 2,
        }
    }

    /// What the summary records: the strokes, or the typed name trimmed.
    pub fn method(&self) -> SignatureMethod {
        match self {
            SignatureInput::Drawn(pad) => pad.method(),
            SignatureInput::Typed(text) => SignatureMethod::Typed {
                text: text.trim().to_owned(),
            },
        }
    }
}

/// Everything the signer gave on a consent screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Signing<'a> {
    /// The drawn or typed signature.
    pub signature: SignatureInput<'a>,
    /// The signer's printed name, as typed.
    pub printed_name: &'a str,
    /// For a minor, the parent's or guardian's relationship to the patient, as typed;
    /// `None` when the patient signs for themselves.
    pub guardian_relationship: Option<&'a str>,
}

/// Whether the patient is a minor on `today`, so a parent or guardian must sign.
/// Unknown when the date of birth is not valid yet (then not a minor).
pub fn needs_guardian(answers: &Answers, today: CivilDate) -> bool {
    answers
        .details
        .age_on(today)
        .is_some_and(|age| age < AGE_OF_MAJORITY)
}

/// Every reason the patient cannot sign `doc` yet, in the document's order: each
/// acknowledgement not ticked, then the signature, the printed name and, for a
/// minor, the guardian's relationship.
pub fn sign_problems(
    doc: &ConsentDocument,
    acknowledged: &BTreeSet<String>,
    signing: &Signing,
) -> Vec<SignProblem> {
    let mut problems: Vec<SignProblem> = doc
        .sections
        .iter()
        .filter(|s| s.acknowledge.is_some() && !acknowledged.contains(&s.id))
        .map(|s| SignProblem::Acknowledge(s.id.clone()))
        .collect();
    if signing.signature.is_empty() {
        problems.push(SignProblem::EmptySignature);
    }
    if signing.printed_name.trim().is_empty() {
        problems.push(SignProblem::PrintedName);
    }
    if signing
        .guardian_relationship
        .is_some_and(|r| r.trim().is_empty())
    {
        problems.push(SignProblem::GuardianRelationship);
    }
    problems
}

/// The signature event adopting `signing` on `doc`, or every reason it cannot be
/// adopted yet ([`sign_problems`]). Names and the typed signature are trimmed; a
/// guardian's relationship makes the signer the guardian.
pub fn adopt_signature(
    doc: &ConsentDocument,
    acknowledged: &BTreeSet<String>,
    signing: &Signing,
    meaning: String,
    signed_at: String,
) -> Result<SignatureEvent, Vec<SignProblem>> {
    let problems = sign_problems(doc, acknowledged, signing);
    if !problems.is_empty() {
        return Err(problems);
    }
    let signer = match signing.guardian_relationship {
        Some(relationship) => Signer::Guardian {
            relationship: relationship.trim().to_owned(),
        },
        None => Signer::Patient,
    };
    Ok(SignatureEvent {
        signer,
        printed_name: signing.printed_name.trim().to_owned(),
        meaning,
        signed_at,
        method: signing.signature.method(),
    })
}

/// The record of a decision about `doc` as read in `lang`, with the hash of exactly
/// that text. `signature` is the index of the adopting signature for a consent.
pub fn decision_record(
    doc: &ConsentDocument,
    lang: Lang,
    decision: Decision,
    acknowledged: &BTreeSet<String>,
    decided_at: String,
    signature: Option<u32>,
) -> ConsentDecision {
    ConsentDecision {
        document: doc.id.clone(),
        version: doc.version.clone(),
        sha256: document_hash(doc, lang),
        language: lang,
        treatment: doc.treatment.clone(),
        decision,
        acknowledged: doc
            .sections
            .iter()
            .filter(|s| acknowledged.contains(&s.id))
            .map(|s| s.id.clone())
            .collect(),
        decided_at,
        signature: if decision == Decision::Consented {
            signature
        } else {
            None
        },
    }
}
