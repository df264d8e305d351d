//! How a medicine is taken, read from what the patient typed ("Neosporin ointment",
//! "gotas para los ojos", "insulin pen"), so rules can tell a cream on a knee scrape
//! from a course of injections of the same drug.

use serde::{Deserialize, Serialize};

/// How a medicine reaches the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// On the skin: cream, ointment, gel, lotion.
    Topical,
    /// Eye or ear drops.
    Drops,
    /// Breathed in: inhaler, nebuliser.
    Inhaled,
    /// By mouth: tablet, capsule, syrup.
    Oral,
    /// Injected or infused.
    Injected,
    /// The patient did not say (a bare name such as "gentamicin").
    Unspecified,
}

impl Route {
    /// The route as written in protocols.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Topical => "topical",
            Route::Drops => "drops",
            Route::Inhaled => "inhaled",
            Route::Oral => "oral",
            Route::Injected => "injected",
            Route::Unspecified => "unspecified",
        }
    }
}

/// Words (accents folded, lower case) that say how a medicine is taken, in English and
/// Spanish.
const ROUTE_WORDS: &[(&str, Route)] = &[
    ("cream", Route::Topical),
    ("ointment", Route::Topical),
    ("gel", Route::Topical),
    ("lotion", Route::Topical),
    ("topical", Route::Topical),
    ("salve", Route::Topical),
    ("crema", Route::Topical),
    ("pomada", Route::Topical),
    ("unguento", Route::Topical),
    ("locion", Route::Topical),
    ("topico", Route::Topical),
    ("topica", Route::Topical),
    ("drops", Route::Drops),
    ("drop", Route::Drops),
    ("eyedrops", Route::Drops),
    ("gotas", Route::Drops),
    ("colirio", Route::Drops),
    ("inhaler", Route::Inhaled),
    ("inhaled", Route::Inhaled),
    ("puffer", Route::Inhaled),
    ("nebulizer", Route::Inhaled),
    ("nebuliser", Route::Inhaled),
    ("inhalador", Route::Inhaled),
    ("inhalado", Route::Inhaled),
    ("tablet", Route::Oral),
    ("tablets", Route::Oral),
    ("pill", Route::Oral),
    ("pills", Route::Oral),
    ("capsule", Route::Oral),
    ("capsules", Route::Oral),
    ("oral", Route::Oral),
    ("syrup", Route::Oral),
    ("pastilla", Route::Oral),
    ("pastillas", Route::Oral),
    ("tableta", Route::Oral),
    ("tabletas", Route::Oral),
    ("capsula", Route::Oral),
    ("capsulas", Route::Oral),
    ("jarabe", Route::Oral),
    ("injection", Route::Injected),
    ("injections", Route::Injected),
    ("injectable", Route::Injected),
    ("shot", Route::Injected),
    ("shots", Route::Injected),
    ("iv", Route::Injected),
    ("infusion", Route::Injected),
    ("drip", Route::Injected),
    ("inyeccion", Route::Injected),
    ("inyecciones", Route::Injected),
    ("inyectable", Route::Injected),
    ("suero", Route::Injected),
];

/// Brands whose every form is taken one way (Neosporin is an ointment).
const ROUTE_BRANDS: &[(&str, Route)] = &[
    ("neosporin", Route::Topical),
    ("polysporin", Route::Topical),
    ("tobradex", Route::Drops),
    ("tobrex", Route::Drops),
];

/// How the medicine in `typed` is taken, when the words say so; `Unspecified` when
/// they do not (a rule that lists routes counts such a medicine only if it lists
/// `unspecified` too, as safety rules do).
pub fn route_of(typed: &str) -> Route {
    route_in_words(typed).unwrap_or(Route::Unspecified)
}

fn route_in_words(typed: &str) -> Option<Route> {
    let folded = super::normalize::fold(typed);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .windows(2)
        .any(|w| w == ["by", "mouth"] || w == ["por", "boca"])
    {
        return Some(Route::Oral);
    }
    words.iter().find_map(|w| {
        ROUTE_WORDS
            .iter()
            .chain(ROUTE_BRANDS)
            .find(|(word, _)| word == w)
            .map(|(_, route)| *route)
    })
}
