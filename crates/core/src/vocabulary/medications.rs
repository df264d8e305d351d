//! Medicines, supplements and skin-care actives (clinical knowledge base §2).

use super::Term;

const fn m(id: &'static str, en: &'static str, es: &'static str, aliases: &'static [&'static str], classes: &'static [&'static str]) -> Term {
    Term { id, en, es, aliases, classes }
}

/// The medication vocabulary.
pub static MEDICATIONS: &[Term] = &[
    // Anticoagulants, antiplatelets, NSAIDs (§2.1)
    m("med.warfarin", "warfarin", "warfarina", &["Coumadin", "Jantoven"], &["anticoagulant"]),
    m("med.apixaban", "apixaban", "apixabán", &["Eliquis"], &["anticoagulant"]),
    m("med.rivaroxaban", "rivaroxaban", "rivaroxabán", &["Xarelto"], &["anticoagulant"]),
    m("med.dabigatran", "dabigatran", "dabigatrán", &["Pradaxa", "dabigatran etexilate"], &["anticoagulant"]),
    m("med.edoxaban", "edoxaban", "edoxabán", &["Savaysa", "Lixiana"], &["anticoagulant"]),
    m("med.heparin", "heparin", "heparina", &["Hep-Lock"], &["anticoagulant"]),
    m("med.enoxaparin", "enoxaparin", "enoxaparina", &["Lovenox", "Clexane"], &["anticoagulant"]),
    m("med.clopidogrel", "clopidogrel", "clopidogrel", &["Plavix"], &["antiplatelet"]),
    m("med.prasugrel", "prasugrel", "prasugrel", &["Effient"], &["antiplatelet"]),
    m("med.ticagrelor", "ticagrelor", "ticagrelor", &["Brilinta"], &["antiplatelet"]),
    m("med.cilostazol", "cilostazol", "cilostazol", &["Pletal"], &["antiplatelet"]),
    m("med.aspirin", "aspirin", "aspirina", &["acetylsalicylic acid", "ácido acetilsalicílico", "ASA", "Bayer", "Ecotrin", "Bufferin"], &["antiplatelet", "nsaid", "salicylate"]),
    m("med.ibuprofen", "ibuprofen", "ibuprofeno", &["Advil", "Motrin"], &["nsaid"]),
    m("med.naproxen", "naproxen", "naproxeno", &["Aleve", "Naprosyn", "Anaprox"], &["nsaid"]),
    m("med.diclofenac", "diclofenac", "diclofenaco", &["Voltaren"], &["nsaid"]),
    m("med.piroxicam", "piroxicam", "piroxicam", &["Feldene"], &["nsaid", "photosensitiser"]),
    // Supplements with bleeding or bruising concern (§2.2, §2.10)
    m("med.fish_oil", "fish oil (omega-3)", "aceite de pescado (omega 3)", &["omega-3", "omega 3", "Lovaza", "Vascepa", "icosapent ethyl"], &["bleeding_supplement"]),
    m("med.vitamin_e", "vitamin E", "vitamina E", &["alpha-tocopherol", "tocopherol"], &["bleeding_supplement"]),
    m("med.ginkgo", "ginkgo biloba", "ginkgo biloba", &["ginkgo"], &["bleeding_supplement"]),
    m("med.garlic", "garlic supplement", "suplemento de ajo", &["garlic", "ajo"], &["bleeding_supplement"]),
    m("med.turmeric", "turmeric (curcumin)", "cúrcuma", &["turmeric", "curcumin", "curcumina"], &["bleeding_supplement"]),
    m("med.ginseng", "ginseng", "ginseng", &[], &["bleeding_supplement"]),
    m("med.ginger", "ginger supplement", "suplemento de jengibre", &["ginger", "jengibre"], &["bleeding_supplement"]),
    m("med.st_johns_wort", "St John's wort", "hierba de San Juan", &["hypericum", "hipérico"], &["photosensitiser", "bleeding_supplement"]),
    // Retinoids (§2.3)
    m("med.isotretinoin", "isotretinoin", "isotretinoína", &["Accutane", "Absorica", "Absorica LD", "Claravis", "Amnesteem", "Myorisan", "Zenatane", "Sotret", "Roaccutane"], &["isotretinoin", "retinoid_systemic"]),
    m("med.tretinoin", "tretinoin (topical)", "tretinoína (tópica)", &["tretinoin", "Retin-A", "Retin-A Micro", "Renova", "Atralin", "Avita", "Ziana"], &["topical_retinoid"]),
    m("med.adapalene", "adapalene", "adapaleno", &["Differin", "Epiduo"], &["topical_retinoid"]),
    m("med.tazarotene", "tazarotene", "tazaroteno", &["Tazorac", "Avage", "Arazlo"], &["topical_retinoid"]),
    // Photosensitising drugs (§2.4)
    m("med.doxycycline", "doxycycline", "doxiciclina", &["Vibramycin", "Doryx", "Oracea", "Acticlate"], &["photosensitiser", "tetracycline", "antibiotic"]),
    m("med.minocycline", "minocycline", "minociclina", &["Minocin", "Solodyn", "Amzeeq"], &["photosensitiser", "tetracycline", "antibiotic"]),
    m("med.tetracycline", "tetracycline", "tetraciclina", &[], &["photosensitiser", "tetracycline", "antibiotic"]),
    m("med.amiodarone", "amiodarone", "amiodarona", &["Pacerone", "Nexterone"], &["photosensitiser"]),
    m("med.hydrochlorothiazide", "hydrochlorothiazide", "hidroclorotiazida", &["HCTZ", "Microzide"], &["photosensitiser"]),
    m("med.ciprofloxacin", "ciprofloxacin", "ciprofloxacino", &["Cipro"], &["photosensitiser", "antibiotic"]),
    m("med.levofloxacin", "levofloxacin", "levofloxacino", &["Levaquin"], &["photosensitiser", "antibiotic"]),
    m("med.sulfamethoxazole", "sulfamethoxazole-trimethoprim", "sulfametoxazol-trimetoprima", &["sulfamethoxazole", "Bactrim", "Septra"], &["photosensitiser", "antibiotic"]),
    m("med.hydroxychloroquine", "hydroxychloroquine", "hidroxicloroquina", &["Plaquenil"], &["photosensitiser", "dmard"]),
    // Aminoglycosides and neuromuscular-transmission drugs (§2.5)
    m("med.gentamicin", "gentamicin", "gentamicina", &["Garamycin"], &["aminoglycoside", "antibiotic"]),
    m("med.tobramycin", "tobramycin", "tobramicina", &["Tobrex", "TOBI"], &["aminoglycoside", "antibiotic"]),
    m("med.amikacin", "amikacin", "amikacina", &["Amikin", "Arikayce"], &["aminoglycoside", "antibiotic"]),
    m("med.neomycin", "neomycin", "neomicina", &["Neo-Fradin", "Neosporin"], &["aminoglycoside", "antibiotic"]),
    m("med.streptomycin", "streptomycin", "estreptomicina", &[], &["aminoglycoside", "antibiotic"]),
    m("med.kanamycin", "kanamycin", "kanamicina", &["Kantrex"], &["aminoglycoside", "antibiotic"]),
    m("med.succinylcholine", "succinylcholine", "succinilcolina", &["Anectine", "Quelicin", "suxamethonium"], &["neuromuscular_blocker"]),
    m("med.tizanidine", "tizanidine", "tizanidina", &["Zanaflex"], &["muscle_relaxant"]),
    m("med.cyclobenzaprine", "cyclobenzaprine", "ciclobenzaprina", &["Flexeril", "Amrix"], &["muscle_relaxant"]),
    m("med.baclofen", "baclofen", "baclofeno", &["Lioresal"], &["muscle_relaxant"]),
    m("med.oxybutynin", "oxybutynin", "oxibutinina", &["Ditropan"], &["anticholinergic"]),
    m("med.glycopyrrolate", "glycopyrrolate", "glicopirrolato", &["Robinul"], &["anticholinergic"]),
    // Immunosuppressants (§2.6)
    m("med.methotrexate", "methotrexate", "metotrexato", &["Trexall", "Otrexup", "Rasuvo", "Xatmep"], &["immunosuppressant", "photosensitiser"]),
    m("med.prednisone", "prednisone", "prednisona", &["Deltasone", "Rayos"], &["immunosuppressant", "corticosteroid"]),
    m("med.cyclosporine", "cyclosporine", "ciclosporina", &["Neoral", "Sandimmune", "Gengraf"], &["immunosuppressant"]),
    m("med.tacrolimus", "tacrolimus", "tacrolimus", &["Prograf", "Envarsus", "Protopic"], &["immunosuppressant"]),
    m("med.pimecrolimus", "pimecrolimus", "pimecrolimus", &["Elidel"], &["topical_calcineurin_inhibitor"]),
    m("med.azathioprine", "azathioprine", "azatioprina", &["Imuran", "Azasan"], &["immunosuppressant"]),
    m("med.mycophenolate", "mycophenolate", "micofenolato", &["CellCept", "Myfortic", "mycophenolic acid"], &["immunosuppressant"]),
    m("med.sirolimus", "sirolimus", "sirolimus", &["Rapamune"], &["immunosuppressant"]),
    m("med.adalimumab", "adalimumab", "adalimumab", &["Humira"], &["immunosuppressant"]),
    m("med.etanercept", "etanercept", "etanercept", &["Enbrel"], &["immunosuppressant"]),
    m("med.infliximab", "infliximab", "infliximab", &["Remicade"], &["immunosuppressant"]),
    m("med.tofacitinib", "tofacitinib", "tofacitinib", &["Xeljanz"], &["immunosuppressant"]),
    m("med.upadacitinib", "upadacitinib", "upadacitinib", &["Rinvoq"], &["immunosuppressant"]),
    // Antivirals (§2.7)
    m("med.valacyclovir", "valacyclovir", "valaciclovir", &["Valtrex"], &["antiviral"]),
    m("med.acyclovir", "acyclovir", "aciclovir", &["Zovirax", "Sitavig"], &["antiviral"]),
    m("med.famciclovir", "famciclovir", "famciclovir", &["Famvir"], &["antiviral"]),
    // GLP-1 agonists (§2.8)
    m("med.semaglutide", "semaglutide", "semaglutida", &["Ozempic", "Wegovy", "Rybelsus"], &["glp1"]),
    m("med.tirzepatide", "tirzepatide", "tirzepatida", &["Mounjaro", "Zepbound"], &["glp1"]),
    m("med.liraglutide", "liraglutide", "liraglutida", &["Victoza", "Saxenda"], &["glp1"]),
    m("med.dulaglutide", "dulaglutide", "dulaglutida", &["Trulicity"], &["glp1"]),
    // Others (§2.9)
    m("med.gold", "gold therapy (auranofin, gold injections)", "terapia con oro (auranofina, sales de oro)", &["auranofin", "Ridaura", "Myochrysine", "aurothioglucose", "gold sodium thiomalate", "gold salts"], &["gold_therapy"]),
    m("med.oral_contraceptive", "oral contraceptive (the pill)", "anticonceptivo oral (la píldora)", &["birth control pill", "the pill", "ethinyl estradiol", "levonorgestrel"], &["oral_contraceptive"]),
    m("med.hydroquinone", "hydroquinone", "hidroquinona", &[], &["skin_lightener"]),
    m("med.glycolic_acid", "glycolic acid (AHA) skin care", "ácido glicólico (AHA)", &["glycolic acid", "AHA"], &["exfoliant"]),
    m("med.salicylic_acid_topical", "salicylic acid (BHA) skin care", "ácido salicílico (BHA)", &["salicylic acid", "BHA"], &["exfoliant", "salicylate"]),
];
