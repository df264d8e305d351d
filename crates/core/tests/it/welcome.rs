//! The welcome: which language a patient is greeted in, and what the first screen
//! says for a profile (the widget and the receiver both show it).

use candor_core::profile::protocol::Approval;
use candor_core::welcome::{self, WELCOME_EN, WELCOME_ES, Welcome};
use candor_core::{Answers, CivilDate, ClinicProfile, Lang, flow};

fn today() -> CivilDate {
    CivilDate::new(2026, 12, 7).unwrap()
}

#[test]
fn accept_language_picks_the_first_offered_language_by_weight() {
    let both = [Lang::En, Lang::Es];
    let pick = |header| welcome::preferred(&both, header);
    assert_eq!(pick("es-MX,es;q=0.9,en;q=0.8"), Some(Lang::Es));
    assert_eq!(pick("en-US,en;q=0.9,es;q=0.8"), Some(Lang::En));
    assert_eq!(pick("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.7"), Some(Lang::Es));
    assert_eq!(
        pick("en;q=0.2, es;q=0.7"),
        Some(Lang::Es),
        "by weight, not order"
    );
    assert_eq!(
        pick("es, en"),
        Some(Lang::Es),
        "equal weights keep the order"
    );
    assert_eq!(pick("es;q=0, en;q=0.1"), Some(Lang::En), "q=0 refuses");
    assert_eq!(pick("es;q=0"), None);
    assert_eq!(pick("fr, de"), None);
    assert_eq!(pick("*"), None);
    assert_eq!(pick(""), None);
    assert_eq!(pick("es;q=2"), None, "a weight above 1 is malformed");
    assert_eq!(
        welcome::preferred(&[Lang::En], "es, en;q=0.1"),
        Some(Lang::En)
    );
}

#[test]
fn the_page_asks_first_then_the_browser_then_the_profile() {
    let profile = ClinicProfile::demo();
    assert_eq!(profile.default_language(), Lang::En);
    let lang = |asked, accept| welcome::language(&profile, asked, accept);
    assert_eq!(lang(None, None), Lang::En);
    assert_eq!(lang(None, Some("es-419")), Lang::Es);
    assert_eq!(lang(Some("en"), Some("es")), Lang::En);
    assert_eq!(
        lang(Some("fr"), Some("es")),
        Lang::Es,
        "an unknown ?lang= is ignored"
    );
    assert_eq!(lang(None, Some("de")), Lang::En);
}

#[test]
fn the_first_screen_says_what_the_widget_shows() {
    let profile = ClinicProfile::demo();
    for lang in [Lang::En, Lang::Es] {
        let w = Welcome::of(&profile, lang, today());
        let answers = Answers::new(lang);
        let steps = flow::steps(&profile, &answers, today()).len();
        let text = welcome::text(lang);
        assert_eq!(w.lang, lang);
        assert_eq!(w.step_label, (text.step_of)(1, steps));
        assert_eq!(w.progress_percent, 100 / steps);
        assert_eq!(w.title, (text.title)(&profile.name));
        assert_eq!(
            w.asks.first().map(String::as_str),
            Some(text.treatments_summary)
        );
        assert_eq!(
            w.asks.last().map(String::as_str),
            Some(text.treatment_questions)
        );
        assert_eq!(
            w.duration,
            (text.duration)(flow::estimated_minutes(&profile, &answers, today()))
        );
        assert_eq!(w.demo_banner, Some(text.demo_banner), "the demo clinic");
        assert_eq!(
            w.unapproved,
            Some(text.protocol_unapproved),
            "no approval in the file"
        );
        assert_eq!(w.approval_line, None);
        assert_eq!(w.languages, [Lang::En, Lang::Es]);
    }
}

#[test]
fn an_approval_is_a_line_with_its_date_in_words() {
    let mut profile = ClinicProfile::demo();
    profile.protocol.as_mut().unwrap().approval = Some(Approval {
        approver: "Ana Ruiz".into(),
        credential: "MD".into(),
        date: "2026-12-07".into(),
    });
    let en = Welcome::of(&profile, Lang::En, today());
    assert_eq!(en.unapproved, None);
    assert_eq!(
        en.approval_line.as_deref(),
        Some("Checks approved by Ana Ruiz, MD, on December 7, 2026")
    );
    let es = Welcome::of(&profile, Lang::Es, today());
    assert_eq!(
        es.approval_line.as_deref(),
        Some("Revisiones de seguridad aprobadas por Ana Ruiz, MD, el 7 de diciembre de 2026")
    );
    assert_eq!(
        WELCOME_EN.approval_line("A", "NP", "soon"),
        "Checks approved by A, NP, on soon"
    );
    assert_eq!(WELCOME_ES.month_name(1), "enero");
    assert_eq!(WELCOME_ES.month_name(13), "");
}
