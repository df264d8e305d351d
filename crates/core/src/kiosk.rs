//! Kiosk mode: the clinic's own tablet in the waiting room, handed from one patient to
//! the next. This module decides what the interface only shows: the link that enrols a
//! tablet, the staff PIN's rules, and when an unattended visit is warned about and
//! wiped ([`timer`]). Settings come from the clinic profile ([`KioskSettings`]).

use crate::profile::KioskSettings;

/// The enrolment code in a link's fragment (`#kiosk-enrol=<code>`), if well formed.
pub fn enrolment_code(fragment: &str) -> Option<String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let code = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("kiosk-enrol="))?;
    ((16..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| code.to_owned())
}

/// The fragment that enrols a tablet with `code`.
pub fn enrolment_fragment(code: &str) -> String {
    format!("#kiosk-enrol={code}")
}

/// What is wrong with a staff PIN being set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    /// Not 4 to 8 digits.
    NotFourToEightDigits,
    /// The two entries differ.
    Different,
}

/// Whether `pin`, typed twice, can be the tablet's staff PIN.
pub fn pin_problem(pin: &str, again: &str) -> Option<PinProblem> {
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Some(PinProblem::NotFourToEightDigits);
    }
    (pin != again).then_some(PinProblem::Different)
}

/// Wrong staff PINs in a row before the PIN is refused for a while.
pub const PIN_TRIES: u32 = 5;
/// How long the PIN is refused after [`PIN_TRIES`] wrong ones, in milliseconds.
pub const PIN_LOCK_MS: i64 = 60_000;

/// Wrong staff PINs typed on this tablet: after [`PIN_TRIES`] in a row, no PIN is
/// checked for [`PIN_LOCK_MS`], so a patient cannot try them all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PinTries {
    wrong: u32,
    locked_until_ms: i64,
}

impl PinTries {
    /// Seconds before a PIN may be tried again (`None` when it may be now).
    pub fn wait_seconds(&self, now_ms: i64) -> Option<u32> {
        let left = self.locked_until_ms - now_ms;
        (left > 0).then(|| u32::try_from((left + 999) / 1000).unwrap_or(u32::MAX))
    }

    /// Records a PIN checked at `now_ms`: a right one forgets the wrong ones.
    pub fn record(&mut self, right: bool, now_ms: i64) {
        if right {
            *self = PinTries::default();
            return;
        }
        self.wrong += 1;
        if self.wrong >= PIN_TRIES {
            self.wrong = 0;
            self.locked_until_ms = now_ms + PIN_LOCK_MS;
        }
    }
}

/// Why the patient is asked whether they are still there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Nobody touched the screen for a while.
    Idle,
    /// The visit reached its time cap.
    Cap,
}

/// Where an unattended visit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Nothing to say.
    Running,
    /// "Are you still there?", with the whole seconds left before the wipe.
    Warning {
        /// Seconds left, rounded up (never 0 while warning).
        seconds_left: u32,
        /// Idle or capped.
        why: Why,
    },
    /// Nobody answered: wipe the visit.
    Expired,
}

/// The clock of one kiosk visit, in milliseconds of the device's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisitClock {
    /// The last touch, key or input.
    pub last_activity_ms: i64,
    /// When the visit reaches its cap (its start plus the cap, plus extensions).
    pub cap_ms: i64,
}

impl VisitClock {
    /// A visit starting at `now_ms`.
    pub fn start(settings: &KioskSettings, now_ms: i64) -> Self {
        Self {
            last_activity_ms: now_ms,
            cap_ms: now_ms + minutes(settings.visit_minutes),
        }
    }

    /// The patient answered "Continue": they are active now, and a capped visit gets
    /// [`KioskSettings::EXTENSION_MINUTES`] more from now.
    pub fn extend(&mut self, now_ms: i64) {
        self.last_activity_ms = now_ms;
        self.cap_ms = self
            .cap_ms
            .max(now_ms + minutes(KioskSettings::EXTENSION_MINUTES));
    }
}

fn minutes(m: u32) -> i64 {
    i64::from(m) * 60_000
}

/// Where the visit stands at `now_ms`; `reading` while a consent document is shown
/// (the longer idle time applies).
pub fn timer(settings: &KioskSettings, clock: VisitClock, reading: bool, now_ms: i64) -> Timer {
    let idle = if reading {
        settings.reading_idle_seconds
    } else {
        settings.idle_seconds
    };
    let idle_at = clock.last_activity_ms + i64::from(idle) * 1000;
    let (warn_at, why) = if clock.cap_ms < idle_at {
        (clock.cap_ms, Why::Cap)
    } else {
        (idle_at, Why::Idle)
    };
    if now_ms < warn_at {
        return Timer::Running;
    }
    let left_ms = i64::from(settings.warning_seconds) * 1000 - (now_ms - warn_at);
    if left_ms <= 0 {
        return Timer::Expired;
    }
    Timer::Warning {
        seconds_left: u32::try_from((left_ms + 999) / 1000).unwrap_or(u32::MAX),
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "K7QX-2M9P-RT4W-8ZNA";

    #[test]
    fn reads_an_enrolment_code_and_nothing_else() {
        assert_eq!(
            enrolment_code(&enrolment_fragment(CODE)).as_deref(),
            Some(CODE)
        );
        for bad in [
            "",
            "#kiosk-enrol=",
            "#kiosk-enrol=short",
            "#kiosk-enrol=K7QX 2M9P RT4W 8ZNA",
            "#invite=inv-1.abc",
        ] {
            assert_eq!(enrolment_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_pin_is_four_to_eight_digits_typed_the_same_twice() {
        assert_eq!(pin_problem("2468", "2468"), None);
        assert_eq!(pin_problem("24681357", "24681357"), None);
        for bad in ["246", "246813579", "24a8", " 2468"] {
            assert_eq!(
                pin_problem(bad, bad),
                Some(PinProblem::NotFourToEightDigits)
            );
        }
        assert_eq!(pin_problem("2468", "2469"), Some(PinProblem::Different));
    }

    #[test]
    fn five_wrong_pins_lock_the_pin_for_a_minute() {
        let mut tries = PinTries::default();
        for n in 0..4 {
            tries.record(false, n);
            assert_eq!(tries.wait_seconds(n), None);
        }
        tries.record(false, 10_000);
        assert_eq!(tries.wait_seconds(10_000), Some(60));
        assert_eq!(tries.wait_seconds(69_001), Some(1));
        assert_eq!(tries.wait_seconds(70_000), None);
        tries.record(false, 70_000);
        tries.record(true, 70_001);
        assert_eq!(
            tries,
            PinTries::default(),
            "a right PIN forgets the wrong ones"
        );
    }

    #[test]
    fn idle_warns_then_counts_down_then_expires() {
        let s = KioskSettings::default();
        let clock = VisitClock::start(&s, 0);
        assert_eq!(timer(&s, clock, false, 119_999), Timer::Running);
        assert_eq!(
            timer(&s, clock, false, 120_000),
            Timer::Warning {
                seconds_left: 30,
                why: Why::Idle
            }
        );
        assert_eq!(
            timer(&s, clock, false, 149_001),
            Timer::Warning {
                seconds_left: 1,
                why: Why::Idle
            }
        );
        assert_eq!(timer(&s, clock, false, 150_000), Timer::Expired);
        assert_eq!(
            timer(&s, clock, true, 150_000),
            Timer::Running,
            "reading a consent"
        );
        assert_eq!(
            timer(&s, clock, true, 300_000),
            Timer::Warning {
                seconds_left: 30,
                why: Why::Idle
            }
        );
    }

    #[test]
    fn the_cap_warns_however_busy_the_patient_and_continue_extends_it() {
        let s = KioskSettings::default();
        let mut clock = VisitClock::start(&s, 0);
        clock.last_activity_ms = 30 * 60_000 - 1000;
        assert_eq!(
            timer(&s, clock, false, 30 * 60_000),
            Timer::Warning {
                seconds_left: 30,
                why: Why::Cap
            }
        );
        clock.extend(30 * 60_000 + 5000);
        assert_eq!(timer(&s, clock, false, 30 * 60_000 + 6000), Timer::Running);
        assert_eq!(clock.cap_ms, 40 * 60_000 + 5000);
    }
}
