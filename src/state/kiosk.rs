//! Kiosk mode's state: the visit's clock and the idle watch ([`candor_core::kiosk`]
//! decides), the hand-back countdown, the staff screens, and the one place that wipes.
//! Provided as a context only on an enrolled kiosk.

use candor_core::delivery::StaffView;
use candor_core::flow::Step;
use candor_core::kiosk::{PinTries, Timer, VisitClock, timer};
use candor_core::profile::KioskSettings;
use leptos::prelude::*;

use super::Visit;
use crate::browser::kiosk::{self, KioskDevice};

/// Which staff screen is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffScreen {
    /// None.
    Closed,
    /// Asking for the PIN (`wrong` after a wrong one).
    Pin {
        /// The last PIN typed was wrong.
        wrong: bool,
    },
    /// The tablet's status.
    Panel,
}

/// A kiosk visit.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// The clinic's kiosk settings.
    pub settings: StoredValue<KioskSettings>,
    /// This tablet.
    pub device: StoredValue<KioskDevice>,
    /// The device's clock, in milliseconds, ticking every second.
    pub now: RwSignal<i64>,
    /// The visit's clock, from "Tap to begin" (`None` on the start screen).
    pub clock: RwSignal<Option<VisitClock>>,
    /// Where the unattended visit stands.
    pub timer: Memo<Timer>,
    /// Seconds the hand-back (or paper) screen has left, while it shows.
    pub handback_left: Memo<Option<u32>>,
    /// The staff screen on show.
    pub staff: RwSignal<StaffScreen>,
    /// Wrong staff PINs (the core decides when the PIN is refused for a while).
    pub pin_tries: RwSignal<PinTries>,
    wiping: StoredValue<bool>,
    visit: Visit,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Kiosk {
    /// Starts kiosk mode for `visit` on `device`: the idle watch, the ticking clock, the
    /// wipe on a back/forward-cache restore and whenever the core says the visit is over.
    pub fn start(visit: Visit, device: KioskDevice) -> Kiosk {
        let settings = StoredValue::new(visit.with_profile(|p| p.kiosk.clone()));
        let now = RwSignal::new(now_ms());
        let clock = RwSignal::new(None::<VisitClock>);
        let timer = Memo::new(move |_| {
            let Some(clock) = clock.get() else {
                return Timer::Running;
            };
            let step = visit.step.get();
            if step == Step::Done || visit.consents.paper.get() {
                return Timer::Running;
            }
            let reading = matches!(step, Step::Disclosure | Step::Consent(_));
            settings.with_value(|s| timer(s, clock, reading, now.get()))
        });
        // When the hand-back (or paper) screen appeared: kept while it shows.
        let ended_at = Memo::new(move |previous: Option<&Option<i64>>| {
            let ended = visit.step.get() == Step::Done || visit.consents.paper.get();
            ended.then(|| {
                previous
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| now.get_untracked())
            })
        });
        let handback_left = Memo::new(move |_| {
            let ended = ended_at.get()?;
            let total = i64::from(settings.with_value(|s| s.handback_seconds));
            let gone = (now.get() - ended) / 1000;
            Some(u32::try_from((total - gone).max(0)).unwrap_or(0))
        });
        let kiosk = Kiosk {
            settings,
            device: StoredValue::new(device),
            now,
            clock,
            timer,
            handback_left,
            staff: RwSignal::new(StaffScreen::Closed),
            pin_tries: RwSignal::new(PinTries::default()),
            wiping: StoredValue::new(false),
            visit,
        };
        let over = Memo::new(move |_| {
            if timer.get() == Timer::Expired {
                return true;
            }
            // Never before the signed forms are safe (stored on the tablet or received).
            let _ = visit.courier.with_value(|c| c.status.get());
            handback_left.get() == Some(0) && !visit.leaving_loses_work()
        });
        Effect::new(move |_| {
            if over.get() {
                kiosk.wipe();
            }
        });
        kiosk::on_activity(move || {
            if clock.with_untracked(Option::is_some) {
                clock.update(|c| {
                    if let Some(c) = c {
                        c.last_activity_ms = now_ms();
                    }
                });
            }
        });
        kiosk::every_second(move || now.set(now_ms()));
        kiosk::wipe_on_back_forward_restore(
            crate::text::for_lang(visit.lang.get_untracked())
                .kiosk
                .waiting_for_connection,
        );
        kiosk
    }

    /// "Tap to begin": the visit's clock starts.
    pub fn begin(&self, visit: Visit) {
        let now = now_ms();
        self.now.set(now);
        self.clock.set(Some(
            self.settings.with_value(|s| VisitClock::start(s, now)),
        ));
        visit.next();
    }

    /// "Continue" in "Are you still there?": present now, and a capped visit gets more time.
    pub fn still_here(&self) {
        let now = now_ms();
        self.now.set(now);
        self.clock.update(|c| {
            if let Some(c) = c {
                c.extend(now);
            }
        });
    }

    /// Checks a staff PIN, unless too many wrong ones were typed just now: the panel
    /// opens for the right one.
    pub fn try_pin(&self, pin: String) {
        let kiosk = *self;
        if self
            .pin_tries
            .get_untracked()
            .wait_seconds(now_ms())
            .is_some()
        {
            return;
        }
        leptos::task::spawn_local(async move {
            let right = kiosk::pin_matches(&pin).await;
            kiosk.pin_tries.update(|t| t.record(right, now_ms()));
            kiosk.now.set(now_ms());
            kiosk.staff.set(if right {
                StaffScreen::Panel
            } else {
                StaffScreen::Pin { wrong: true }
            });
        });
    }

    /// Clears this visit and shows the start screen in a fresh document, once.
    pub fn wipe(&self) {
        if !self.wiping.get_value() {
            self.wiping.set_value(true);
            let text = crate::text::for_lang(self.visit.lang.get_untracked());
            kiosk::wipe(text.kiosk.waiting_for_connection);
        }
    }

    /// What staff see of the outbox now (refreshed every second while shown).
    pub fn staff_view(&self, visit: Visit) -> StaffView {
        let _ = self.now.get();
        visit.courier.with_value(|c| c.staff_view())
    }
}
