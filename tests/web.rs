//! Browser adapters and the mounted widget, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use candor::browser::{clock, crash, dom};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{document, fresh, settle};

#[wasm_bindgen_test]
fn today_is_the_devices_local_date() {
    let now = js_sys::Date::new_0();
    let today = clock::today();
    assert_eq!(today.year, now.get_full_year() as i32);
    assert_eq!(u32::from(today.month), now.get_month() + 1);
    assert_eq!(u32::from(today.day), now.get_date());
}

#[wasm_bindgen_test]
fn a_check_in_token_leaves_the_address_bar_at_once() {
    use candor::browser::{address, check_in};
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let page = address::without_fragment();
    let with = |fragment: &str| {
        history
            .replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{page}{fragment}")),
            )
            .unwrap();
    };
    with("#check-in=abc.DEF-_1");
    assert_eq!(check_in::take().as_deref(), Some("abc.DEF-_1"));
    assert_eq!(window.location().hash().unwrap(), "");
    // Not a token: refused, and still taken out of the address bar.
    with("#check-in=%3Cb%3E");
    assert_eq!(check_in::take(), None);
    assert_eq!(window.location().hash().unwrap(), "");
    with("#invite=x.y");
    assert_eq!(check_in::take(), None, "another fragment is left alone");
    assert_eq!(window.location().hash().unwrap(), "#invite=x.y");
    with("");
}

#[wasm_bindgen_test]
fn a_check_in_is_read_from_the_receivers_answer() {
    use candor::browser::check_in::{Current, read_current};
    assert_eq!(
        read_current(r#"{"treatment":"ha_filler","day":14,"language":"es","completed":false}"#),
        Some(Current {
            treatment: "ha_filler".into(),
            day: 14,
            language: Some(candor_core::Lang::Es),
            completed: false,
        })
    );
    assert_eq!(
        read_current(r#"{"treatment":"ha_filler","day":-1,"completed":false}"#),
        None
    );
    assert_eq!(read_current("not json"), None);
}

#[wasm_bindgen_test]
fn crash_screen_replaces_the_widget_and_takes_focus() {
    let app = fresh("div", "app");
    app.set_text_content(Some("Legal name: Ana"));
    let screen = fresh("main", "crash");
    screen.set_hidden(true);
    screen.set_tab_index(-1);
    let boot = fresh("div", "boot");

    crash::show_crash_screen();

    assert!(!screen.hidden(), "crash screen shown");
    assert_eq!(
        app.text_content().unwrap_or_default(),
        "",
        "no answer stays on screen"
    );
    assert!(!boot.is_connected(), "loading message removed");
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some("crash".into())
    );
}

#[wasm_bindgen_test]
fn boot_screen_is_removed_once_started() {
    let boot = fresh("div", "boot");
    let bar = fresh("header", "boot-bar");
    dom::remove_boot_screen();
    assert!(!boot.is_connected());
    assert!(
        !bar.is_connected(),
        "the clinic bar painted before the wasm goes too"
    );
}

#[wasm_bindgen_test]
async fn widget_mounts_welcomes_with_the_clinic_name_and_starts() {
    let host = fresh("div", "widget-host");
    let _owner = candor::mount(host.clone().into());
    let h1 = host.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(
        h1.text_content().unwrap(),
        "Welcome to Lumen Aesthetics & Wellness"
    );
    assert!(host.text_content().unwrap().contains("Step 1 of "));

    let start: web_sys::HtmlElement = host
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    start.click();
    settle().await;

    let h1 = host.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "What are you coming in for?");
    assert!(host.text_content().unwrap().contains("Step 2 of "));
    assert_eq!(
        document().active_element(),
        Some(h1),
        "focus moves to the new step's heading"
    );
    host.remove();
}

mod signing_with_webcrypto {
    use candor::browser::signing::{self, SigningError};
    use candor_core::jws::{self, ParsedJws};
    use candor_core::summary::{Summary, is_uuid_v4};
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    use wasm_bindgen_test::*;

    const FIXTURE: &str = include_str!("../crates/core/tests/fixtures/summary-neurotoxin.json");

    #[wasm_bindgen_test]
    async fn a_summary_signed_by_webcrypto_verifies_with_rustcrypto() {
        assert!(
            signing::can_sign(),
            "the test page is a secure context (127.0.0.1)"
        );
        let key = signing::visit_key().await.unwrap();
        let summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
        let token = signing::sign(&key, &summary).await.unwrap();

        let parsed = ParsedJws::parse(&token).unwrap();
        assert_eq!(parsed.payload, summary.canonical_bytes().unwrap());
        assert_eq!(parsed.header.kid, jws::thumbprint(&key.public));
        assert_eq!(
            parsed.signature.len(),
            64,
            "WebCrypto gives R || S, as JWS needs"
        );

        assert!(verifies(&parsed, &parsed.signing_input));
        let tampered = parsed.signing_input.replacen('e', "f", 1);
        assert!(!verifies(&parsed, &tampered));
    }

    /// Whether RustCrypto `p256` accepts the JWS's signature over `input`, with the
    /// public key its header carries.
    fn verifies(parsed: &ParsedJws, input: &str) -> bool {
        let point = [&[4u8][..], &parsed.key_x, &parsed.key_y].concat();
        let verifier = VerifyingKey::from_sec1_bytes(&point).unwrap();
        let signature = Signature::from_slice(&parsed.signature).unwrap();
        verifier.verify(input.as_bytes(), &signature).is_ok()
    }

    #[wasm_bindgen_test]
    async fn the_private_key_cannot_be_exported() {
        let key = signing::visit_key().await.unwrap();
        assert_eq!(
            signing::try_export_private(&key).await,
            Err(SigningError::Refused("exportKey"))
        );
    }

    #[wasm_bindgen_test]
    async fn every_visit_gets_its_own_key_and_submission_id() {
        let (a, b) = (
            signing::visit_key().await.unwrap(),
            signing::visit_key().await.unwrap(),
        );
        assert_ne!(a.public, b.public);
        let (x, y) = (
            signing::random_uuid().unwrap(),
            signing::random_uuid().unwrap(),
        );
        assert!(is_uuid_v4(&x) && is_uuid_v4(&y), "{x} {y}");
        assert_ne!(x, y);
    }

    #[wasm_bindgen_test]
    async fn a_device_key_is_kept_non_extractable_and_signs_what_verifies() {
        let first = signing::device_key().await.unwrap();
        let again = signing::device_key().await.unwrap();
        assert_eq!(first.public, again.public, "the same key on every visit");
        assert_ne!(first.public, signing::visit_key().await.unwrap().public);
        assert_eq!(
            signing::try_export_private(&again).await,
            Err(SigningError::Refused("exportKey")),
            "still not extractable after IndexedDB"
        );
        let summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
        let parsed = ParsedJws::parse(&signing::sign(&again, &summary).await.unwrap()).unwrap();
        assert_eq!(parsed.header.kid, jws::thumbprint(&first.public));
        assert!(verifies(&parsed, &parsed.signing_input));
    }
}

mod delivery_adapters {
    use candor::browser::delivery::{load, post_submission, save};
    use candor_core::delivery::{Attempt, Outbox, Signed};
    use wasm_bindgen_test::*;

    const ID: &str = "6b1f0c2e-8d3a-4f5b-9c7d-0e1f2a3b4c5d";

    #[wasm_bindgen_test]
    async fn the_outbox_is_stored_in_indexeddb_and_read_back() {
        let mut outbox = Outbox::default();
        outbox.add(
            Signed {
                bearer: Some("invite-token-0123456789"),
                fhir_bundle: Some("{\"resourceType\":\"Bundle\"}"),
                ..Signed::new(ID, "header.payload.signature", "{\"schema_version\":1}")
            },
            &["clinic"],
            1_000,
        );
        save(&outbox).await.unwrap();
        assert_eq!(load().await.unwrap(), outbox);
        save(&Outbox::default()).await.unwrap();
        assert_eq!(
            load().await.unwrap(),
            Outbox::default(),
            "an emptied outbox keeps nothing"
        );
    }

    #[wasm_bindgen_test]
    async fn what_is_stored_is_ciphertext_under_a_key_that_cannot_be_read_out() {
        use candor::browser::idb::{self, Place};
        use candor::browser::sealed;
        use wasm_bindgen::JsCast;
        const PLACE: Place = Place {
            database: "candor-sealed-test",
            store: "records",
        };
        let secret = r#"{"legal_name":"Ana María Núñez","allergies":["lidocaine"]}"#;
        sealed::put(PLACE, "record", secret).await.unwrap();
        assert_eq!(
            sealed::get(PLACE, "record").await.unwrap().as_deref(),
            Some(secret)
        );
        // As stored: an IV and ciphertext, with none of the text in them.
        let raw = idb::get(PLACE, "record").await.unwrap();
        let bytes = |name: &str| {
            js_sys::Uint8Array::new(&js_sys::Reflect::get(&raw, &name.into()).unwrap()).to_vec()
        };
        assert_eq!(bytes("iv").len(), 12);
        let stored = bytes("ciphertext");
        assert!(stored.len() >= secret.len() + 16, "ciphertext and tag");
        for plain in ["Ana", "legal_name", "lidocaine"] {
            assert!(
                !stored.windows(plain.len()).any(|w| w == plain.as_bytes()),
                "{plain} is not stored in the clear"
            );
        }
        // The key is a non-extractable AES-GCM CryptoKey.
        let key: web_sys::CryptoKey = idb::get(PLACE, "sealing-key")
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
        assert!(!key.extractable());
        // Another write of the same text is different ciphertext (a fresh IV).
        sealed::put(PLACE, "record", secret).await.unwrap();
        let again = js_sys::Uint8Array::new(
            &js_sys::Reflect::get(
                &idb::get(PLACE, "record").await.unwrap(),
                &"ciphertext".into(),
            )
            .unwrap(),
        )
        .to_vec();
        assert_ne!(again, stored);
        assert_eq!(sealed::get(PLACE, "nothing").await.unwrap(), None);
    }

    #[wasm_bindgen_test]
    async fn no_answer_and_an_answer_are_told_apart() {
        let mut outbox = Outbox::default();
        outbox.add(Signed::new(ID, "h.p.s", "{}"), &["clinic"], 0);
        let item = &outbox.items[0];
        let unreachable = post_submission("http://127.0.0.1:9/api/submissions", item, None).await;
        assert_eq!(unreachable, Attempt::NoAnswer);
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        match post_submission(&format!("{origin}/no-such-endpoint"), item, Some("token")).await {
            Attempt::Answered { status, .. } => assert!((400..500).contains(&status), "{status}"),
            other => panic!("the test server answers: {other:?}"),
        }
    }
}
