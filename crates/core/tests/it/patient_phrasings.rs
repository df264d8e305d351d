//! The vocabulary's recall per risk category on an independent corpus of what patients
//! type into a medication list and an allergy list (`fixtures/patient-phrasings.tsv`,
//! drawn from public drug, supplement and allergy lists of the United States, Spain and
//! Mexico, not from the vocabulary). A line naming a class is found when what it
//! resolves to is that class (the term's id or one of its classes); a `none` line passes
//! when nothing resolves or only a term with no classes does. Prints a table per
//! category, then every miss and every wrong match.

use std::collections::{BTreeMap, BTreeSet};

use candor_core::risk::matching::resolve;
use candor_core::vocabulary::TermKind;

const CORPUS: &str = include_str!("../fixtures/patient-phrasings.tsv");

const CATEGORIES: &[&str] = &[
    "anticoagulant_antiplatelet",
    "nsaid",
    "supplement_herbal",
    "retinoid",
    "photosensitiser_antibiotic",
    "diuretic",
    "immunosuppressant_steroid",
    "antiviral",
    "glp1",
    "hair_growth",
    "other_medication_class",
    "local_anaesthetic_allergy",
    "insect_venom_allergy",
    "drug_allergy",
    "substance_allergy",
    "intolerance",
    "none_answer",
    "unrelated_medicine",
    "trap",
];

const MEDICATION_CLASSES: &[&str] = &[
    "anticoagulant",
    "antiplatelet",
    "nsaid",
    "salicylate",
    "bleeding_supplement",
    "isotretinoin",
    "retinoid_systemic",
    "topical_retinoid",
    "photosensitiser",
    "tetracycline",
    "diuretic",
    "immunosuppressant",
    "corticosteroid",
    "antiviral",
    "antibiotic",
    "aminoglycoside",
    "glp1",
    "hair_growth",
    "oral_contraceptive",
    "muscle_relaxant",
    "gold_therapy",
];

const ALLERGY_CLASSES: &[&str] = &[
    "local_anesthetic",
    "amide_anesthetic",
    "ester_anesthetic",
    "insect_venom",
    "latex",
    "antibiotic_allergy",
    "nsaid",
    "hyaluronidase",
    "hyaluronic_acid",
    "human_albumin",
    "cow_milk_protein",
    "eggs",
    "gold_metal",
    "nut",
    "food",
    "nickel",
    "gold",
    "iodine",
    "adhesive",
    "fragrance",
    "botulinum_toxin",
    "lactose_intolerance",
    "contrast",
    "sulfite",
];

/// One data line of the corpus.
struct Phrasing<'a> {
    number: usize,
    category: &'a str,
    kind: TermKind,
    typed: &'a str,
    expected: &'a str,
}

/// The source and pattern ids the header defines ("# source: id | title | url",
/// "# pattern: id | description").
fn defined_sources(corpus: &str) -> BTreeSet<&str> {
    corpus
        .lines()
        .filter_map(|l| {
            l.strip_prefix("# source:")
                .or_else(|| l.strip_prefix("# pattern:"))
        })
        .map(|rest| {
            let id = rest.split('|').next().unwrap_or("").trim();
            assert!(
                !id.is_empty(),
                "a source or pattern definition without an id: {rest:?}"
            );
            id
        })
        .collect()
}

/// Every data line, checked for shape: five fields, a known category, kind and class,
/// and only defined source ids.
fn phrasings(corpus: &str) -> Vec<Phrasing<'_>> {
    let sources = defined_sources(corpus);
    let mut out = Vec::new();
    for (index, line) in corpus.lines().enumerate() {
        let number = index + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [category, kind, typed, expected, source] = fields[..] else {
            panic!(
                "patient-phrasings.tsv line {number}: {} fields, expected 5: {line:?}",
                fields.len()
            );
        };
        assert!(
            CATEGORIES.contains(&category),
            "line {number}: unknown category {category:?}"
        );
        let (kind, classes) = match kind {
            "medication" => (TermKind::Medication, MEDICATION_CLASSES),
            "allergy" => (TermKind::Allergen, ALLERGY_CLASSES),
            other => panic!("line {number}: unknown kind {other:?}"),
        };
        assert!(
            expected == "none" || classes.contains(&expected),
            "line {number}: unknown expected class {expected:?} for its kind"
        );
        assert!(!typed.trim().is_empty(), "line {number}: nothing typed");
        for id in source.split('+') {
            assert!(
                sources.contains(id),
                "line {number}: source id {id:?} is not defined in the header"
            );
        }
        out.push(Phrasing {
            number,
            category,
            kind,
            typed,
            expected,
        });
    }
    out
}

#[derive(Default)]
struct Tally {
    lines: u32,
    found: u32,
}

#[test]
fn recall_per_category_is_at_least_95_percent_with_no_wrong_match() {
    let lines = phrasings(CORPUS);
    let mut tally: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut missed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut wrong: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in &lines {
        let t = tally.entry(p.category).or_default();
        t.lines += 1;
        let term = resolve(p.kind, None, p.typed);
        if p.expected == "none" {
            match term {
                Some(term) if !term.classes.is_empty() => {
                    wrong.entry(p.category).or_default().push(format!(
                        "line {}: {:?} must match no class, matched {} {:?}",
                        p.number, p.typed, term.id, term.classes
                    ));
                }
                _ => t.found += 1,
            }
            continue;
        }
        match term {
            Some(term) if term.id == p.expected || term.classes.contains(&p.expected) => {
                t.found += 1;
            }
            Some(term) => wrong.entry(p.category).or_default().push(format!(
                "line {}: {:?} is {}, matched {} {:?}",
                p.number, p.typed, p.expected, term.id, term.classes
            )),
            None => missed
                .entry(p.category)
                .or_default()
                .push(format!("line {}: {:?} ({})", p.number, p.typed, p.expected)),
        }
    }

    let (mut all_lines, mut all_found) = (0, 0);
    let mut under = Vec::new();
    println!(
        "{:<28} {:>6} {:>6} {:>8}",
        "category", "lines", "found", "recall"
    );
    for category in CATEGORIES {
        let t = tally.get(category).map_or((0, 0), |t| (t.lines, t.found));
        all_lines += t.0;
        all_found += t.1;
        let recall = if t.0 == 0 {
            0.0
        } else {
            100.0 * f64::from(t.1) / f64::from(t.0)
        };
        println!("{category:<28} {:>6} {:>6} {recall:>7.1}%", t.0, t.1);
        if recall < 95.0 {
            under.push(format!("{category} {recall:.1} %"));
        }
    }
    let overall = 100.0 * f64::from(all_found) / f64::from(all_lines.max(1));
    println!(
        "{:<28} {all_lines:>6} {all_found:>6} {overall:>7.1}%",
        "overall"
    );
    for (category, list) in &missed {
        println!("missed in {category} ({}):", list.len());
        for m in list {
            println!("  {m}");
        }
    }
    for (category, list) in &wrong {
        println!("wrong matches in {category} ({}):", list.len());
        for w in list {
            println!("  {w}");
        }
    }

    assert!(
        all_lines >= 1000,
        "the corpus has {all_lines} phrasings, fewer than 1,000"
    );
    let wrong_count: usize = wrong.values().map(Vec::len).sum();
    assert!(
        wrong_count == 0,
        "{wrong_count} phrasings matched a term without their class (listed above)"
    );
    assert!(
        under.is_empty(),
        "categories under 95 % recall: {}",
        under.join(", ")
    );
}
