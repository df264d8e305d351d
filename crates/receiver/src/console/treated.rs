//! Mark treated on the day's board: a dialog asking, for each treatment of the visit,
//! the product, lot number, device and settings used (each optional), sent to
//! `POST /console/api/appointments/{id}/treated` ([`super::scope::treated`]). The
//! board's button says which treatments the visit has; the dialog shows their parts.

use maud::{Markup, html};

use crate::service::appointments::Clinic;

/// The dialog, with a part for every treatment the clinic offers (the console's
/// script shows those of the visit being marked).
pub fn dialog(clinic: Option<&Clinic>) -> Markup {
    html! {
        dialog id="treated" aria-labelledby="treated-title" {
            form id="treated-form" method="dialog" novalidate {
                h2 id="treated-title" { "Mark treated" }
                p id="treated-who" {}
                p class="hint" { "What you used, for the chart and the medical director's review of incidents by product and lot. Check-ins are sent to the patient on the days the protocol sets." }
                input type="hidden" id="treated-id";
                @if let Some(clinic) = clinic {
                    @for (id, name) in clinic.treatments.iter().zip(&clinic.names) {
                        fieldset data-treatment=(id) hidden {
                            legend { (name) }
                            div class="filters" {
                                label for={ "treated-" (id) "-product" } { "Product" }
                                input id={ "treated-" (id) "-product" } name="product" type="text" maxlength="120" autocomplete="off" list={ "treated-" (id) "-products" };
                                datalist id={ "treated-" (id) "-products" } {
                                    @for p in clinic.products.get(id).into_iter().flatten() { option value=(p) {} }
                                }
                                label for={ "treated-" (id) "-lot" } { "Lot number" }
                                input id={ "treated-" (id) "-lot" } name="lot" type="text" maxlength="120" autocomplete="off";
                                label for={ "treated-" (id) "-device" } { "Device" }
                                input id={ "treated-" (id) "-device" } name="device" type="text" maxlength="120" autocomplete="off";
                                label for={ "treated-" (id) "-settings" } { "Settings or amount" }
                                input id={ "treated-" (id) "-settings" } name="settings" type="text" maxlength="500" autocomplete="off";
                            }
                        }
                    }
                }
                ul id="treated-problems" {}
                button type="submit" id="treated-submit" { "Mark treated" }
                " "
                button type="button" class="secondary" id="treated-cancel" { "Cancel" }
            }
        }
    }
}
