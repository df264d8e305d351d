//! Carries signed submissions to the clinic: keeps them in the outbox (IndexedDB
//! where the browser allows it), sends each to every HTTPS target, retries as the
//! core decides, and reports an honest state for the patient.
//!
//! One courier per page. It starts by draining whatever an earlier page left in the
//! outbox, and drains again when the device comes back online.

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::delivery::lifecycle::Event;
use candor_core::delivery::{Backoff, DeliveryStatus, Outbox, Outcome, Signed};
use candor_core::profile::DeliveryTarget;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::browser::delivery::{StorageError, load, post_fhir_bundle, post_submission, save};
use crate::browser::parent;

/// What the patient is told about the last submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing sent yet.
    Idle,
    /// Signing, storing or sending right now.
    Sending,
    /// Received by the clinic: its receipt time (RFC 3339, the clinic's clock).
    Received(Option<String>),
    /// Saved on this device, sent when back online.
    Saved,
    /// Not stored on this device: the page must stay open while it is retried.
    KeepOpen,
    /// Refused in a way retrying cannot fix.
    NeedsStaff(u16),
}

impl Status {
    /// The core's view of the same state (`None` before anything was signed); a
    /// submission being signed or stored right now is not safe anywhere yet.
    pub fn delivery_status(&self) -> Option<DeliveryStatus> {
        Some(match self {
            Status::Idle => return None,
            Status::Sending => DeliveryStatus::Unknown,
            Status::Received(at) => DeliveryStatus::Received {
                received_at: at.clone(),
            },
            Status::Saved => DeliveryStatus::SavedOnDevice,
            Status::KeepOpen => DeliveryStatus::SendingKeepPageOpen,
            Status::NeedsStaff(status) => DeliveryStatus::NeedsStaff { status: *status },
        })
    }
}

struct Inner {
    outbox: Outbox,
    persisted: bool,
    /// The HTTPS and FHIR targets (the parent page is told by [`parent`] instead).
    targets: Vec<DeliveryTarget>,
    draining: bool,
    last: Option<String>,
    /// The last lifecycle event the embedding page was told of.
    told: Option<Event>,
}

/// The page's courier.
#[derive(Clone)]
pub struct Courier {
    inner: Rc<RefCell<Inner>>,
    /// The state of the last submission, for the interface.
    pub status: RwSignal<Status>,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn random() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// An absolute URL for `url`, which may be a path on the widget's own origin.
fn absolute(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

impl Courier {
    /// Starts the courier for the profile's delivery targets and drains what an
    /// earlier page left behind.
    pub fn start(targets: Vec<DeliveryTarget>) -> Courier {
        let courier = Courier {
            inner: Rc::new(RefCell::new(Inner {
                outbox: Outbox::default(),
                persisted: false,
                targets: targets
                    .into_iter()
                    .filter(|t| !matches!(t, DeliveryTarget::ParentPage { .. }))
                    .collect(),
                draining: false,
                last: None,
                told: None,
            })),
            status: RwSignal::new(Status::Idle),
        };
        let c = courier.clone();
        leptos::task::spawn_local(async move {
            let stored = load().await;
            if stored == Err(StorageError::Unavailable) {
                // The embedding page may offer the form in a tab of its own.
                parent::notify(&Event::NoStorage);
            }
            if let Ok(stored) = stored {
                let mut inner = c.inner.borrow_mut();
                for item in stored.items {
                    if !inner
                        .outbox
                        .items
                        .iter()
                        .any(|i| i.submission_id == item.submission_id)
                    {
                        inner.outbox.items.push(item);
                    }
                }
                inner.outbox.retry_now(now_ms());
            }
            c.drain().await;
        });
        let c = courier.clone();
        let online = Closure::<dyn FnMut()>::new(move || {
            c.inner.borrow_mut().outbox.retry_now(now_ms());
            let c = c.clone();
            leptos::task::spawn_local(async move { c.drain().await });
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        }
        online.forget();
        courier
    }

    /// What the clinic's staff may see of the outbox: counts, ages, error codes.
    pub fn staff_view(&self) -> candor_core::delivery::StaffView {
        self.inner.borrow().outbox.staff_view()
    }

    /// Sends everything waiting now (staff pressed "Send now").
    pub fn retry(&self) {
        self.inner.borrow_mut().outbox.retry_now(now_ms());
        let c = self.clone();
        leptos::task::spawn_local(async move { c.drain().await });
    }

    /// Whether a target needs the FHIR Bundle of each submission.
    pub fn needs_fhir_bundle(&self) -> bool {
        self.inner
            .borrow()
            .targets
            .iter()
            .any(|t| matches!(t, DeliveryTarget::Fhir { .. }))
    }

    /// Queues a signed submission for every target, stores the outbox and sends.
    pub async fn submit(&self, signed: Signed<'_>) {
        self.status.set(Status::Sending);
        {
            let mut inner = self.inner.borrow_mut();
            let ids: Vec<String> = inner.targets.iter().map(|t| t.id().to_owned()).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            inner.outbox.add(signed, &ids, now_ms());
            inner.last = Some(signed.submission_id.to_owned());
        }
        self.persist().await;
        // Stored (or known not to be): the patient may leave from here on.
        self.report(false);
        self.drain().await;
    }

    async fn persist(&self) {
        let snapshot = self.inner.borrow().outbox.clone();
        let ok = save(&snapshot).await.is_ok();
        self.inner.borrow_mut().persisted = ok;
    }

    /// Sends everything due, then schedules the next attempt.
    async fn drain(&self) {
        if std::mem::replace(&mut self.inner.borrow_mut().draining, true) {
            return;
        }
        loop {
            let due = self.inner.borrow().outbox.due(now_ms());
            if due.is_empty() {
                break;
            }
            for (id, target) in due {
                let (destination, item) = {
                    let inner = self.inner.borrow();
                    (
                        inner.targets.iter().find(|t| t.id() == target).cloned(),
                        inner
                            .outbox
                            .items
                            .iter()
                            .find(|i| i.submission_id == id)
                            .cloned(),
                    )
                };
                let (Some(destination), Some(item)) = (destination, item) else {
                    continue;
                };
                let attempt = match &destination {
                    DeliveryTarget::Https { url, .. } => {
                        post_submission(&absolute(url), &item, item.bearer.as_deref()).await
                    }
                    DeliveryTarget::Fhir { base_url, .. } => {
                        let bundle = item.fhir_bundle.as_deref().unwrap_or_default();
                        post_fhir_bundle(&absolute(base_url), bundle).await
                    }
                    DeliveryTarget::ParentPage { .. } => continue,
                };
                let outcome = self.inner.borrow_mut().outbox.record(
                    &id,
                    &target,
                    &attempt,
                    Backoff::DEFAULT,
                    random(),
                    now_ms(),
                );
                if let Some(Outcome::Delivered { .. }) = outcome {
                    // Told at once, before storing: the clinic has it.
                    self.report(true);
                }
                self.persist().await;
            }
        }
        self.inner.borrow_mut().draining = false;
        self.report(true);
        self.schedule();
    }

    /// Tells the patient (and, once per change, the embedding page) the state of the
    /// last submission, as the core's outbox decides it.
    fn report(&self, tell_parent: bool) {
        let inner = self.inner.borrow();
        let Some(last) = inner.last.clone() else {
            return;
        };
        let submission_id = last.clone();
        let (status, event) = match inner.outbox.status(&last, inner.persisted) {
            DeliveryStatus::SavedOnDevice => (Status::Saved, Some(Event::Queued { submission_id })),
            DeliveryStatus::SendingKeepPageOpen => (Status::KeepOpen, None),
            DeliveryStatus::NeedsStaff { status } => (
                Status::NeedsStaff(status),
                Some(Event::Failed {
                    submission_id,
                    status,
                }),
            ),
            DeliveryStatus::Received { received_at } => (
                Status::Received(received_at),
                Some(Event::Received { submission_id }),
            ),
            DeliveryStatus::Unknown => return,
        };
        drop(inner);
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
        // The embedding page hears of each change once, and of a submission waiting
        // on the device only once a first attempt has failed.
        if tell_parent && let Some(event) = event {
            let mut inner = self.inner.borrow_mut();
            if inner.told.as_ref() != Some(&event) {
                inner.told = Some(event.clone());
                drop(inner);
                parent::notify(&event);
            }
        }
    }

    fn schedule(&self) {
        let Some(at) = self.inner.borrow().outbox.next_due() else {
            return;
        };
        let wait = (at - now_ms()).clamp(0, i32::MAX as i64) as i32;
        let c = self.clone();
        let tick = Closure::once_into_js(move || {
            leptos::task::spawn_local(async move { c.drain().await })
        });
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), wait);
        }
    }
}
