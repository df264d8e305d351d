//! A check-in's assessment and report: each demo sign acts as the clinic wrote it,
//! the most urgent comes first, pain alone never makes a check-in urgent, answers the
//! profile does not know are named by position, and the report a browser sends is
//! checked against the profile and its assessment recomputed.

use candor_core::ClinicProfile;
use candor_core::check_in::{
    Assessment, CHECK_IN_FORMAT, CheckInAnswers, CheckInProblem, CheckInReport, MAX_NOTE_CHARS,
    ReportProblem, Urgency, assess, problems,
};
use candor_core::profile::{Act, CheckIns};
use proptest::prelude::*;
use serde_json::json;

fn check_ins(profile: &ClinicProfile, treatment: &str) -> CheckIns {
    profile
        .treatment(treatment)
        .unwrap()
        .check_ins
        .clone()
        .unwrap()
}

fn ticked(signs: &[&str]) -> CheckInAnswers {
    CheckInAnswers {
        signs: signs.iter().map(|s| (*s).to_owned()).collect(),
        ..CheckInAnswers::default()
    }
}

fn report(profile: &ClinicProfile) -> CheckInReport {
    CheckInReport {
        format: CHECK_IN_FORMAT,
        id: "0f8e2c1a-5b7d-4e3f-9a1b-2c3d4e5f6a7b".into(),
        treatment: "ha_filler".into(),
        day: 1,
        profile_version: profile.version.clone(),
        profile_sha256: profile.sha256.clone(),
        language: candor_core::Lang::Es,
        answers: CheckInAnswers {
            pain: Some(4),
            signs: vec!["bruising".into(), "blanching".into()],
            note: "Me duele al sonreír.".into(),
            photo: true,
        },
        urgency: Urgency::CallClinic,
        completed_at: "2026-12-08T20:15:00-05:00".into(),
    }
}

#[test]
fn each_demo_sign_alone_acts_as_the_clinic_wrote_it() {
    let demo = ClinicProfile::demo();
    let mut counted = 0;
    for t in &demo.treatments {
        let c = t.check_ins.as_ref().unwrap();
        for sign in &c.signs {
            let got = assess(c, &ticked(&[&sign.id]));
            let want = match sign.act {
                None => Assessment {
                    act: Urgency::Routine,
                    signs: vec![],
                },
                Some(act) => Assessment {
                    act: act.into(),
                    signs: vec![sign.id.clone()],
                },
            };
            assert_eq!(got, want, "{} {}", t.id, sign.id);
            counted += 1;
        }
    }
    assert_eq!(counted, 30, "every demo sign assessed");
}

#[test]
fn the_red_flags_of_the_issue_act() {
    let demo = ClinicProfile::demo();
    let cases = [
        ("ha_filler", "blanching", Urgency::CallClinic),
        ("ha_filler", "mottling", Urgency::CallClinic),
        ("ha_filler", "worsening_pain", Urgency::CallClinic),
        ("ha_filler", "vision_change", Urgency::Emergency),
        (
            "neurotoxin",
            "trouble_swallowing_speaking_breathing",
            Urgency::Emergency,
        ),
        ("neurotoxin", "drooping_eyelid", Urgency::CallClinic),
        ("neurotoxin", "double_vision", Urgency::CallClinic),
        ("chemical_peel", "blisters", Urgency::CallClinic),
        ("chemical_peel", "new_facial_pain", Urgency::CallClinic),
        ("chemical_peel", "cold_sores", Urgency::CallClinic),
        ("laser_hair_removal", "blisters", Urgency::CallClinic),
        ("laser_hair_removal", "cold_sores", Urgency::CallClinic),
        ("microneedling", "worsening_redness", Urgency::CallClinic),
        ("microneedling", "pus", Urgency::CallClinic),
        ("microneedling", "fever", Urgency::CallClinic),
        ("massage", "one_sided_leg_swelling", Urgency::CallClinic),
        ("massage", "chest_pain", Urgency::Emergency),
        ("massage", "breathlessness", Urgency::Emergency),
        ("ha_filler", "bruising", Urgency::Routine),
        ("massage", "soreness", Urgency::Routine),
    ];
    for (treatment, sign, urgency) in cases {
        let got = assess(&check_ins(&demo, treatment), &ticked(&[sign]));
        assert_eq!(got.act, urgency, "{treatment} {sign}");
    }
}

#[test]
fn the_most_urgent_sign_comes_first_then_the_profiles_order() {
    let demo = ClinicProfile::demo();
    let filler = check_ins(&demo, "ha_filler");
    let got = assess(
        &filler,
        &ticked(&["bruising", "worsening_pain", "vision_change", "blanching"]),
    );
    assert_eq!(got.act, Urgency::Emergency);
    assert_eq!(got.signs, ["vision_change", "blanching", "worsening_pain"]);
    assert!(Urgency::Routine < Urgency::CallClinic && Urgency::CallClinic < Urgency::Emergency);
    assert_eq!(Urgency::from(Act::Emergency), Urgency::Emergency);
}

#[test]
fn pain_and_the_note_alone_never_make_a_check_in_urgent() {
    let demo = ClinicProfile::demo();
    for t in &demo.treatments {
        let answers = CheckInAnswers {
            pain: Some(10),
            signs: vec![],
            note: "The worst pain, and my vision is blurry".into(),
            photo: false,
        };
        let got = assess(t.check_ins.as_ref().unwrap(), &answers);
        assert_eq!(got.act, Urgency::Routine, "{}", t.id);
        assert!(got.signs.is_empty());
    }
}

#[test]
fn unknown_and_repeated_signs_are_named_by_position_and_ignored() {
    let demo = ClinicProfile::demo();
    let massage = check_ins(&demo, "massage");
    let answers = ticked(&["chest_pain", "vision_change", "chest_pain", "soreness"]);
    assert_eq!(
        problems(&massage, &answers),
        [
            CheckInProblem::UnknownSign { index: 1 },
            CheckInProblem::DuplicateSign { index: 2 },
        ]
    );
    let got = assess(&massage, &answers);
    assert_eq!(got.act, Urgency::Emergency);
    assert_eq!(
        got.signs,
        ["chest_pain"],
        "each sign once, unknown ones left out"
    );
    // A filler's sign ticked on a massage's check-in is unknown there.
    assert_eq!(
        assess(&massage, &ticked(&["vision_change"])).act,
        Urgency::Routine
    );
}

#[test]
fn pain_the_note_and_the_photo_have_limits() {
    let demo = ClinicProfile::demo();
    let massage = check_ins(&demo, "massage");
    let answers = CheckInAnswers {
        pain: Some(11),
        signs: vec![],
        note: "ñ".repeat(MAX_NOTE_CHARS + 1),
        photo: true,
    };
    let found = problems(&massage, &answers);
    assert_eq!(
        found,
        [
            CheckInProblem::PainAboveTen,
            CheckInProblem::NoteTooLong { chars: 2_001 },
            CheckInProblem::PhotoNotAsked,
        ]
    );
    assert_eq!(
        found.iter().map(CheckInProblem::path).collect::<Vec<_>>(),
        ["pain", "note", "photo"]
    );
    // At the limits, nothing is wrong: characters are counted, not bytes.
    let at_limit = CheckInAnswers {
        pain: Some(10),
        signs: vec![],
        note: "ñ".repeat(MAX_NOTE_CHARS),
        photo: true,
    };
    assert!(problems(&check_ins(&demo, "ha_filler"), &at_limit).is_empty());
}

#[test]
fn a_report_round_trips_and_its_canonical_bytes_are_stable() {
    let demo = ClinicProfile::demo();
    let r = report(&demo);
    let text = serde_json::to_string(&r).unwrap();
    let back: CheckInReport = serde_json::from_str(&text).unwrap();
    assert_eq!(back, r);
    let bytes = r.canonical_bytes().unwrap();
    assert_eq!(back.canonical_bytes().unwrap(), bytes);
    let canonical = String::from_utf8(bytes).unwrap();
    assert!(
        canonical.starts_with(r#"{"answers":{"note":"Me duele al sonreír.","pain":4,"photo":true,"signs":["bruising","blanching"]},"completed_at":"2026-12-08T20:15:00-05:00","day":1,"format":1,"id":"#),
        "{canonical}"
    );
    assert!(canonical.ends_with(r#""treatment":"ha_filler","urgency":"call_clinic"}"#));
    // Without pain, the member is left out, not null.
    let mut no_pain = r.clone();
    no_pain.answers.pain = None;
    let v = serde_json::to_value(&no_pain).unwrap();
    assert!(v["answers"].get("pain").is_none());
    assert_eq!(serde_json::from_value::<CheckInReport>(v).unwrap(), no_pain);
}

#[test]
fn a_report_with_a_member_it_does_not_know_is_refused() {
    let demo = ClinicProfile::demo();
    let mut v = serde_json::to_value(report(&demo)).unwrap();
    v["answers"]["mood"] = json!("fine");
    assert!(serde_json::from_value::<CheckInReport>(v.clone()).is_err());
    v["answers"].as_object_mut().unwrap().remove("mood");
    v["urgent"] = json!(true);
    assert!(serde_json::from_value::<CheckInReport>(v.clone()).is_err());
    v.as_object_mut().unwrap().remove("urgent");
    v["urgency"] = json!("urgent");
    assert!(serde_json::from_value::<CheckInReport>(v).is_err());
}

#[test]
fn the_receiver_recomputes_the_assessment_from_the_profile() {
    let demo = ClinicProfile::demo();
    let mut r = report(&demo);
    assert!(r.is_for(&demo));
    // The browser said routine; the profile says blanching means call the clinic.
    r.urgency = Urgency::Routine;
    assert_eq!(
        r.check(&demo),
        Ok(Assessment {
            act: Urgency::CallClinic,
            signs: vec!["blanching".into()],
        })
    );
}

#[test]
fn a_report_for_the_wrong_day_or_treatment_is_refused() {
    let demo = ClinicProfile::demo();
    let mut wrong_day = report(&demo);
    wrong_day.day = 3;
    assert_eq!(wrong_day.check(&demo), Err(vec![ReportProblem::Day]));

    let mut unknown = report(&demo);
    unknown.treatment = "thread_lift".into();
    assert_eq!(
        unknown.check(&demo),
        Err(vec![ReportProblem::UnknownTreatment])
    );

    let mut no_check_ins = demo.clone();
    no_check_ins.treatments[1].check_ins = None;
    assert_eq!(
        report(&demo).check(&no_check_ins),
        Err(vec![ReportProblem::NoCheckIns])
    );
}

#[test]
fn every_problem_of_a_report_is_named_with_its_path() {
    let demo = ClinicProfile::demo();
    let mut r = report(&demo);
    r.format = 2;
    r.id = "not-a-uuid".into();
    r.profile_sha256 = "ABC".into();
    r.completed_at = "yesterday".into();
    r.answers.signs.push("sunburn".into());
    r.answers.pain = Some(12);
    let found = r.check(&demo).unwrap_err();
    assert_eq!(
        found.iter().map(ReportProblem::path).collect::<Vec<_>>(),
        [
            "$.format",
            "$.id",
            "$.profile_sha256",
            "$.completed_at",
            "$.answers.signs[2]",
            "$.answers.pain",
        ]
    );
    let mut english_only = demo.clone();
    english_only.languages = vec![candor_core::Lang::En];
    assert_eq!(
        report(&demo).check(&english_only),
        Err(vec![ReportProblem::Language])
    );
}

proptest! {
    /// Whatever a patient ticks, the urgency is the most urgent act among the ticked
    /// signs the clinic lists, and the signs named are exactly those that act, most
    /// urgent first, each once.
    #[test]
    fn the_assessment_is_the_most_urgent_ticked_act(
        treatment in 0usize..6,
        picks in proptest::collection::vec(0usize..8, 0..10),
    ) {
        let demo = ClinicProfile::demo();
        let c = demo.treatments[treatment].check_ins.clone().unwrap();
        // Indices past the treatment's signs tick an id it does not know.
        let signs: Vec<String> = picks
            .iter()
            .map(|i| c.signs.get(*i).map_or_else(|| format!("other_{i}"), |s| s.id.clone()))
            .collect();
        let answers = CheckInAnswers { signs, ..CheckInAnswers::default() };
        let got = assess(&c, &answers);
        let acts = |id: &str| c.sign(id).and_then(|s| s.act).map(Urgency::from);
        let most = answers.signs.iter().filter_map(|id| acts(id)).max().unwrap_or(Urgency::Routine);
        prop_assert_eq!(got.act, most);
        let mut expected: Vec<&String> = c.signs.iter().map(|s| &s.id)
            .filter(|id| answers.signs.contains(id) && acts(id).is_some()).collect();
        expected.sort_by_key(|id| std::cmp::Reverse(acts(id)));
        prop_assert_eq!(got.signs.iter().collect::<Vec<_>>(), expected);
        for pair in got.signs.windows(2) {
            prop_assert!(acts(&pair[0]) >= acts(&pair[1]));
        }
    }
}
