//! Check-ins after a treatment, as the clinic profile holds them: the demo's schedule,
//! the reader's paths, the checks' errors and the lint's warnings.

use candor_core::profile::protocol::RED_FLAG_CLASSES;
use candor_core::profile::{Act, DEMO_PROFILE_JSON};
use candor_core::risk::lint;
use candor_core::{ClinicProfile, Lang};
use serde_json::{Value, json};

fn demo_value() -> Value {
    serde_json::from_str(DEMO_PROFILE_JSON).unwrap()
}

/// The demo after `edit`, its problems as "path: message".
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v = demo_value();
    edit(&mut v);
    match ClinicProfile::from_json(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The demo after `edit`, its lint warnings about check-ins as "path message".
fn warnings_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v = demo_value();
    edit(&mut v);
    let profile = ClinicProfile::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
    lint(&profile, profile.protocol.as_ref().unwrap())
        .into_iter()
        .filter(|i| !i.error && i.path.contains("check_ins"))
        .map(|i| format!("{} {}", i.path, i.message))
        .collect()
}

#[test]
fn the_demo_checks_in_after_every_treatment_on_the_reference_schedule() {
    let demo = ClinicProfile::demo();
    let schedule: Vec<(&str, Vec<u16>, bool)> = demo
        .treatments
        .iter()
        .map(|t| {
            let c = t.check_ins.as_ref().unwrap();
            (t.id.as_str(), c.after_days.clone(), c.photo)
        })
        .collect();
    assert_eq!(
        schedule,
        [
            ("neurotoxin", vec![3, 14], false),
            ("ha_filler", vec![1, 14], true),
            ("laser_hair_removal", vec![2, 7], true),
            ("chemical_peel", vec![2, 7], true),
            ("microneedling", vec![2, 5], true),
            ("massage", vec![2], false),
        ]
    );
    let aftercare = demo.aftercare.as_ref().unwrap();
    assert_eq!(aftercare.call, "+15550104477");
    assert_eq!(aftercare.emergency_number, "911");
    // Every treatment has signs that act and one that does not, in both languages.
    for t in &demo.treatments {
        let c = t.check_ins.as_ref().unwrap();
        assert!(c.signs.iter().any(|s| s.act.is_some()), "{}", t.id);
        assert!(c.signs.iter().any(|s| s.act.is_none()), "{}", t.id);
        for s in &c.signs {
            assert!(s.text.missing(&[Lang::En, Lang::Es]).is_empty(), "{}", s.id);
        }
    }
    let filler = demo
        .treatment("ha_filler")
        .unwrap()
        .check_ins
        .as_ref()
        .unwrap();
    assert_eq!(
        filler.sign("vision_change").unwrap().act,
        Some(Act::Emergency)
    );
    assert_eq!(filler.sign("blanching").unwrap().act, Some(Act::CallClinic));
    let massage = demo
        .treatment("massage")
        .unwrap()
        .check_ins
        .as_ref()
        .unwrap();
    assert_eq!(
        massage.sign("chest_pain").unwrap().act,
        Some(Act::Emergency)
    );
    assert_eq!(
        massage.sign("one_sided_leg_swelling").unwrap().act,
        Some(Act::CallClinic)
    );
}

#[test]
fn the_sign_texts_never_diagnose_or_reassure() {
    let demo = ClinicProfile::demo();
    let words = [
        "sign of",
        "means",
        "normal",
        "nothing to worry",
        "don't worry",
        "signo de",
        "significa",
        "no se preocupe",
    ];
    for t in &demo.treatments {
        for s in &t.check_ins.as_ref().unwrap().signs {
            for lang in [Lang::En, Lang::Es] {
                let text = s.text.get(lang).to_lowercase();
                for w in words {
                    assert!(!text.contains(w), "{} {}: {text}", t.id, s.id);
                }
            }
        }
    }
}

#[test]
fn the_reader_names_unknown_fields_and_wrong_types_with_their_paths() {
    let problems = problems_after(|v| {
        v["treatments"][1]["check_ins"]["after_day"] = json!([1]);
        v["treatments"][1]["check_ins"]["photo"] = json!("yes");
        v["treatments"][1]["check_ins"]["signs"][0]["act"] = json!("call");
        v["treatments"][1]["check_ins"]["signs"][1]["text"] = json!("Mottling");
        v["treatments"][0]["check_ins"]["after_days"] = json!([3, "14"]);
        v["aftercare"]["phone"] = json!("+15550104477");
    });
    assert_eq!(
        problems,
        [
            "$.treatments[0].check_ins.after_days[1]: must be a whole number of days, not text",
            "$.treatments[1].check_ins.after_day: unknown field `after_day` (did you mean `after_days`?); expected one of: after_days, photo, signs",
            "$.treatments[1].check_ins.photo: must be true or false, not text",
            "$.treatments[1].check_ins.signs[0].act: must be one of: call_clinic, emergency",
            "$.treatments[1].check_ins.signs[1].text: must be an object, not text",
            "$.aftercare.phone: unknown field `phone`; expected one of: call, emergency_number",
        ]
    );
}

#[test]
fn days_must_ascend_within_a_year_and_be_listed() {
    let problems = problems_after(|v| {
        v["treatments"][0]["check_ins"]["after_days"] = json!([3, 3, 400]);
        v["treatments"][1]["check_ins"]["after_days"] = json!([14, 1]);
        v["treatments"][2]["check_ins"]["after_days"] = json!([]);
    });
    assert_eq!(
        problems,
        [
            "$.treatments[0].check_ins.after_days[1]: days must be in ascending order, each once",
            "$.treatments[0].check_ins.after_days[2]: must be at most 365 days after the treatment",
            "$.treatments[1].check_ins.after_days[1]: days must be in ascending order, each once",
            "$.treatments[2].check_ins.after_days: list at least one day (0 is the same evening)",
        ]
    );
}

#[test]
fn day_zero_is_the_same_evening_and_allowed() {
    assert!(
        problems_after(|v| {
            v["treatments"][1]["check_ins"]["after_days"] = json!([0, 14]);
        })
        .is_empty()
    );
}

#[test]
fn sign_ids_are_unique_and_plain_and_every_sign_is_translated() {
    let problems = problems_after(|v| {
        let signs = &mut v["treatments"][1]["check_ins"]["signs"];
        signs[1]["id"] = json!("blanching");
        signs[2]["id"] = json!("Worsening pain");
        signs[3]["text"] = json!({"en": "Any change in your vision"});
    });
    assert_eq!(
        problems,
        [
            "$.treatments[1].check_ins.signs[1].id: duplicate sign id `blanching`",
            "$.treatments[1].check_ins.signs[2].id: must be lower-case letters, digits and `_` only",
            "$.treatments[1].check_ins.signs[3].text.es: missing the Español translation",
        ]
    );
}

#[test]
fn check_ins_need_a_sign() {
    let problems = problems_after(|v| {
        v["treatments"][5]["check_ins"]["signs"] = json!([]);
    });
    assert_eq!(
        problems,
        ["$.treatments[5].check_ins.signs: list at least one sign the patient is asked about"]
    );
}

#[test]
fn check_ins_need_the_clinics_number_in_e164() {
    let missing = problems_after(|v| {
        v.as_object_mut().unwrap().remove("aftercare");
    });
    assert_eq!(
        missing,
        [
            "$.aftercare: a profile with check-ins needs `aftercare` with the clinic's number (`call`, in E.164)"
        ]
    );
    let typed = problems_after(|v| v["aftercare"]["call"] = json!("(555) 010-4477"));
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert!(typed[0].starts_with("$.aftercare.call: must be a number in E.164"));
    assert!(!typed[0].contains("010-4477"), "never echoes the number");
    // Without check-ins, no aftercare is needed.
    assert!(
        problems_after(|v| {
            v.as_object_mut().unwrap().remove("aftercare");
            for t in v["treatments"].as_array_mut().unwrap() {
                t.as_object_mut().unwrap().remove("check_ins");
            }
        })
        .is_empty()
    );
}

#[test]
fn an_emergency_sign_needs_the_emergency_number() {
    let empty = problems_after(|v| v["aftercare"]["emergency_number"] = json!(""));
    assert_eq!(
        empty,
        [
            "$.aftercare.emergency_number: a sign acts `emergency`, so the local emergency number is needed (such as 911)"
        ]
    );
    let letters = problems_after(|v| v["aftercare"]["emergency_number"] = json!("nine"));
    assert_eq!(
        letters,
        ["$.aftercare.emergency_number: must be 2 to 6 digits, such as 911 or 112"]
    );
    // No sign acts `emergency`: the number may be left empty.
    assert!(
        problems_after(|v| {
            v["aftercare"]["emergency_number"] = json!("");
            for t in v["treatments"].as_array_mut().unwrap() {
                for s in t["check_ins"]["signs"].as_array_mut().unwrap() {
                    if s["act"] == "emergency" {
                        s["act"] = json!("call_clinic");
                    }
                }
            }
        })
        .is_empty()
    );
}

#[test]
fn the_demo_and_harbor_skin_lint_without_check_in_warnings() {
    assert_eq!(warnings_after(|_| {}), Vec::<String>::new());
    let harbor = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/profiles/harbor-skin.json"
    ))
    .unwrap();
    let harbor = ClinicProfile::from_json(&harbor).unwrap();
    let issues = lint(&harbor, harbor.protocol.as_ref().unwrap());
    assert!(
        !issues.iter().any(|i| i.path.contains("check_ins")),
        "{issues:?}"
    );
}

#[test]
fn a_red_flag_treatment_without_check_ins_is_warned_of() {
    let w = warnings_after(|v| {
        v["treatments"][5]
            .as_object_mut()
            .unwrap()
            .remove("check_ins");
    });
    assert_eq!(
        w,
        [
            "$.treatments[5].check_ins `massage` (class `massage`) has no check-ins, so no patient is asked after it about its warning signs; add `check_ins` with signs that `act`"
        ]
    );
    assert!(RED_FLAG_CLASSES.contains(&"massage"));
}

#[test]
fn check_ins_without_a_sign_that_acts_are_warned_of() {
    let w = warnings_after(|v| {
        for s in v["treatments"][3]["check_ins"]["signs"]
            .as_array_mut()
            .unwrap()
        {
            s.as_object_mut().unwrap().remove("act");
        }
    });
    assert_eq!(
        w,
        [
            "$.treatments[3].check_ins.signs no sign of `chemical_peel` asks the patient to act (`\"act\": \"call_clinic\"` or `\"emergency\"`), so a red flag waits for staff to read it"
        ]
    );
}

#[test]
fn a_filler_without_an_emergency_sign_is_warned_of() {
    let w = warnings_after(|v| {
        v["treatments"][1]["check_ins"]["signs"][3]["act"] = json!("call_clinic")
    });
    assert_eq!(
        w,
        [
            "$.treatments[1].check_ins.signs no sign of filler `ha_filler` acts `emergency`: a change in vision after a filler needs emergency care at once"
        ]
    );
}

#[test]
fn a_class_without_known_red_flags_needs_no_check_ins() {
    let w = warnings_after(|v| {
        v["treatments"][5]["class"] = json!("ipl");
        v["treatments"][5]
            .as_object_mut()
            .unwrap()
            .remove("check_ins");
    });
    assert_eq!(w, Vec::<String>::new());
}

#[test]
fn check_ins_round_trip_through_the_derive() {
    let demo = ClinicProfile::demo();
    let by_serde: ClinicProfile = serde_json::from_str(DEMO_PROFILE_JSON).unwrap();
    assert_eq!(by_serde.aftercare, demo.aftercare);
    let written = serde_json::to_value(&demo.treatments[1]).unwrap();
    assert_eq!(
        written["check_ins"],
        demo_value()["treatments"][1]["check_ins"]
    );
    // A sign without `act` and check-ins without a photo write neither.
    let massage = serde_json::to_value(&demo.treatments[5]).unwrap();
    assert!(massage["check_ins"].get("photo").is_none());
    assert!(massage["check_ins"]["signs"][3].get("act").is_none());
}
