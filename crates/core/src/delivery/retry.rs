//! What to do after one delivery attempt.

use crate::date::CivilDate;

/// Exponential backoff with full jitter: before retry `n` (from 0), wait a uniformly
/// random time in `[0, min(cap, base · 2^n))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The first ceiling, in milliseconds.
    pub base_ms: u64,
    /// The largest ceiling, in milliseconds.
    pub cap_ms: u64,
}

impl Backoff {
    /// One second, doubling, up to one minute.
    pub const DEFAULT: Backoff = Backoff {
        base_ms: 1_000,
        cap_ms: 60_000,
    };

    /// The ceiling before retry `attempt`.
    pub fn ceiling(self, attempt: u32) -> u64 {
        self.base_ms
            .saturating_mul(1u64.checked_shl(attempt.min(40)).unwrap_or(u64::MAX))
            .min(self.cap_ms)
    }

    /// The delay before retry `attempt`, for a uniformly random `random`.
    pub fn delay(self, attempt: u32, random: u32) -> u64 {
        ((u128::from(self.ceiling(attempt)) * u128::from(random)) >> 32) as u64
    }
}

/// How one attempt ended, as the network adapter saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The target answered with this status and, perhaps, a `Retry-After` header and
    /// a body (a receipt on success).
    Answered {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header, as sent.
        retry_after: Option<String>,
        /// The response body.
        body: String,
    },
    /// No answer: offline, connection refused or cut, timeout.
    NoAnswer,
}

/// What the attempt means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored by the target; the body is its receipt.
    Delivered {
        /// The receipt.
        receipt: String,
    },
    /// Try again after this many milliseconds.
    RetryIn(u64),
    /// Retrying cannot help (400, 401, 403, 404, 405, 410, 413, 422 …): keep the
    /// submission and ask for staff.
    NeedsStaff {
        /// The status answered.
        status: u16,
    },
}

/// Longest wait a `Retry-After` may ask for; longer requests are capped.
pub const MAX_RETRY_AFTER_MS: u64 = 3_600_000;

/// Classifies attempt number `attempt` (from 0) at `now_ms`, drawing jitter from
/// `random`.
pub fn classify(
    result: &Attempt,
    attempt: u32,
    backoff: Backoff,
    random: u32,
    now_ms: i64,
) -> Outcome {
    let jittered = backoff.delay(attempt, random);
    match result {
        Attempt::NoAnswer => Outcome::RetryIn(jittered),
        Attempt::Answered { status, body, .. } if (200..300).contains(status) => {
            Outcome::Delivered {
                receipt: body.clone(),
            }
        }
        Attempt::Answered {
            status,
            retry_after,
            ..
        } => match status {
            408 | 409 | 425 | 429 | 500 | 502 | 503 | 504 => {
                let asked = retry_after
                    .as_deref()
                    .and_then(|h| retry_after_ms(h, now_ms));
                Outcome::RetryIn(asked.map_or(jittered, |ms| ms.min(MAX_RETRY_AFTER_MS)))
            }
            // Other 5xx (501, 505 …) will not fix themselves, and neither will 4xx.
            status => Outcome::NeedsStaff { status: *status },
        },
    }
}

/// A `Retry-After` value in milliseconds from `now_ms`: delta-seconds or an HTTP date.
pub fn retry_after_ms(header: &str, now_ms: i64) -> Option<u64> {
    let header = header.trim();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        return header.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    let at = http_date_ms(header)?;
    Some(at.saturating_sub(now_ms).max(0) as u64)
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to milliseconds since 1970.
pub fn http_date_ms(text: &str) -> Option<i64> {
    let rest = text.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let date = CivilDate::new(year.parse().ok()?, month, day.parse().ok()?)?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some((days_from_civil(date) * 86_400 + h * 3600 + m * 60 + s) * 1000)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(date: CivilDate) -> i64 {
    let (y, m, d) = (
        i64::from(date.year) - i64::from(date.month <= 2),
        i64::from(date.month),
        i64::from(date.day),
    );
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
