//! The device's calendar date.

use candor_core::CivilDate;

/// Today's date in the device's local time zone, which is the patient's.
pub fn today() -> CivilDate {
    let now = js_sys::Date::new_0();
    let (year, month, day) = (
        now.get_full_year() as i32,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    );
    CivilDate::new(year, month, day).expect("the browser's Date is a real calendar date")
}

/// Now, as RFC 3339 with the device's UTC offset (for signatures and the audit trail).
pub fn now_rfc3339() -> String {
    let now = js_sys::Date::new_0();
    candor_core::summary::Timestamp {
        unix_ms: now.get_time() as i64,
        offset_minutes: -(now.get_timezone_offset() as i32),
    }
    .rfc3339()
}
