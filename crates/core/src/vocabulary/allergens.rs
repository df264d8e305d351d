//! Allergens and substances people react to (clinical knowledge base §3).

use super::Term;

const fn a(id: &'static str, en: &'static str, es: &'static str, aliases: &'static [&'static str], classes: &'static [&'static str]) -> Term {
    Term { id, en, es, aliases, classes }
}

/// The allergy vocabulary.
pub static ALLERGENS: &[Term] = &[
    a("allergen.lidocaine", "lidocaine (amide local anesthetic)", "lidocaína (anestésico local tipo amida)", &["lidocaine", "lignocaine", "Xylocaine", "EMLA", "LMX-4", "prilocaine", "mepivacaine", "bupivacaine", "articaine", "lidocaína", "numbing injection"], &["amide_anesthetic", "local_anesthetic"]),
    a("allergen.ester_anesthetic", "ester local anesthetic (benzocaine, tetracaine)", "anestésico local tipo éster (benzocaína, tetracaína)", &["benzocaine", "tetracaine", "procaine", "Novocain", "numbing cream", "crema anestésica"], &["ester_anesthetic", "local_anesthetic"]),
    a("allergen.sulfites", "sulfites", "sulfitos", &["sulphites", "metabisulfite", "sodium metabisulfite"], &["sulfite"]),
    a("allergen.epinephrine", "epinephrine (adrenaline)", "epinefrina (adrenalina)", &["epinephrine", "adrenaline", "adrenalina"], &["epinephrine"]),
    a("allergen.hyaluronic_acid", "hyaluronic acid or dermal filler", "ácido hialurónico o relleno dérmico", &["hyaluronic acid", "filler", "Juvederm", "Restylane", "RHA", "ácido hialurónico"], &["hyaluronic_acid"]),
    a("allergen.hyaluronidase", "hyaluronidase", "hialuronidasa", &["Hylenex", "Vitrase", "Amphadase"], &["hyaluronidase"]),
    a("allergen.bee_venom", "bee or wasp sting", "picadura de abeja o avispa", &["bee sting", "wasp sting", "bee venom", "wasp venom", "abeja", "avispa"], &["insect_venom"]),
    a("allergen.human_albumin", "human albumin", "albúmina humana", &["albumin", "albúmina"], &["human_albumin"]),
    a("allergen.cow_milk_protein", "cow's milk protein (milk allergy)", "proteína de la leche de vaca (alergia a la leche)", &["milk protein", "milk allergy", "dairy allergy", "casein", "whey", "leche de vaca", "proteína de la leche", "caseína"], &["cow_milk_protein"]),
    a("allergen.lactose_intolerance", "lactose intolerance (not an allergy)", "intolerancia a la lactosa (no es alergia)", &["lactose intolerance", "lactose", "intolerancia a la lactosa", "lactosa"], &["lactose_intolerance"]),
    a("allergen.gram_positive_protein", "gram-positive bacterial protein (streptococcal)", "proteína bacteriana grampositiva (estreptococo)", &["streptococcal protein", "streptococcus", "estreptococo"], &["gram_positive_protein"]),
    a("allergen.latex", "latex (natural rubber)", "látex (caucho natural)", &["latex", "rubber", "látex", "caucho"], &["latex"]),
    a("allergen.aspirin", "aspirin or salicylates", "aspirina o salicilatos", &["aspirin", "salicylate", "salicylates", "ASA", "aspirina", "salicilatos"], &["salicylate", "nsaid"]),
    a("allergen.nsaid", "ibuprofen or other NSAIDs", "ibuprofeno u otros AINE", &["ibuprofen", "NSAID", "naproxen", "Advil", "Motrin", "ibuprofeno", "AINE"], &["nsaid"]),
    a("allergen.egg", "egg", "huevo", &["eggs", "huevos"], &["food"]),
    a("allergen.peanut", "peanut", "cacahuate", &["peanuts", "cacahuete", "maní"], &["food", "nut"]),
    a("allergen.tree_nut", "tree nuts or nut oils (almond)", "frutos secos o aceites de frutos secos (almendra)", &["almond", "almond oil", "nut oil", "almendra", "nueces"], &["food", "nut", "massage_oil"]),
    a("allergen.fragrance", "fragrance or essential oils", "fragancias o aceites esenciales", &["perfume", "essential oil", "aceite esencial", "fragancia"], &["fragrance", "massage_oil"]),
    a("allergen.lanolin", "lanolin", "lanolina", &["wool fat"], &["massage_oil"]),
    a("allergen.benzyl_alcohol", "benzyl alcohol", "alcohol bencílico", &["bacteriostatic saline"], &["benzyl_alcohol"]),
    a("allergen.sculptra_components", "poly-L-lactic acid (Sculptra)", "ácido poli-L-láctico (Sculptra)", &["Sculptra", "PLLA", "poly-L-lactic acid", "carboxymethylcellulose", "mannitol"], &["sculptra_component"]),
    a("allergen.radiesse_components", "calcium hydroxylapatite (Radiesse)", "hidroxiapatita de calcio (Radiesse)", &["Radiesse", "CaHA", "calcium hydroxylapatite"], &["radiesse_component"]),
    a("allergen.deoxycholic_acid", "deoxycholic acid (Kybella)", "ácido desoxicólico (Kybella)", &["Kybella", "deoxycholic acid"], &["deoxycholic_acid"]),
    a("allergen.sucrose", "sucrose", "sacarosa", &["sugar excipient"], &["sucrose"]),
    a("allergen.botulinum_toxin", "botulinum toxin (Botox, Dysport, Xeomin)", "toxina botulínica (Botox, Dysport, Xeomin)", &["Botox", "Dysport", "Xeomin", "Jeuveau", "Daxxify", "Myobloc", "botulinum", "toxina botulínica"], &["botulinum_toxin"]),
    a("allergen.nickel", "nickel or stainless steel", "níquel o acero inoxidable", &["nickel", "stainless steel", "níquel"], &["nickel"]),
    a("allergen.gold", "gold (metal)", "oro (metal)", &["gold metal", "oro"], &["gold_metal"]),
    a("allergen.adhesive", "adhesive tape", "cinta adhesiva", &["tape", "adhesive", "esparadrapo"], &["adhesive"]),
    a("allergen.corn", "corn", "maíz", &["maize"], &["corn"]),
    a("allergen.hydroquinone", "hydroquinone", "hidroquinona", &[], &["peel_agent"]),
    a("allergen.glycolic_acid", "glycolic acid", "ácido glicólico", &["AHA"], &["peel_agent"]),
    a("allergen.salicylic_acid", "salicylic acid (peel)", "ácido salicílico (peeling)", &["salicylic acid", "BHA", "Jessner"], &["peel_agent", "salicylate"]),
    a("allergen.penicillin", "penicillin", "penicilina", &["amoxicillin", "amoxicilina", "Augmentin"], &["antibiotic_allergy"]),
    a("allergen.sulfa", "sulfa drugs", "sulfamidas", &["sulfonamide", "Bactrim", "sulfa"], &["antibiotic_allergy"]),
    a("allergen.codeine", "codeine or opioids", "codeína u opioides", &["codeine", "morphine", "codeína"], &["opioid"]),
    a("allergen.iodine", "iodine or contrast dye", "yodo o medio de contraste", &["iodine", "contrast", "yodo"], &["iodine"]),
];
