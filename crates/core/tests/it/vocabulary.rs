//! Search-as-you-type over the vocabulary: when it starts, how a suggestion is
//! labelled, and what the entry reads once one is picked.

#[test]
fn suggestions_wait_for_two_letters_after_normalising() {
    use candor_core::vocabulary::{TermKind, is_searchable, suggest};
    assert!(!is_searchable(" a "));
    assert!(!is_searchable("É"));
    assert!(is_searchable("Ib"));
    assert!(suggest(TermKind::Medication, "i", 6).is_empty());
    assert!(!suggest(TermKind::Medication, "ib", 6).is_empty());
}

#[test]
fn a_suggestion_names_what_matched_only_when_its_name_does_not_say_it() {
    use candor_core::Lang;
    use candor_core::vocabulary::{TermKind, suggest};
    let lido = suggest(TermKind::Allergen, "lidocaína", 6)
        .into_iter()
        .find(|s| s.term.id == "allergen.lidocaine")
        .expect("lidocaine is suggested");
    let (name, alias) = lido.label(Lang::Es);
    assert!(name.starts_with("lidocaína"), "{name}");
    assert_eq!(alias, None, "not “{name} (lidocaína)”");
    let accutane = suggest(TermKind::Medication, "accut", 6)
        .into_iter()
        .next()
        .expect("a suggestion for a brand");
    let (name, alias) = accutane.label(Lang::En);
    assert_ne!(name, "Accutane");
    assert_eq!(
        alias,
        Some("Accutane"),
        "the brand the patient typed is named"
    );
}

#[test]
fn picking_completes_the_name_being_typed_and_keeps_other_words() {
    use candor_core::vocabulary::{TermKind, suggest};
    let accutane = suggest(TermKind::Medication, "accut", 6)
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(
        accutane.text_after_pick("accut"),
        "Accutane",
        "the brand they were typing, not the generic"
    );
    let ibuprofen = suggest(TermKind::Medication, "ibuprofen", 6)
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(
        ibuprofen.text_after_pick("  ibuprofen 400 mg when needed "),
        "ibuprofen 400 mg when needed",
        "what the patient wrote beyond the name is kept"
    );
}

#[test]
fn the_route_is_read_from_what_the_patient_typed() {
    use candor_core::vocabulary::{Route, route_of};
    for (typed, route) in [
        ("Neosporin ointment", Route::Topical),
        ("Neosporin", Route::Topical),
        ("tretinoin cream 0.05%", Route::Topical),
        ("pomada de neomicina", Route::Topical),
        ("tobramycin eye drops", Route::Drops),
        ("gotas para los oídos", Route::Drops),
        ("albuterol inhaler", Route::Inhaled),
        ("inhalador", Route::Inhaled),
        ("doxycycline 100 mg tablets", Route::Oral),
        ("metformin by mouth", Route::Oral),
        ("pastillas para la presión", Route::Oral),
        ("gentamicin IV", Route::Injected),
        ("Ozempic weekly shot", Route::Injected),
        ("inyección de vitamina B12", Route::Injected),
        ("gentamicin", Route::Unspecified),
        ("", Route::Unspecified),
    ] {
        assert_eq!(route_of(typed), route, "{typed}");
    }
}
