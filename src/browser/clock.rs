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
