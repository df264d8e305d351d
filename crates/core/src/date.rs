//! Calendar dates without time zones, as a patient writes them (day, month, year).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A date on the proleptic Gregorian calendar, with no time or time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CivilDate {
    /// Four-digit year, for example 1990.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

/// Why three typed parts do not make a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// One or more of day, month and year is empty.
    Incomplete,
    /// The parts are not numbers, or do not form a real date (31 February, month 13).
    NotARealDate,
}

impl CivilDate {
    /// A date from its parts, if they form a real calendar date.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses the three parts a patient types. Surrounding spaces are ignored; the
    /// year must have four digits so that "90" is not read as the year 90.
    pub fn from_parts(day: &str, month: &str, year: &str) -> Result<Self, DateError> {
        let (day, month, year) = (day.trim(), month.trim(), year.trim());
        if day.is_empty() || month.is_empty() || year.is_empty() {
            return Err(DateError::Incomplete);
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(day)
            || !digits(month)
            || !digits(year)
            || year.len() != 4
            || day.len() > 2
            || month.len() > 2
        {
            return Err(DateError::NotARealDate);
        }
        let parsed = (day.parse::<u8>(), month.parse::<u8>(), year.parse::<i32>());
        match parsed {
            (Ok(d), Ok(m), Ok(y)) => Self::new(y, m, d).ok_or(DateError::NotARealDate),
            _ => Err(DateError::NotARealDate),
        }
    }

    /// Days from `self` until `on`; negative when `on` is earlier.
    pub fn days_until(self, on: CivilDate) -> i64 {
        on.day_number() - self.day_number()
    }

    /// Days since 1 March of year 0 in the proleptic Gregorian calendar (any fixed
    /// origin would do: only differences are used).
    fn day_number(self) -> i64 {
        let (year, month) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * month + 2) / 5 + i64::from(self.day) - 1;
        era * 146_097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year
    }

    /// Whole years completed between `self` (a birth date) and `on`.
    /// A birthday on 29 February counts as reached on 1 March in common years.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - if had_birthday { 0 } else { 1 }
    }
}

impl fmt::Display for CivilDate {
    /// ISO 8601, `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1 to 12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> CivilDate {
        CivilDate::new(y, m, day).unwrap()
    }

    #[test]
    fn parts_parse_into_real_dates_only() {
        assert_eq!(
            CivilDate::from_parts(" 7", "03 ", "1990"),
            Ok(d(1990, 3, 7))
        );
        assert_eq!(CivilDate::from_parts("29", "2", "2000"), Ok(d(2000, 2, 29)));
        assert_eq!(
            CivilDate::from_parts("29", "2", "1900"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("31", "4", "1990"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("1", "13", "1990"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("1", "1", "90"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("1", "1", "19a0"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("-1", "1", "1990"),
            Err(DateError::NotARealDate)
        );
        assert_eq!(
            CivilDate::from_parts("", "1", "1990"),
            Err(DateError::Incomplete)
        );
        assert_eq!(
            CivilDate::from_parts("1", "1", "  "),
            Err(DateError::Incomplete)
        );
    }

    #[test]
    fn age_counts_completed_years() {
        let born = d(1990, 6, 15);
        assert_eq!(born.age_on(d(2026, 6, 14)), 35);
        assert_eq!(born.age_on(d(2026, 6, 15)), 36);
        assert_eq!(born.age_on(d(1990, 6, 15)), 0);
    }

    #[test]
    fn leap_day_birthday_is_reached_on_first_of_march() {
        let born = d(2008, 2, 29);
        assert_eq!(born.age_on(d(2026, 2, 28)), 17);
        assert_eq!(born.age_on(d(2026, 3, 1)), 18);
        assert_eq!(born.age_on(d(2028, 2, 29)), 20);
    }

    #[test]
    fn displays_as_iso_8601() {
        assert_eq!(d(987, 1, 2).to_string(), "0987-01-02");
    }
}

/// A date the patient may know only roughly: the year, perhaps the month, perhaps
/// the day ("March 2025" for a last filler appointment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: i32,
    /// Month, 1 to 12, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    /// Day of the month, when known (only with a month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
}

/// How much of a date a question needs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// The year is enough.
    Year,
    /// Month and year.
    #[default]
    Month,
    /// A full date.
    Day,
}

impl PartialDate {
    /// Parses the boxes a patient typed; empty day and month mean "not known".
    pub fn from_parts(day: &str, month: &str, year: &str) -> Result<Self, DateError> {
        let (day, month, year) = (day.trim(), month.trim(), year.trim());
        if year.is_empty() || (!day.is_empty() && month.is_empty()) {
            return Err(DateError::Incomplete);
        }
        let number = |s: &str, max_len: usize| -> Result<Option<u32>, DateError> {
            if s.is_empty() {
                return Ok(None);
            }
            if s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::NotARealDate);
            }
            s.parse().map(Some).map_err(|_| DateError::NotARealDate)
        };
        if year.len() != 4 {
            return Err(DateError::NotARealDate);
        }
        let year = number(year, 4)?.ok_or(DateError::Incomplete)? as i32;
        let month = number(month, 2)?.map(|m| m as u8);
        let day = number(day, 2)?.map(|d| d as u8);
        match (month, day) {
            (Some(m), Some(d)) if CivilDate::new(year, m, d).is_none() => {
                Err(DateError::NotARealDate)
            }
            (Some(m), _) if !(1..=12).contains(&m) => Err(DateError::NotARealDate),
            _ => Ok(Self { year, month, day }),
        }
    }

    /// How precise the date is.
    pub fn precision(self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The latest calendar day the date can mean (31 December for a bare year), so a
    /// "within the last N months" check never errs on the side of "long ago".
    pub fn latest_day(self) -> CivilDate {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        CivilDate {
            year: self.year,
            month,
            day,
        }
    }

    /// Whole months from the latest day this date can mean until `on`; negative when
    /// it is in the future.
    pub fn months_before(self, on: CivilDate) -> i32 {
        let latest = self.latest_day();
        let mut months =
            (on.year - latest.year) * 12 + i32::from(on.month) - i32::from(latest.month);
        if on.day < latest.day {
            months -= 1;
        }
        months
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 reduced precision: `2025`, `2025-03` or `2025-03-14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod partial_tests {
    use super::*;

    #[test]
    fn partial_dates_accept_what_the_patient_knows() {
        let p = |d, m, y| PartialDate::from_parts(d, m, y);
        assert_eq!(p("", "", "2025").map(|d| d.to_string()), Ok("2025".into()));
        assert_eq!(
            p("", "3", "2025").map(|d| d.to_string()),
            Ok("2025-03".into())
        );
        assert_eq!(
            p("14", "3", "2025").map(|d| d.precision()),
            Ok(DatePrecision::Day)
        );
        assert_eq!(p("14", "", "2025"), Err(DateError::Incomplete));
        assert_eq!(p("", "", ""), Err(DateError::Incomplete));
        assert_eq!(p("", "13", "2025"), Err(DateError::NotARealDate));
        assert_eq!(p("30", "2", "2025"), Err(DateError::NotARealDate));
        assert_eq!(p("", "", "25"), Err(DateError::NotARealDate));
    }

    #[test]
    fn months_before_counts_from_the_latest_possible_day() {
        let today = CivilDate::new(2026, 11, 22).unwrap();
        let month = |m, y| PartialDate {
            year: y,
            month: Some(m),
            day: None,
        };
        assert_eq!(
            month(8, 2026).months_before(today),
            2,
            "Aug 2026 may mean 31 Aug"
        );
        assert_eq!(month(7, 2026).months_before(today), 3);
        assert_eq!(
            PartialDate {
                year: 2025,
                month: None,
                day: None
            }
            .months_before(today),
            10
        );
        assert_eq!(month(12, 2026).months_before(today), -2);
    }
}
