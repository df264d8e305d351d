//! Table tests of the default protocol, one family at a time. Each case names the
//! rule it checks; negative cases come from the clinical knowledge base.

use crate::support;

use candor_core::risk::{Severity, overall};
use candor_core::{Answer, ReactionSeverity as Sev};
use support::*;

#[test]
fn neurotoxin_neuromuscular_disorder_is_stop() {
    // rule neurotoxin.neuromuscular
    let (p, mut a) = patient(&["neurotoxin"]);
    set(&p, &mut a, "conditions", choices(&["neuromuscular"]));
    set(
        &p,
        &mut a,
        "neuromuscular_which",
        Answer::Choice("myasthenia_gravis".into()),
    );
    assert_eq!(
        severity_of(&p, &a, "neurotoxin.neuromuscular@neurotoxin"),
        Some(Severity::Stop)
    );
    assert_eq!(
        overall(&p, &a, &findings(&p, &a), "neurotoxin"),
        Some(Severity::Stop)
    );
    let f = findings(&p, &a)
        .into_iter()
        .find(|f| f.rule == "neurotoxin.neuromuscular")
        .unwrap();
    assert_eq!(f.triggers, ["conditions: neuromuscular"]);
    assert!(f.source.contains("Warnings and Precautions"));
}

#[test]
fn milk_protein_allergy_stops_dysport_only_and_lactose_intolerance_does_not() {
    // rule neurotoxin.dysport_milk
    let (p, mut a) = patient(&["neurotoxin"]);
    allergic(&p, &mut a, &[("milk protein", Sev::Moderate)]);
    let l = labels(&p, &a);
    assert!(
        l.contains(&"neurotoxin.dysport_milk@neurotoxin/dysport".to_string()),
        "{l:?}"
    );
    assert!(
        !l.iter()
            .any(|x| x.contains("/botox") || x.contains("/xeomin")),
        "{l:?}"
    );

    let (p, mut a) = patient(&["neurotoxin"]);
    allergic(&p, &mut a, &[("lactose intolerance", Sev::Mild)]);
    assert!(!has(&p, &a, "neurotoxin.dysport_milk@neurotoxin/dysport"));
}

#[test]
fn albumin_and_sucrose_are_product_specific() {
    // rules neurotoxin.albumin, neurotoxin.xeomin_sucrose
    let (p, mut a) = patient(&["neurotoxin"]);
    allergic(
        &p,
        &mut a,
        &[("human albumin", Sev::Severe), ("sucrose", Sev::Mild)],
    );
    let l = labels(&p, &a);
    for want in [
        "neurotoxin.albumin@neurotoxin/botox",
        "neurotoxin.albumin@neurotoxin/dysport",
        "neurotoxin.albumin@neurotoxin/xeomin",
        "neurotoxin.xeomin_sucrose@neurotoxin/xeomin",
    ] {
        assert!(l.contains(&want.to_string()), "{want} in {l:?}");
    }
    assert!(!l.contains(&"neurotoxin.xeomin_sucrose@neurotoxin/botox".to_string()));
}

#[test]
fn the_patient_reads_each_rule_once_most_severe_first() {
    // rules neurotoxin.albumin (three products), neurotoxin.xeomin_sucrose
    let (p, mut a) = patient(&["neurotoxin"]);
    allergic(
        &p,
        &mut a,
        &[("human albumin", Sev::Severe), ("sucrose", Sev::Mild)],
    );
    let all = findings(&p, &a);
    let shown = candor_core::risk::for_patient(&all, "neurotoxin");
    let rules: Vec<&str> = shown.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules.iter().filter(|r| **r == "neurotoxin.albumin").count(),
        1,
        "one line for the albumin rule, not one per product: {rules:?}"
    );
    assert!(rules.contains(&"neurotoxin.xeomin_sucrose"));
    assert!(
        shown.windows(2).all(|w| w[0].severity >= w[1].severity),
        "most severe first"
    );
    assert!(candor_core::risk::for_patient(&all, "massage").is_empty());
}

#[test]
fn neurotoxin_drug_interactions() {
    // rules neurotoxin.aminoglycoside (review), neurotoxin.anticholinergic (caution)
    let (p, mut a) = patient(&["neurotoxin"]);
    taking(&p, &mut a, vec![current("gentamicin"), current("Ditropan")]);
    assert_eq!(
        severity_of(&p, &a, "neurotoxin.aminoglycoside@neurotoxin"),
        Some(Severity::Review)
    );
    assert_eq!(
        severity_of(&p, &a, "neurotoxin.anticholinergic@neurotoxin"),
        Some(Severity::Caution)
    );
}

#[test]
fn another_toxin_within_four_months_is_review() {
    // rule neurotoxin.recent_toxin
    let (p, mut a) = patient(&["neurotoxin"]);
    set(&p, &mut a, "previous_treatments", choices(&["neurotoxin"]));
    set(
        &p,
        &mut a,
        "last_neurotoxin",
        Answer::Date(month_year("9", "2026")),
    );
    assert!(has(&p, &a, "neurotoxin.recent_toxin@neurotoxin"));
    set(
        &p,
        &mut a,
        "last_neurotoxin",
        Answer::Date(month_year("3", "2026")),
    );
    assert!(!has(&p, &a, "neurotoxin.recent_toxin@neurotoxin"));
}

#[test]
fn filler_anticoagulant_is_caution_and_not_a_bleeding_disorder() {
    // rules filler.blood_thinners, filler.bleeding_disorder
    let (p, mut a) = patient(&["ha_filler"]);
    taking(&p, &mut a, vec![current("ELIQUIS 5 mg tablet")]);
    assert_eq!(
        severity_of(&p, &a, "filler.blood_thinners@ha_filler"),
        Some(Severity::Caution)
    );
    assert!(!has(&p, &a, "filler.bleeding_disorder@ha_filler"));

    let (p, mut a) = patient(&["ha_filler"]);
    set(&p, &mut a, "conditions", choices(&["bleeding"]));
    assert_eq!(
        severity_of(&p, &a, "filler.bleeding_disorder@ha_filler"),
        Some(Severity::Review)
    );
    assert_eq!(
        severity_of(
            &p,
            &a,
            "filler.bleeding_disorder_restylane@ha_filler/restylane"
        ),
        Some(Severity::Stop)
    );
}

#[test]
fn filler_allergies_stop() {
    // rules filler.anaphylaxis, filler.lidocaine, filler.gram_positive
    let (p, mut a) = patient(&["ha_filler"]);
    allergic(
        &p,
        &mut a,
        &[
            ("Xylocaine", Sev::Moderate),
            ("peanut", Sev::Anaphylaxis),
            ("streptococcal protein", Sev::Mild),
        ],
    );
    for label in [
        "filler.anaphylaxis@ha_filler",
        // Both of the demo's fillers contain lidocaine.
        "filler.lidocaine@ha_filler/juvederm",
        "filler.lidocaine@ha_filler/restylane",
        "filler.gram_positive@ha_filler",
    ] {
        assert_eq!(severity_of(&p, &a, label), Some(Severity::Stop), "{label}");
    }
}

#[test]
fn isotretinoin_washout_is_a_per_treatment_parameter_citing_both_positions() {
    // rule laser.isotretinoin
    let (p, mut a) = patient(&["laser_hair_removal"]);
    set(&p, &mut a, "gold_therapy_ever", Answer::YesNo(false));
    taking(&p, &mut a, vec![stopped("Accutane", "8", "2026")]);
    let f = findings(&p, &a)
        .into_iter()
        .find(|f| f.rule == "laser.isotretinoin")
        .expect("isotretinoin finding");
    assert_eq!(f.severity, Severity::Review);
    assert!(
        f.provider.contains("package insert") && f.provider.contains("ASDS"),
        "{}",
        f.provider
    );
    assert_eq!(f.triggers, ["medications: Accutane (stopped 2026-08)"]);

    // Stopped long enough ago: no finding.
    taking(&p, &mut a, vec![stopped("Accutane", "1", "2026")]);
    assert!(!has(&p, &a, "laser.isotretinoin@laser_hair_removal"));

    // The medical director shortens the window for laser hair removal (ASDS position).
    let mut p2 = p.clone();
    let param = p2
        .protocol
        .as_mut()
        .unwrap()
        .parameters
        .get_mut("isotretinoin_washout_months")
        .unwrap();
    param.by_treatment.insert("laser_hair_removal".into(), 0);
    taking(&p2, &mut a, vec![stopped("Accutane", "8", "2026")]);
    assert!(!has(&p2, &a, "laser.isotretinoin@laser_hair_removal"));
}

#[test]
fn recent_tan_and_gold_therapy_for_laser() {
    // rules laser.recent_tan, laser.gold
    let (p, mut a) = patient(&["laser_hair_removal"]);
    set(&p, &mut a, "recent_tanning", choices(&["tanning_bed"]));
    set(&p, &mut a, "gold_therapy_ever", Answer::YesNo(true));
    assert_eq!(
        severity_of(&p, &a, "laser.recent_tan@laser_hair_removal"),
        Some(Severity::Review)
    );
    assert_eq!(
        severity_of(&p, &a, "laser.gold@laser_hair_removal"),
        Some(Severity::Review)
    );
    set(&p, &mut a, "recent_tanning", choices(&["none"]));
    assert!(!has(&p, &a, "laser.recent_tan@laser_hair_removal"));
}

#[test]
fn aspirin_allergy_stops_salicylic_peels_but_not_glycolic() {
    // rule peel.salicylate_allergy
    let (p, mut a) = patient(&["chemical_peel"]);
    allergic(&p, &mut a, &[("ASA", Sev::Severe)]);
    let l = labels(&p, &a);
    assert!(
        l.contains(&"peel.salicylate_allergy@chemical_peel/salicylic".to_string()),
        "{l:?}"
    );
    assert!(
        l.contains(&"peel.salicylate_allergy@chemical_peel/jessner".to_string()),
        "{l:?}"
    );
    assert!(
        !l.contains(&"peel.salicylate_allergy@chemical_peel/glycolic".to_string()),
        "{l:?}"
    );
}

#[test]
fn microneedling_anticoagulant_follows_the_device_manual() {
    // rule microneedling.bleeding
    let (p, mut a) = patient(&["microneedling"]);
    set(
        &p,
        &mut a,
        "microneedling_recent_scars",
        Answer::YesNo(false),
    );
    taking(&p, &mut a, vec![current("warfarin")]);
    let f = findings(&p, &a)
        .into_iter()
        .find(|f| f.rule == "microneedling.bleeding")
        .unwrap();
    assert_eq!(f.severity, Severity::Stop);
    assert!(
        f.provider.contains("Never advise stopping"),
        "{}",
        f.provider
    );
}

#[test]
fn massage_suspected_clot_and_fever_are_stop_pressure_preferences_are_not() {
    // rules massage.dvt, massage.fever
    let (p, mut a) = patient(&["massage"]);
    set(
        &p,
        &mut a,
        "massage_today",
        choices(&["leg_swelling", "fever"]),
    );
    assert_eq!(
        severity_of(&p, &a, "massage.dvt@massage"),
        Some(Severity::Stop)
    );
    assert_eq!(
        severity_of(&p, &a, "massage.fever@massage"),
        Some(Severity::Stop)
    );
    let (p, mut a) = patient(&["massage"]);
    set(&p, &mut a, "massage_today", choices(&["none"]));
    set(
        &p,
        &mut a,
        "massage_pressure",
        Answer::Choice("light".into()),
    );
    assert_eq!(findings(&p, &a), []);
}

#[test]
fn unanswered_critical_question_is_review_not_silence() {
    // rule common.unanswered.pregnancy_status
    let (p, mut a) = patient(&["ha_filler"]);
    a.values.remove("pregnancy_status");
    assert_eq!(
        severity_of(&p, &a, "common.unanswered.pregnancy_status@ha_filler"),
        Some(Severity::Review)
    );
}

#[test]
fn minors_are_reviewed() {
    // rules common.minor, filler.young
    let (p, mut a) = patient(&["ha_filler"]);
    a.details.date_of_birth.year = "2010".into();
    assert!(has(&p, &a, "common.minor@ha_filler"));
    assert!(has(&p, &a, "filler.young@ha_filler"));
}

#[test]
fn unrecognised_free_text_is_kept_and_routed_to_the_provider() {
    // built-in unrecognised.medication
    let (p, mut a) = patient(&["massage"]);
    set(&p, &mut a, "massage_today", choices(&["none"]));
    taking(&p, &mut a, vec![current("grandma's herbal tea")]);
    let f = findings(&p, &a);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "unrecognised.medication");
    assert_eq!(f[0].severity, Severity::Review);
    assert_eq!(f[0].triggers, ["medication: grandma's herbal tea"]);
    // The patient reads which entry, in their own words.
    assert_eq!(
        f[0].patient.get(candor_core::Lang::En),
        "Your provider will go over \u{201c}grandma's herbal tea\u{201d} with you."
    );
    assert_eq!(
        f[0].patient.get(candor_core::Lang::Es),
        "Su profesional revisará con usted \u{ab}grandma's herbal tea\u{bb}."
    );
}

#[test]
fn two_unrecognised_entries_are_each_shown_to_the_patient() {
    let (p, mut a) = patient(&["massage"]);
    set(&p, &mut a, "massage_today", choices(&["none"]));
    taking(
        &p,
        &mut a,
        vec![current("grandma's herbal tea"), current("green pills")],
    );
    let f = findings(&p, &a);
    let shown: Vec<&str> = candor_core::risk::for_patient(&f, "massage")
        .iter()
        .map(|f| f.patient.get(candor_core::Lang::En))
        .collect();
    assert_eq!(
        shown,
        [
            "Your provider will go over \u{201c}grandma's herbal tea\u{201d} with you.",
            "Your provider will go over \u{201c}green pills\u{201d} with you."
        ]
    );
}

#[test]
fn patient_wording_never_says_stop_taking_and_stop_findings_promise_medical_director_review() {
    let p = candor_core::ClinicProfile::demo();
    for rule in &p.protocol.as_ref().unwrap().rules {
        for (lang, text) in [
            ("en", rule.patient.en.as_deref().unwrap_or("")),
            ("es", rule.patient.es.as_deref().unwrap_or("")),
        ] {
            let lower = text.to_lowercase();
            for forbidden in [
                "stop taking",
                "stop your",
                "discontinue",
                "deje de tomar",
                "dejar de tomar",
                "suspenda",
            ] {
                assert!(!lower.contains(forbidden), "{} {lang}: {text}", rule.id);
            }
            if rule.severity == Severity::Stop {
                let promise = if lang == "en" {
                    "medical director will review"
                } else {
                    "dirección médica de la clínica revisará"
                };
                assert!(lower.contains(promise), "{} {lang}: {text}", rule.id);
                let continue_ = if lang == "en" {
                    "you can still continue"
                } else {
                    "puede seguir"
                };
                assert!(lower.contains(continue_), "{} {lang}: {text}", rule.id);
            }
        }
        assert!(!rule.source.trim().is_empty(), "{} has a source", rule.id);
    }
}

#[test]
fn the_demo_protocols_own_test_cases_pass() {
    let p = candor_core::ClinicProfile::demo();
    let protocol = p.protocol.as_ref().unwrap();
    let outcomes = candor_core::risk::run_tests(&p, protocol, today());
    assert!(outcomes.len() >= 6);
    for o in outcomes {
        assert!(o.passed(), "{}: {:?}", o.name, o.failures);
    }
}

#[test]
fn the_default_protocol_lints_without_errors_and_covers_every_treatment_class() {
    let p = candor_core::ClinicProfile::demo();
    let protocol = p.protocol.as_ref().unwrap();
    let issues = candor_core::risk::lint(&p, protocol);
    assert!(issues.iter().all(|i| !i.error), "{issues:?}");
    for class in [
        "neurotoxin",
        "ha_filler",
        "biostimulator",
        "kybella",
        "laser_hair_removal",
        "ipl",
        "chemical_peel",
        "ablative_resurfacing",
        "non_ablative_resurfacing",
        "microneedling",
        "rf_microneedling",
        "massage",
    ] {
        assert!(
            protocol
                .rules
                .iter()
                .any(|r| r.treatments.iter().any(|t| t == class)),
            "{class}"
        );
    }
    // Classes the demo clinic does not offer are reported, not silently ignored.
    assert!(issues.iter().any(|i| {
        i.message
            .contains("applies to no treatment this clinic offers")
    }));
}

#[test]
fn everyday_and_spanish_phrasings_of_milk_protein_allergy_stop_dysport() {
    // rule neurotoxin.dysport_milk
    for typed in [
        "cow's milk protein",
        "allergic to milk",
        "milk",
        "dairy",
        "leche",
        "alergia a la leche",
        "lácteos",
        "Soy alérgica a la leche de vaca",
    ] {
        let (p, mut a) = patient(&["neurotoxin"]);
        allergic(&p, &mut a, &[(typed, Sev::Moderate)]);
        assert_eq!(
            severity_of(&p, &a, "neurotoxin.dysport_milk@neurotoxin/dysport"),
            Some(Severity::Stop),
            "{typed}"
        );
        assert!(!has(&p, &a, "unrecognised.allergy@neurotoxin"), "{typed}");
    }
    for typed in [
        "lactose intolerance",
        "intolerancia a la lactosa",
        "lactosa",
    ] {
        let (p, mut a) = patient(&["neurotoxin"]);
        allergic(&p, &mut a, &[(typed, Sev::Mild)]);
        assert!(
            !has(&p, &a, "neurotoxin.dysport_milk@neurotoxin/dysport"),
            "{typed}"
        );
    }
}

#[test]
fn the_spanish_brand_roacutan_is_isotretinoin() {
    // rule laser.isotretinoin
    let (p, mut a) = patient(&["laser_hair_removal"]);
    taking(&p, &mut a, vec![current("Roacután 20 mg")]);
    assert_eq!(
        severity_of(&p, &a, "laser.isotretinoin@laser_hair_removal"),
        Some(Severity::Review)
    );
}

#[test]
fn a_cold_sore_in_the_last_two_weeks_stops_injectables_and_resurfacing() {
    // rule hsv.active_cold_sore (today is 2026-11-22)
    for (last, active) in [
        (("22", "11", "2026"), true),
        (("10", "11", "2026"), true),
        (("", "11", "2026"), true),
        (("1", "11", "2026"), false),
        (("", "8", "2026"), false),
    ] {
        for treatment in [
            "neurotoxin",
            "ha_filler",
            "chemical_peel",
            "laser_hair_removal",
        ] {
            let (p, mut a) = patient(&[treatment]);
            set(&p, &mut a, "conditions", choices(&["cold_sores"]));
            set(
                &p,
                &mut a,
                "cold_sore_last",
                Answer::Date(candor_core::DateParts {
                    day: last.0.into(),
                    month: last.1.into(),
                    year: last.2.into(),
                }),
            );
            let label = format!("hsv.active_cold_sore@{treatment}");
            let expected = active.then_some(Severity::Stop);
            assert_eq!(
                severity_of(&p, &a, &label),
                expected,
                "{last:?} {treatment}"
            );
        }
    }
}

#[test]
fn an_aminoglycoside_ointment_or_drops_is_information_a_course_is_review() {
    // rules neurotoxin.aminoglycoside, neurotoxin.aminoglycoside_topical
    for (typed, systemic) in [
        ("Neosporin ointment", false),
        ("Neosporin", false),
        ("neomycin cream on a knee scrape", false),
        ("tobramycin eye drops", false),
        ("gotas de tobramicina para los ojos", false),
        ("gentamicin IV", true),
        ("gentamicin injection", true),
        ("tobramycin inhaler", true),
        ("gentamicin", true),
    ] {
        let (p, mut a) = patient(&["neurotoxin"]);
        taking(&p, &mut a, vec![current(typed)]);
        let review = severity_of(&p, &a, "neurotoxin.aminoglycoside@neurotoxin");
        let info = severity_of(&p, &a, "neurotoxin.aminoglycoside_topical@neurotoxin");
        if systemic {
            assert_eq!((review, info), (Some(Severity::Review), None), "{typed}");
        } else {
            assert_eq!((review, info), (None, Some(Severity::Info)), "{typed}");
        }
    }
}
