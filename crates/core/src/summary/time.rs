//! Timestamps as the summary writes them: RFC 3339 with the signer's UTC offset.

/// A moment and the UTC offset of the device's clock at that moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub unix_ms: i64,
    /// Minutes east of UTC (JavaScript's `-getTimezoneOffset()`).
    pub offset_minutes: i32,
}

impl Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` in local time (`Z` at offset zero), to the second.
    pub fn rfc3339(self) -> String {
        let local = self.unix_ms.div_euclid(1000) + i64::from(self.offset_minutes) * 60;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
        let offset = if self.offset_minutes == 0 {
            "Z".to_owned()
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let abs = self.offset_minutes.unsigned_abs();
            format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
        };
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{offset}")
    }
}

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
