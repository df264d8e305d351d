//! The date cases and answers are evaluated on.

use candor_core::CivilDate;

/// A `YYYY-MM-DD` date given on the command line.
pub fn parse(text: &str) -> Result<CivilDate, String> {
    let mut parts = text.split('-');
    let date = (|| {
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        CivilDate::new(year, month, day)
    })();
    date.ok_or_else(|| format!("`{text}` is not a YYYY-MM-DD date"))
}

/// Today's date in UTC, from the system clock (civil-from-days, H. Hinnant's algorithm).
pub fn system() -> CivilDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    CivilDate::new(year, month, day).expect("a real date")
}
