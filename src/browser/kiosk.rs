//! Kiosk mode's browser side: the enrolment link, the tablet's record (its name and
//! staff PIN, beside its device key in IndexedDB), the enrolment request, the staff
//! PIN check (PBKDF2 through WebCrypto), the timers and activity the idle watch
//! needs, and the wipe between patients. What a kiosk decides (when to warn, when to
//! wipe, the PIN's rules) is the core's ([`candor_core::kiosk`]).

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::idb;
use super::signing::{self, DEVICE_KEY};

/// The database that marks this browser as a kiosk (the device key and the record).
const DEVICE_DATABASE: &str = "candor-device";
/// The record's key in it.
const RECORD: &str = "kiosk";
/// PBKDF2 iterations for the staff PIN.
const PIN_ITERATIONS: u32 = 100_000;

/// This tablet, as enrolled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskDevice {
    /// The name the clinic gave it.
    pub name: String,
}

/// Why enrolment failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnrolError {
    /// The receiver refused the code.
    Refused,
    /// No answer, or an unexpected one.
    Offline,
    /// No IndexedDB or WebCrypto here.
    NoStorage,
}

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `target.name(args…)` when it is a function.
fn call(target: &JsValue, name: &str, args: &Array) -> Option<JsValue> {
    let function = get(target, name).dyn_into::<Function>().ok()?;
    function.apply(target, args).ok()
}

async fn settle(value: Option<JsValue>) -> Option<JsValue> {
    let promise = value?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// The enrolment code in the address (`#kiosk-enrol=…`), removed from the address bar
/// at once either way.
pub fn take_enrolment_code() -> Option<String> {
    candor_core::kiosk::enrolment_code(&super::address::take_fragment("kiosk-enrol=")?)
}

/// This tablet's enrolment, when this browser is an enrolled kiosk. Looking creates
/// nothing: the database is opened only when `indexedDB.databases()` lists it.
pub async fn installed() -> Option<KioskDevice> {
    let window = web_sys::window()?;
    // An opaque origin (a sandboxed frame) keeps nothing, so it is no kiosk; asking its
    // IndexedDB would only fail.
    if get(&window, "origin").as_string().as_deref() == Some("null") {
        return None;
    }
    let factory: JsValue = window.indexed_db().ok().flatten()?.into();
    // Where `databases()` exists, a browser that is no kiosk is told so without
    // opening (and so creating) anything; where it fails, there is no storage at all.
    if get(&factory, "databases").is_function() {
        let list = settle(call(&factory, "databases", &Array::new())).await?;
        let listed = Array::from(&list)
            .iter()
            .any(|d| get(&d, "name").as_string().as_deref() == Some(DEVICE_DATABASE));
        if !listed {
            return None;
        }
    }
    let record = idb::get(DEVICE_KEY, RECORD).await.ok()?;
    Some(KioskDevice {
        name: get(&record, "name").as_string()?,
    })
}

fn subtle() -> Option<web_sys::SubtleCrypto> {
    Some(web_sys::window()?.crypto().ok()?.subtle())
}

/// PBKDF2-SHA-256 of `pin` with `salt`: 32 bytes.
async fn pin_hash(pin: &str, salt: &Uint8Array) -> Option<Vec<u8>> {
    let subtle = subtle()?;
    let usages = Array::of1(&"deriveBits".into());
    let key = subtle
        .import_key_with_str(
            "raw",
            &Uint8Array::from(pin.as_bytes()),
            "PBKDF2",
            false,
            &usages,
        )
        .ok()?;
    let key: web_sys::CryptoKey = JsFuture::from(key).await.ok()?.unchecked_into();
    let params = Object::new();
    let _ = Reflect::set(&params, &"name".into(), &"PBKDF2".into());
    let _ = Reflect::set(&params, &"hash".into(), &"SHA-256".into());
    let _ = Reflect::set(&params, &"salt".into(), salt);
    let _ = Reflect::set(&params, &"iterations".into(), &PIN_ITERATIONS.into());
    let bits = subtle.derive_bits_with_object(&params, &key, 256).ok()?;
    Some(Uint8Array::new(&JsFuture::from(bits).await.ok()?).to_vec())
}

/// Whether `pin` is this tablet's staff PIN.
pub async fn pin_matches(pin: &str) -> bool {
    let Ok(record) = idb::get(DEVICE_KEY, RECORD).await else {
        return false;
    };
    let (Ok(salt), Ok(stored)) = (
        get(&record, "salt").dyn_into::<Uint8Array>(),
        get(&record, "pin").dyn_into::<Uint8Array>(),
    ) else {
        return false;
    };
    pin_hash(pin, &salt)
        .await
        .is_some_and(|h| h == stored.to_vec())
}

/// Enrols this tablet: makes (or reuses) its non-extractable device key, registers
/// the public half with the receiver at `url` under `code`, asks the browser to keep
/// this origin's storage (`navigator.storage.persist()`), and records the name the
/// receiver gave it with the staff PIN's hash.
pub async fn enrol(url: &str, code: &str, pin: &str) -> Result<KioskDevice, EnrolError> {
    let key = signing::device_key()
        .await
        .map_err(|_| EnrolError::NoStorage)?;
    let body = serde_json::json!({ "code": code, "jwk": key.public }).to_string();
    let request = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/json")
        .credentials(web_sys::RequestCredentials::Omit)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .body(body)
        .map_err(|_| EnrolError::Offline)?;
    let response = request.send().await.map_err(|_| EnrolError::Offline)?;
    match response.status() {
        201 => {}
        403 => return Err(EnrolError::Refused),
        _ => return Err(EnrolError::Offline),
    }
    let answer: serde_json::Value =
        serde_json::from_str(&response.text().await.unwrap_or_default())
            .map_err(|_| EnrolError::Offline)?;
    let name = answer["name"]
        .as_str()
        .ok_or(EnrolError::Offline)?
        .to_owned();
    let salt = Uint8Array::new_with_length(16);
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_array_buffer_view(&salt).ok())
        .ok_or(EnrolError::NoStorage)?;
    let hash = pin_hash(pin, &salt).await.ok_or(EnrolError::NoStorage)?;
    let record = Object::new();
    let _ = Reflect::set(&record, &"name".into(), &name.as_str().into());
    let _ = Reflect::set(&record, &"salt".into(), &salt);
    let _ = Reflect::set(&record, &"pin".into(), &Uint8Array::from(&hash[..]));
    idb::put(DEVICE_KEY, RECORD, &record)
        .await
        .map_err(|_| EnrolError::NoStorage)?;
    if let Some(window) = web_sys::window() {
        let storage = get(&get(&window, "navigator"), "storage");
        let _ = settle(call(&storage, "persist", &Array::new())).await;
    }
    Ok(KioskDevice { name })
}

/// Wipes the visit: the visit leaves the screen at once (the page's content is
/// replaced by `waiting`, a line without any patient data), any draft,
/// sessionStorage, localStorage and Cache Storage are cleared, then a fresh document
/// replaces this one (`location.replace`, so no history entry leads back into the
/// visit), as soon as the start page can be loaded: without a connection the tablet
/// waits, showing only `waiting`, and tries again every 10 seconds and when the
/// connection returns. The device key, its record and the sealed outbox are kept: the
/// outbox goes on delivering, from this page while it waits and from the next.
pub fn wipe(waiting: &'static str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_text_content(None);
        if let Ok(line) = body
            .owner_document()
            .map_or(Err(JsValue::NULL), |d| d.create_element("p"))
        {
            line.set_class_name("kiosk-waiting");
            line.set_attribute("role", "status").ok();
            line.set_text_content(Some(waiting));
            let _ = body.append_child(&line);
        }
    }
    leptos::task::spawn_local(async {
        let _ = super::drafts::delete().await;
        if let Some(window) = web_sys::window() {
            let window: JsValue = window.into();
            for area in ["sessionStorage", "localStorage"] {
                let storage = Reflect::get(&window, &area.into()).unwrap_or(JsValue::UNDEFINED);
                let _ = call(&storage, "clear", &Array::new());
            }
            let caches = get(&window, "caches");
            if let Some(keys) = settle(call(&caches, "keys", &Array::new())).await {
                for key in Array::from(&keys).iter() {
                    let _ = settle(call(&caches, "delete", &Array::of1(&key))).await;
                }
            }
        }
        replace_when_reachable().await;
    });
}

/// Loads the start page in place of this one once the receiver answers for it.
async fn replace_when_reachable() {
    let address = super::address::without_fragment();
    loop {
        let reachable = gloo_net::http::Request::get(&address)
            .cache(web_sys::RequestCache::NoStore)
            .credentials(web_sys::RequestCredentials::Omit)
            .send()
            .await
            .is_ok_and(|r| r.ok());
        if reachable {
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&address);
            }
            return;
        }
        let wait = Promise::new(&mut |resolve, _| {
            let _ = after(10_000, {
                let resolve = resolve.clone();
                move || {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
            if let Some(window) = web_sys::window() {
                let options = web_sys::AddEventListenerOptions::new();
                options.set_once(true);
                let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                    "online", &resolve, &options,
                );
            }
        });
        let _ = JsFuture::from(wait).await;
    }
}

/// Wipes (see [`wipe`]) whenever the page is shown again from the back/forward cache.
pub fn wipe_on_back_forward_restore(waiting: &'static str) {
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if get(&event, "persisted").as_bool() == Some(true) {
            wipe(waiting);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("pageshow", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// Calls `touched` on every touch, click, key, input or scroll anywhere in the page.
pub fn on_activity(touched: impl Fn() + 'static) {
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| touched());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        options.set_passive(true);
        for kind in ["pointerdown", "keydown", "input", "wheel", "scroll"] {
            let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
                kind,
                listener.as_ref().unchecked_ref(),
                &options,
            );
        }
    }
    listener.forget();
}

/// Calls `tick` every second for as long as the page lives.
pub fn every_second(tick: impl Fn() + 'static) {
    let listener = Closure::<dyn FnMut()>::new(tick);
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            listener.as_ref().unchecked_ref(),
            1000,
        );
    }
    listener.forget();
}

/// Calls `then` once after `ms`; the returned handle cancels it with [`cancel`].
pub fn after(ms: i32, then: impl FnOnce() + 'static) -> Option<i32> {
    let callback = Closure::once_into_js(then);
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms)
        .ok()
}

/// Cancels what [`after`] scheduled.
pub fn cancel(handle: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(handle);
    }
}
