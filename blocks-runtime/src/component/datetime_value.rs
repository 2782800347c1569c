//! [`DateTimeValue`]: a calendar date with an optional time of day, as Gradio's `DateTime`
//! sends it (`"2024-05-01 13:30:00"`, or `"2024-05-01"` without the time).

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Why a text or a number is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateTimeError {
    /// The text is not `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `now - N[smhd]`.
    #[error("{0:?} is not a date-time formatted as YYYY-MM-DD HH:MM:SS (or YYYY-MM-DD, or \"now - 5m\")")]
    Format(String),
    /// A part is out of its range (month 13, February 30th, hour 24, year 0).
    #[error("{what} {value} is out of range")]
    OutOfRange {
        /// Which part (`"month"`, `"day"`, …).
        what: &'static str,
        /// The value given.
        value: i64,
    },
}

/// A date, with a time of day or not: Gradio's `DateTime` value. It carries no time zone (as
/// Gradio's page shows it); [`DateTimeValue::unix`] and [`DateTimeValue::from_unix`] read it as
/// UTC.
///
/// ```
/// use blocks_runtime::component::DateTimeValue;
/// let noon: DateTimeValue = "2024-02-29 12:00:00".parse().unwrap();
/// assert_eq!(noon.to_string(), "2024-02-29 12:00:00");
/// assert_eq!(noon.unix(), 1_709_208_000);
/// assert!("2023-02-29".parse::<DateTimeValue>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeValue {
    year: i32,
    month: u8,
    day: u8,
    time: Option<(u8, u8, u8)>,
}

fn check(
    what: &'static str,
    value: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<(), DateTimeError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(DateTimeError::OutOfRange { what, value })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl DateTimeValue {
    /// A date without a time of day; years 1 to 9999, as Python's `datetime`.
    pub fn date(year: i32, month: u8, day: u8) -> Result<Self, DateTimeError> {
        check("year", year.into(), 1..=9999)?;
        check("month", month.into(), 1..=12)?;
        check("day", day.into(), 1..=i64::from(days_in_month(year, month)))?;
        Ok(DateTimeValue {
            year,
            month,
            day,
            time: None,
        })
    }

    /// The same date at `hour:minute:second`.
    pub fn at(self, hour: u8, minute: u8, second: u8) -> Result<Self, DateTimeError> {
        check("hour", hour.into(), 0..=23)?;
        check("minute", minute.into(), 0..=59)?;
        check("second", second.into(), 0..=59)?;
        Ok(DateTimeValue {
            time: Some((hour, minute, second)),
            ..self
        })
    }

    /// The UTC date-time `seconds` after 1970-01-01 00:00:00 (fractions dropped).
    pub fn from_unix(seconds: i64) -> Result<Self, DateTimeError> {
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let secs = seconds.rem_euclid(86_400);
        let year = i32::try_from(year).map_err(|_| DateTimeError::OutOfRange {
            what: "year",
            value: year,
        })?;
        // Month and day come from the calendar arithmetic, always in range.
        let date = Self::date(year, month as u8, day as u8)?;
        date.at(
            (secs / 3600) as u8,
            (secs / 60 % 60) as u8,
            (secs % 60) as u8,
        )
    }

    /// Now, in UTC, to the second.
    pub fn now() -> Self {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        Self::from_unix(seconds).unwrap_or(DateTimeValue {
            year: 1970,
            month: 1,
            day: 1,
            time: Some((0, 0, 0)),
        })
    }

    /// Seconds since 1970-01-01 00:00:00, reading the value as UTC (midnight for a date).
    pub fn unix(&self) -> i64 {
        let days = days_from_civil(self.year.into(), self.month.into(), self.day.into());
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// `(hour, minute, second)`, or `None` for a date alone.
    pub fn time(&self) -> Option<(u8, u8, u8)> {
        self.time
    }

    /// `now`, `now - 5m` (s, m, h, d), as Gradio's `DateTime` reads them, in UTC.
    fn relative(text: &str) -> Option<Self> {
        let rest = text.trim().strip_prefix("now")?.trim_start();
        if rest.is_empty() {
            return Some(Self::now());
        }
        let rest = rest.strip_prefix('-')?.trim();
        let unit = rest.chars().last()?;
        let count: i64 = rest[..rest.len() - unit.len_utf8()].trim().parse().ok()?;
        let scale = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        Self::from_unix(Self::now().unix().checked_sub(count.checked_mul(scale)?)?).ok()
    }
}

impl FromStr for DateTimeValue {
    type Err = DateTimeError;

    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` (or with a `T`), `now`, `now - 5m`.
    fn from_str(text: &str) -> Result<Self, DateTimeError> {
        let format = || DateTimeError::Format(text.to_owned());
        if text.contains("now") {
            return Self::relative(text).ok_or_else(format);
        }
        let (date, time) = match text.trim().split_once([' ', 'T']) {
            Some((date, time)) => (date, Some(time.trim())),
            None => (text.trim(), None),
        };
        let numbers = |part: &str, sep: char, len: usize| -> Option<Vec<i64>> {
            let pieces: Vec<&str> = part.split(sep).collect();
            let digits =
                |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
            (pieces.len() == len && pieces.iter().all(digits))
                .then(|| pieces.iter().filter_map(|p| p.parse().ok()).collect())
        };
        let ymd = numbers(date, '-', 3).ok_or_else(format)?;
        let year = i32::try_from(ymd[0]).map_err(|_| format())?;
        let small = |what, value: i64| {
            u8::try_from(value).map_err(|_| DateTimeError::OutOfRange { what, value })
        };
        let value = Self::date(year, small("month", ymd[1])?, small("day", ymd[2])?)?;
        match time {
            None => Ok(value),
            Some(time) => {
                let hms = numbers(time, ':', 3).ok_or_else(format)?;
                value.at(
                    small("hour", hms[0])?,
                    small("minute", hms[1])?,
                    small("second", hms[2])?,
                )
            }
        }
    }
}

impl fmt::Display for DateTimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        if let Some((h, m, s)) = self.time {
            write!(f, " {h:02}:{m:02}:{s:02}")?;
        }
        Ok(())
    }
}

impl Serialize for DateTimeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTimeValue {
    /// A string (see [`FromStr`]) or a number of seconds since 1970 in UTC (what Gradio's
    /// `DateTime` takes from a handler).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = DateTimeValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time \"YYYY-MM-DD HH:MM:SS\" or a Unix timestamp")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTimeValue, E> {
                text.parse().map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, secs: i64) -> Result<DateTimeValue, E> {
                DateTimeValue::from_unix(secs).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, secs: u64) -> Result<DateTimeValue, E> {
                let secs = i64::try_from(secs).map_err(E::custom)?;
                DateTimeValue::from_unix(secs).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, secs: f64) -> Result<DateTimeValue, E> {
                if !secs.is_finite() || secs.abs() > 1e15 {
                    return Err(E::custom(format!("{secs} is not a Unix timestamp")));
                }
                DateTimeValue::from_unix(secs.floor() as i64).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A test fails with the value shown.
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_bad_dates_are_refused() {
        for text in [
            "2024-01-02 03:04:05",
            "1999-12-31",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(text.parse::<DateTimeValue>().unwrap().to_string(), text);
        }
        assert_eq!(
            "2024-01-02T03:04:05"
                .parse::<DateTimeValue>()
                .unwrap()
                .to_string(),
            "2024-01-02 03:04:05"
        );
        for bad in [
            "",
            "2024-13-01",
            "2024-02-30",
            "2024-01-01 24:00:00",
            "0000-01-01",
            "2024-1",
            "x",
            "2024-01-01 10:00",
            "now + 5m",
            "now - 5y",
            "2024-01-01 ١٠:00:00",
        ] {
            assert!(bad.parse::<DateTimeValue>().is_err(), "{bad}");
        }
    }

    #[test]
    fn unix_seconds_match_the_calendar() {
        for secs in [0, 951_782_400, 1_709_208_000, -86_401, 253_402_300_799] {
            assert_eq!(DateTimeValue::from_unix(secs).unwrap().unix(), secs);
        }
        assert_eq!(
            DateTimeValue::from_unix(951_782_400).unwrap().to_string(),
            "2000-02-29 00:00:00"
        );
        assert!(DateTimeValue::from_unix(i64::MAX / 2).is_err());
        let value: DateTimeValue = serde_json::from_value(serde_json::json!(86_400.5)).unwrap();
        assert_eq!(value.to_string(), "1970-01-02 00:00:00");
    }

    #[test]
    fn now_is_relative_to_the_clock() {
        let now = DateTimeValue::now().unix();
        let earlier: DateTimeValue = "now - 2h".parse().unwrap();
        assert!((now - 7200 - earlier.unix()).abs() <= 2);
    }
}
