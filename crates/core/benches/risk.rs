//! Speed of the risk engine and of vocabulary lookups, as the widget uses them:
//! the whole default protocol against a full answer set (run on every answer), and
//! one suggestion lookup per keystroke in the medication box.
//! Targets: under 50 µs and under 200 µs natively.

use candor_core::risk::evaluate;
use candor_core::risk::matching::resolve;
use candor_core::vocabulary::{TermKind, suggest};
use candor_core::{
    Allergy, Answer, Answers, CivilDate, ClinicProfile, DateParts, Lang, Medication,
    ReactionSeverity,
};

fn main() {
    divan::main();
}

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

/// A patient with every treatment chosen and many risk answers.
fn full_answers(profile: &ClinicProfile) -> Answers {
    let mut a = Answers::new(Lang::En);
    a.details.date_of_birth = DateParts {
        day: "14".into(),
        month: "5".into(),
        year: "1990".into(),
    };
    for t in &profile.treatments {
        a.choose_treatment(profile, &t.id, true, today());
    }
    let meds = [
        "Eliquis 5 mg",
        "Accutane",
        "doxycycline",
        "Retin-A",
        "fish oil",
        "Ozempic",
        "grandma's tea",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| Medication {
        name: n.to_string(),
        code: None,
        current: i % 2 == 0,
        stopped: DateParts {
            day: String::new(),
            month: "8".into(),
            year: "2026".into(),
        },
    })
    .collect();
    let allergies = [
        ("milk protein", ReactionSeverity::Moderate),
        ("Xylocaine", ReactionSeverity::Severe),
        ("latex", ReactionSeverity::Mild),
    ]
    .iter()
    .map(|(s, sev)| Allergy {
        substance: s.to_string(),
        code: None,
        reaction: "hives".into(),
        severity: Some(*sev),
    })
    .collect();
    let conditions = [
        "cold_sores",
        "neuromuscular",
        "bleeding",
        "keloid",
        "diabetes",
    ]
    .map(String::from)
    .to_vec();
    for (q, answer) in [
        ("conditions", Answer::Choices(conditions)),
        (
            "neuromuscular_which",
            Answer::Choice("myasthenia_gravis".into()),
        ),
        ("takes_medications", Answer::YesNo(true)),
        ("medications", Answer::Medications(meds)),
        ("gold_therapy_ever", Answer::YesNo(true)),
        ("has_allergies", Answer::YesNo(true)),
        ("allergies", Answer::Allergies(allergies)),
        ("pregnancy_status", Answer::Choice("breastfeeding".into())),
        (
            "previous_treatments",
            Answer::Choices(vec!["neurotoxin".into(), "filler".into()]),
        ),
        (
            "last_neurotoxin",
            Answer::Date(DateParts {
                day: String::new(),
                month: "10".into(),
                year: "2026".into(),
            }),
        ),
        (
            "last_filler",
            Answer::Date(DateParts {
                day: String::new(),
                month: "9".into(),
                year: "2026".into(),
            }),
        ),
        ("recent_tanning", Answer::Choices(vec!["sun_tan".into()])),
        (
            "massage_today",
            Answer::Choices(vec!["leg_swelling".into()]),
        ),
    ] {
        a.set(profile, q, answer, today());
    }
    a
}

#[divan::bench]
fn evaluate_default_protocol_full_answers(bencher: divan::Bencher) {
    let profile = ClinicProfile::demo();
    let protocol = profile.protocol.clone().unwrap();
    let answers = full_answers(&profile);
    assert!(evaluate(&profile, &protocol, &answers, today()).len() > 40);
    bencher.bench(|| {
        evaluate(
            divan::black_box(&profile),
            &protocol,
            divan::black_box(&answers),
            today(),
        )
    });
}

#[divan::bench(args = ["e", "el", "eli", "eliq", "eliqui", "eliquis 5 mg", "ozem", "acutane"])]
fn suggestions_per_keystroke(typed: &str) -> usize {
    suggest(TermKind::Medication, divan::black_box(typed), 6).len()
}

#[divan::bench(args = ["Eliquis", "Elliquis", "grandma's tea", "isotretinion 20mg"])]
fn resolve_typed_medication(typed: &str) -> bool {
    resolve(TermKind::Medication, None, divan::black_box(typed)).is_some()
}
