//! What the clinic's receiver tells an invited visit about the appointment its
//! invitation was made for (`GET <drafts url>/booking` with the invite's token): the
//! treatments booked, chosen for the patient when the visit opens (the patient may
//! change them), and the language the clinic has for them. Nothing here is sent
//! anywhere; the summary names the invite, and the receiver knows its appointment.
//!
//! Read by walking a `serde_json::Value` rather than with serde's derive, as
//! `answers::read` does: the derive cost the widget's first visit about 1 KB (brotli).

use serde_json::Value;

use crate::answers::Answers;
use crate::date::CivilDate;
use crate::i18n::Lang;
use crate::profile::ClinicProfile;

/// The booked visit, as the receiver describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    /// The receiver's id of the appointment.
    pub appointment: String,
    /// The treatment ids booked.
    pub treatments: Vec<String>,
    /// The patient's language as booked (`en`, `es`).
    pub language: Option<String>,
    /// The start, RFC 3339 with its offset.
    pub start: Option<String>,
}

impl Booking {
    /// Reads the receiver's answer; `None` when it is not a booking.
    pub fn from_json(text: &str) -> Option<Booking> {
        let value: Value = serde_json::from_str(text).ok()?;
        let o = value.as_object()?;
        let text = |key: &str| o.get(key).and_then(Value::as_str).map(str::to_owned);
        let treatments = match o.get("treatments") {
            None => Vec::new(),
            Some(list) => list
                .as_array()?
                .iter()
                .map(|t| t.as_str().map(str::to_owned))
                .collect::<Option<_>>()?,
        };
        Some(Booking {
            appointment: text("appointment")?,
            treatments,
            language: text("language"),
            start: text("start"),
        })
    }

    /// The booked language, when the profile offers it.
    pub fn lang(&self, profile: &ClinicProfile) -> Option<Lang> {
        let lang = Lang::from_tag(self.language.as_deref()?)?;
        profile.languages.contains(&lang).then_some(lang)
    }

    /// Chooses the booked treatments the profile offers, unless the patient already
    /// chose some (the patient's own choice is never replaced); whether any were chosen.
    pub fn choose_for(
        &self,
        profile: &ClinicProfile,
        answers: &mut Answers,
        today: CivilDate,
    ) -> bool {
        if !answers.treatments.is_empty() {
            return false;
        }
        let mut chose = false;
        for id in &self.treatments {
            if profile.treatments.iter().any(|t| &t.id == id) {
                answers.choose_treatment(profile, id, true, today);
                chose = true;
            }
        }
        chose
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> ClinicProfile {
        ClinicProfile::from_json(include_str!("../../profiles/demo.json")).unwrap()
    }

    fn today() -> CivilDate {
        CivilDate::new(2031, 5, 6).unwrap()
    }

    #[test]
    fn the_booked_treatments_the_clinic_offers_are_chosen_in_the_profiles_order() {
        let booking = Booking::from_json(
            r#"{"appointment":"apt-1","treatments":["ha_filler","tattoo_removal","neurotoxin"],"language":"es","start":"2031-05-06T10:30:00-05:00"}"#,
        )
        .unwrap();
        let profile = demo();
        let mut answers = Answers::new(Lang::En);
        assert!(booking.choose_for(&profile, &mut answers, today()));
        assert_eq!(answers.treatments, ["neurotoxin", "ha_filler"]);
        assert_eq!(booking.lang(&profile), Some(Lang::Es));
    }

    #[test]
    fn a_patients_own_choice_is_never_replaced() {
        let booking =
            Booking::from_json(r#"{"appointment":"apt-1","treatments":["ha_filler"]}"#).unwrap();
        let profile = demo();
        let mut answers = Answers::new(Lang::En);
        answers.choose_treatment(&profile, "massage", true, today());
        assert!(!booking.choose_for(&profile, &mut answers, today()));
        assert_eq!(answers.treatments, ["massage"]);
        assert_eq!(booking.lang(&profile), None, "no language booked");
    }

    #[test]
    fn what_is_not_a_booking_is_none() {
        assert_eq!(Booking::from_json("[]"), None);
        assert_eq!(
            Booking::from_json(r#"{"treatments":["x"]}"#),
            None,
            "no appointment"
        );
    }
}
