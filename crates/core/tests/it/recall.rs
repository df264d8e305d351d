//! The vocabulary's recall on what patients really type
//! (`fixtures/recall-corpus.tsv`): at least 95 % of the phrasings that name a known
//! medicine or allergen resolve to its class, and none resolves to a different drug
//! or to anything when it must not. Prints the figures.

use candor_core::risk::matching::resolve;
use candor_core::vocabulary::TermKind;

const CORPUS: &str = include_str!("../fixtures/recall-corpus.tsv");

#[test]
fn recall_on_realistic_phrasings_is_at_least_95_percent_with_no_wrong_drug() {
    let (mut named, mut found, mut unknown, mut silent) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    for line in CORPUS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, typed, expected] = fields[..] else {
            panic!("malformed corpus line: {line:?}");
        };
        let kind = match kind {
            "medication" => TermKind::Medication,
            "allergy" => TermKind::Allergen,
            other => panic!("unknown kind {other:?}"),
        };
        let term = resolve(kind, None, typed);
        if expected == "none" {
            unknown += 1;
            match term {
                None => silent += 1,
                Some(t) => wrong.push(format!("{typed:?} must match nothing, matched {}", t.id)),
            }
            continue;
        }
        named += 1;
        match term {
            Some(t) if t.id == expected || t.classes.contains(&expected) => found += 1,
            Some(t) => wrong.push(format!(
                "{typed:?} is {expected}, matched {} ({:?})",
                t.id, t.classes
            )),
            None => missed.push(format!("{typed:?} ({expected})")),
        }
    }
    let recall = 100.0 * f64::from(found) / f64::from(named);
    println!(
        "vocabulary recall: {found} of {named} phrasings resolved to their class ({recall:.1} %); \
         {silent} of {unknown} phrasings that name nothing known matched nothing; \
         {} wrong matches",
        wrong.len()
    );
    for m in &missed {
        println!("  missed: {m}");
    }
    assert!(
        wrong.is_empty(),
        "matched to something else:\n{}",
        wrong.join("\n")
    );
    assert!(
        named + unknown >= 300,
        "the corpus has {} phrasings",
        named + unknown
    );
    assert!(recall >= 95.0, "recall {recall:.1} % is under 95 %");
}
