//! Checks of the delivery targets: where submissions may go.

use super::Checker;

/// Target ids are unique, URLs are https (or the local machine, or a path on the
/// widget's own origin) without credentials, query or fragment, and a parent page is
/// one exact origin.
pub(super) fn check_delivery(c: &mut Checker) {
    use crate::profile::{DeliveryTarget, endpoint_problem, origin_problem};
    c.unique(
        "$.delivery",
        c.profile.delivery.iter().map(DeliveryTarget::id),
    );
    let mut parents = 0;
    for (i, target) in c.profile.delivery.iter().enumerate() {
        let (field, problem) = match target {
            DeliveryTarget::Https { url, .. } => ("url", endpoint_problem(url, true)),
            DeliveryTarget::Fhir { base_url, .. } => {
                ("base_url", endpoint_problem(base_url, false))
            }
            DeliveryTarget::ParentPage { origin, .. } => {
                parents += 1;
                ("origin", origin_problem(origin))
            }
        };
        if let Some(problem) = problem {
            c.error(format!("$.delivery[{i}].{field}"), problem);
        }
        if let Some(problem) = target.drafts_url().and_then(|u| endpoint_problem(u, true)) {
            c.error(format!("$.delivery[{i}].drafts_url"), problem);
        }
    }
    if c.profile
        .delivery
        .iter()
        .filter_map(DeliveryTarget::drafts_url)
        .count()
        > 1
    {
        c.error(
            "$.delivery",
            "at most one target keeps drafts: a visit has one draft",
        );
    }
    if parents > 1 {
        c.error(
            "$.delivery",
            "at most one parent_page target: the widget has one embedding page",
        );
    }
}
