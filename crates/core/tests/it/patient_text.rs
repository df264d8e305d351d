//! Every finding's patient text is true for every way its rule can fire: the text is
//! read once for each alternative of the rule's condition (each branch of a top-level
//! `any`), and every thing it says the patient reported (a keyword below) must be
//! justified by what that alternative reads, or by the treatment itself ("peel",
//! "laser"). A sentence listing alternatives with "or" may name the others as long as
//! it also names the one reported ("pregnant or breastfeeding").

use candor_core::profile::Condition;
use candor_core::risk::{RiskCondition, Rule};
use candor_core::{ClinicProfile, Lang};

/// A word a patient text may use, and what justifies it: trigger ids
/// (`question:option`, `med:class`, `allergy:class`, `date:question`,
/// `treatment:id`, …), a trailing `*` matching any suffix.
const KEYWORDS: &[(Lang, &str, &[&str])] = &[
    (Lang::En, "keloid", &["conditions:keloid"]),
    (Lang::En, "diabetes", &["conditions:diabetes"]),
    (
        Lang::En,
        "pacemaker",
        &[
            "implants:pacemaker",
            "implants:defibrillator",
            "implants:other_electronic",
        ],
    ),
    (
        Lang::En,
        "defibrillator",
        &[
            "implants:defibrillator",
            "implants:other_electronic",
            "implants:pacemaker",
        ],
    ),
    (
        Lang::En,
        "implanted electronic",
        &[
            "implants:pacemaker",
            "implants:defibrillator",
            "implants:other_electronic",
        ],
    ),
    (
        Lang::En,
        "metal",
        &["implants:metal_implant", "allergy:nickel"],
    ),
    (Lang::En, "facial implants", &["implants:permanent_filler"]),
    (Lang::En, "you get cold sores", &["conditions:cold_sores"]),
    (Lang::En, "had a cold sore", &["conditions:cold_sores"]),
    (
        Lang::En,
        "pregnan",
        &["pregnancy_status:pregnant", "pregnancy_high_risk:*"],
    ),
    (
        Lang::En,
        "breastfeeding",
        &["pregnancy_status:breastfeeding"],
    ),
    (Lang::En, "infection", &["conditions:active_infection"]),
    (Lang::En, "acne", &["skin_condition_which:acne"]),
    (Lang::En, "vitiligo", &["skin_condition_which:vitiligo"]),
    (Lang::En, "skin condition", &["conditions:skin_condition"]),
    (
        Lang::En,
        "peel",
        &[
            "treatment:chemical_peel",
            "date:last_peel",
            "allergy:peel_agent",
            "allergy:salicylate",
        ],
    ),
    (
        Lang::En,
        "laser",
        &[
            "treatment:laser_hair_removal",
            "treatment:ipl",
            "treatment:ablative_resurfacing",
            "treatment:non_ablative_resurfacing",
            "date:last_laser",
            "med:gold_therapy",
            "gold_therapy_ever:*",
        ],
    ),
    (
        Lang::En,
        "filler",
        &[
            "treatment:ha_filler",
            "treatment:biostimulator",
            "date:last_filler",
            "filler_areas:*",
            "allergy:hyaluronic_acid",
            "allergy:hyaluronidase",
            "allergy:insect_venom",
            "allergy:amide_anesthetic",
            "allergy:gram_positive_protein",
            "allergy:sculptra_component",
            "allergy:radiesse_component",
            "implants:permanent_filler",
        ],
    ),
    (Lang::En, "isotretinoin", &["med:isotretinoin"]),
    (Lang::En, "retinoid", &["med:topical_retinoid"]),
    (
        Lang::En,
        "immune",
        &[
            "med:immunosuppressant",
            "med:corticosteroid",
            "conditions:autoimmune",
        ],
    ),
    (Lang::En, "antibiotic", &["med:aminoglycoside"]),
    (
        Lang::En,
        "muscle relaxant",
        &["med:muscle_relaxant", "med:neuromuscular_blocker"],
    ),
    (Lang::En, "nerve or muscle", &["conditions:neuromuscular"]),
    (Lang::En, "seizure", &["conditions:seizures"]),
    (Lang::En, "heart", &["conditions:heart"]),
    (
        Lang::En,
        "blood pressure",
        &["conditions:high_blood_pressure"],
    ),
    (Lang::En, "cancer", &["conditions:cancer"]),
    (Lang::En, "tattoo", &["tattoo_in_area:*"]),
    (
        Lang::En,
        "gold",
        &["gold_therapy_ever:*", "med:gold_therapy"],
    ),
    (Lang::En, "milk", &["allergy:cow_milk_protein"]),
    (Lang::En, "albumin", &["allergy:human_albumin"]),
    (Lang::En, "sucrose", &["allergy:sucrose"]),
    (Lang::En, "nickel", &["allergy:nickel"]),
    (Lang::En, "aspirin", &["allergy:salicylate"]),
    (
        Lang::En,
        "numbing",
        &["allergy:amide_anesthetic", "allergy:local_anesthetic"],
    ),
    (Lang::En, "anaphylaxis", &["allergy:severe"]),
    (Lang::En, "under 18", &["age_under:18"]),
    (Lang::En, "under 22", &["age_under:22"]),
    (Lang::En, "fever", &["massage_today:fever"]),
    (Lang::En, "blood clots", &["conditions:blood_clots"]),
    (Lang::En, "swallowing", &["conditions:swallowing_breathing"]),
    (Lang::En, "sunburn", &["recent_tanning:*"]),
    (Lang::En, "tan", &["recent_tanning:*"]),
    (
        Lang::En,
        "surgery",
        &["date:last_surgery", "massage_today:recent_injury"],
    ),
    (Lang::En, "ozempic", &["med:glp1"]),
    (Lang::En, "wind or brass", &["wind_instrument:*"]),
    (
        Lang::En,
        "scars in the area",
        &["microneedling_recent_scars:*"],
    ),
    (Lang::Es, "queloide", &["conditions:keloid"]),
    (Lang::Es, "diabetes", &["conditions:diabetes"]),
    (
        Lang::Es,
        "marcapasos",
        &[
            "implants:pacemaker",
            "implants:defibrillator",
            "implants:other_electronic",
        ],
    ),
    (Lang::Es, "placas", &["implants:metal_implant"]),
    (Lang::Es, "tiene herpes", &["conditions:cold_sores"]),
    (Lang::Es, "tuvo herpes", &["conditions:cold_sores"]),
    (
        Lang::Es,
        "embarazada",
        &["pregnancy_status:pregnant", "pregnancy_high_risk:*"],
    ),
    (Lang::Es, "amamantando", &["pregnancy_status:breastfeeding"]),
    (Lang::Es, "infección", &["conditions:active_infection"]),
    (Lang::Es, "acné", &["skin_condition_which:acne"]),
    (
        Lang::Es,
        "peeling",
        &[
            "treatment:chemical_peel",
            "date:last_peel",
            "allergy:peel_agent",
            "allergy:salicylate",
        ],
    ),
    (
        Lang::Es,
        "láser",
        &[
            "treatment:laser_hair_removal",
            "treatment:ipl",
            "treatment:ablative_resurfacing",
            "treatment:non_ablative_resurfacing",
            "date:last_laser",
            "med:gold_therapy",
            "gold_therapy_ever:*",
        ],
    ),
    (Lang::Es, "isotretino", &["med:isotretinoin"]),
    (Lang::Es, "leche", &["allergy:cow_milk_protein"]),
    (Lang::Es, "cáncer", &["conditions:cancer"]),
];

/// Ids of what `c` reads.
fn triggers(c: &RiskCondition, out: &mut Vec<String>) {
    match c {
        RiskCondition::All(cs) | RiskCondition::Any(cs) => cs.iter().for_each(|c| triggers(c, out)),
        RiskCondition::Not(_) => {}
        RiskCondition::Answer(a) => answer_triggers(a, out),
        RiskCondition::Medication { class, .. } => out.push(format!("med:{class}")),
        RiskCondition::Allergy {
            class,
            min_severity,
        } => {
            if let Some(class) = class {
                out.push(format!("allergy:{class}"));
            }
            if min_severity.is_some() {
                out.push("allergy:severe".into());
            }
        }
        RiskCondition::DateWithin { question, .. }
        | RiskCondition::DateWithinDays { question, .. } => {
            out.push(format!("date:{question}"));
        }
        RiskCondition::AgeUnder(years) => out.push(format!("age_under:{years}")),
        RiskCondition::Unanswered(q) => out.push(format!("unanswered:{q}")),
        RiskCondition::ScoreAtLeast { score, .. } => out.push(format!("score:{score}")),
    }
}

fn answer_triggers(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| answer_triggers(c, out)),
        Condition::Not(_) | Condition::AgeAtLeast(_) => {}
        Condition::Includes { question, option } => out.push(format!("{question}:{option}")),
        Condition::Equals { question, value } => out.push(format!("{question}:{value}")),
        Condition::Answered(q) => out.push(format!("{q}:*")),
        Condition::Treatment(t) => out.push(format!("treatment:{t}")),
    }
}

/// The ways `rule` can fire: each branch of a top-level `any`, else the whole.
fn alternatives(rule: &Rule) -> Vec<Vec<String>> {
    let branches: Vec<&RiskCondition> = match &rule.when {
        RiskCondition::Any(cs) => cs.iter().collect(),
        other => vec![other],
    };
    branches
        .into_iter()
        .map(|c| {
            let mut ids: Vec<String> = rule
                .treatments
                .iter()
                .map(|t| format!("treatment:{t}"))
                .collect();
            triggers(c, &mut ids);
            ids
        })
        .collect()
}

fn justified(keyword_ids: &[&str], triggers: &[String]) -> bool {
    keyword_ids.iter().any(|k| match k.strip_suffix('*') {
        Some(prefix) => triggers.iter().any(|t| t.starts_with(prefix)),
        None => triggers.iter().any(|t| t == k),
    })
}

/// The keywords of `lang` in `sentence` (lower case).
fn keywords_in(
    lang: Lang,
    sentence: &str,
) -> Vec<&'static (Lang, &'static str, &'static [&'static str])> {
    KEYWORDS
        .iter()
        .filter(|(l, word, _)| {
            *l == lang
                && sentence
                    .match_indices(word)
                    .any(|(at, _)| at == 0 || !sentence[..at].ends_with(char::is_alphabetic))
        })
        .collect()
}

/// What is untrue in `text` when the rule fired through `triggers`.
fn untrue(lang: Lang, text: &str, triggers: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for sentence in text.to_lowercase().split(". ") {
        let words = keywords_in(lang, sentence);
        let disjunction =
            sentence.contains(" or ") || sentence.contains(" o ") || sentence.contains(" u ");
        let names_reported = words.iter().any(|(_, _, ids)| justified(ids, triggers));
        for (_, word, ids) in &words {
            let true_here = justified(ids, triggers) || (disjunction && names_reported);
            if !true_here {
                found.push(format!("says `{word}` in \u{201c}{sentence}\u{201d}"));
            }
        }
    }
    found
}

fn problems(profile: &ClinicProfile) -> Vec<String> {
    let protocol = profile.protocol.as_ref().unwrap();
    let mut all = Vec::new();
    for rule in &protocol.rules {
        for ways in alternatives(rule) {
            for lang in [Lang::En, Lang::Es] {
                for problem in untrue(lang, rule.patient.get(lang), &ways) {
                    all.push(format!("{} when it fires on {ways:?}: {problem}", rule.id));
                }
            }
        }
    }
    all
}

#[test]
fn every_patient_text_names_only_what_the_patient_reported() {
    let found = problems(&ClinicProfile::demo());
    assert!(found.is_empty(), "{}", found.join("\n"));
    let harbor = ClinicProfile::from_json(include_str!(
        "../../../../examples/profiles/harbor-skin.json"
    ))
    .expect("the second example profile is valid");
    let found = problems(&harbor);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_catches_a_text_that_names_what_another_alternative_reported() {
    // The wording issue 12 found: a diabetic patient told she reported keloid scars,
    // a titanium plate called a pacemaker, laser resurfacing called a peel.
    let mut profile = ClinicProfile::demo();
    let protocol = profile.protocol.as_mut().unwrap();
    let keloid_text = protocol
        .rules
        .iter()
        .find(|r| r.id == "laser.keloid")
        .unwrap()
        .patient
        .clone();
    let pacemaker_text = protocol
        .rules
        .iter()
        .find(|r| r.id == "ipl.pacemaker")
        .unwrap()
        .patient
        .clone();
    let peel_text = protocol
        .rules
        .iter()
        .find(|r| r.id == "peel.darker_skin")
        .unwrap()
        .patient
        .clone();
    for rule in protocol.rules.iter_mut() {
        match rule.id.as_str() {
            "peel.healing" => rule.patient = keloid_text.clone(),
            "rf.metal_implant" => rule.patient = pacemaker_text.clone(),
            "resurfacing.darker_skin" => rule.patient = peel_text.clone(),
            _ => {}
        }
    }
    let found = problems(&profile);
    for (rule, word) in [
        ("peel.healing", "keloid"),
        ("rf.metal_implant", "pacemaker"),
        ("resurfacing.darker_skin", "peel"),
    ] {
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(rule) && p.contains(&format!("`{word}`"))),
            "{rule} {word}: {found:#?}"
        );
    }
}
