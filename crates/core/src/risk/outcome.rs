//! What comes of the findings: what the patient reads of them, and a treatment's
//! overall result.

use super::{Finding, Severity};
use crate::answers::Answers;
use crate::profile::ClinicProfile;

/// What the patient is shown for `treatment`: each rule's words once (a
/// product-specific rule may fire for several products with the same words; each
/// unrecognised entry has words of its own), in the order [`evaluate`](super::evaluate) gives, which is
/// most severe first.
pub fn for_patient<'a>(findings: &'a [Finding], treatment: &str) -> Vec<&'a Finding> {
    let mut shown: Vec<&Finding> = Vec::new();
    for finding in findings.iter().filter(|f| f.treatment == treatment) {
        if !shown
            .iter()
            .any(|s| s.rule == finding.rule && s.patient == finding.patient)
        {
            shown.push(finding);
        }
    }
    shown
}

/// The overall result for `treatment`: the highest severity among its findings, where
/// findings about some of its products count as they would for the product the
/// provider can still choose.
///
/// With a product chosen (in `answers`), that product's findings count in full.
/// Without one, if every offered product has product findings, the least severe
/// product's count (whichever is chosen, that much remains); if some offered product
/// has none, they count as `caution` at most: the provider adapts by choosing another
/// product, and each finding still says which product it rules out.
pub fn overall(
    profile: &ClinicProfile,
    answers: &Answers,
    findings: &[Finding],
    treatment: &str,
) -> Option<Severity> {
    let mine = || findings.iter().filter(move |f| f.treatment == treatment);
    let general = mine()
        .filter(|f| f.product.is_none())
        .map(|f| f.severity)
        .max();
    let candidates: Vec<&str> = match answers.products.get(treatment) {
        Some(chosen) => vec![chosen.as_str()],
        None => profile
            .treatment(treatment)
            .map(|t| t.products.iter().map(|p| p.id.as_str()).collect())
            .unwrap_or_default(),
    };
    let per_product: Vec<Option<Severity>> = candidates
        .iter()
        .map(|p| {
            mine()
                .filter(|f| f.product.as_deref() == Some(*p))
                .map(|f| f.severity)
                .max()
        })
        .collect();
    let products = if per_product.iter().all(Option::is_some) {
        per_product.into_iter().flatten().min()
    } else {
        per_product
            .into_iter()
            .flatten()
            .max()
            .map(|s| s.min(Severity::Caution))
    };
    general.max(products)
}
