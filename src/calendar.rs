/*!
Dates and times for the schedule check (directive 8.4): parsing `scheduled:`, converting to
the office's zone, weekdays, and the holiday calendar.

`scheduled:` takes RFC 3339 (`2026-03-07T21:30:00-05:00`, `…Z`) or the local forms
`2026-03-07 21:30`, `2026-03-07T21:30[:00]` and a bare date `2026-03-07`. A time without an
offset is local to the office: America/Lima, UTC−05:00 all year (Peru has had no daylight
saving time since 1994), so a fixed offset is exact and no time-zone database is needed.
Civil-date arithmetic is Howard Hinnant's `days_from_civil`; a few dozen lines with tests
beat a date crate here.

Holidays are data: `data/feriados-pe.yaml` (national holidays of Peru, D. Leg. 713 as
amended: fixed dates every year, and the Easter-dependent ones listed per year), embedded
in the binary and read with positions for its errors.
*/

use std::fmt;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::PackError;
use crate::platform::data_error;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|_| day >= 1 && day <= days_in_month(year, month))
            .map(|_| Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as u32
    }
}

/// Spanish weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Spanish month names.
pub const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A point in time as written: a date, a time of day (if given) and a UTC offset (if given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub date: Date,
    /// Minutes since midnight, `None` for a bare date.
    pub minutes: Option<u32>,
    /// Offset from UTC in minutes, `None` when the value is local.
    pub offset: Option<i32>,
}

/// A local date and time in the office's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub date: Date,
    pub minutes: Option<u32>,
}

impl fmt::Display for Local {
    /// "sábado 7 de marzo de 2026, 21:30".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(
            f,
            "{} {} de {} de {}",
            WEEKDAYS[d.weekday() as usize],
            d.day,
            MONTHS[(d.month - 1) as usize],
            d.year
        )?;
        if let Some(m) = self.minutes {
            write!(f, ", {:02}:{:02}", m / 60, m % 60)?;
        }
        Ok(())
    }
}

impl DateTime {
    /// Parses a `scheduled:` value; the error is a Spanish sentence.
    pub fn parse(s: &str) -> Result<DateTime, String> {
        let bad = || {
            format!(
                "fecha u hora no válida «{s}»: use RFC 3339 (2026-03-07T21:30:00-05:00) o «AAAA-MM-DD HH:MM»"
            )
        };
        let s = s.trim();
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = s.get(r)?;
            (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok())?
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let (year, month, day) = (
            num(0..4).ok_or_else(bad)? as i32,
            num(5..7).ok_or_else(bad)?,
            num(8..10).ok_or_else(bad)?,
        );
        let date = Date::new(year, month, day).ok_or_else(|| {
            if (1..=12).contains(&month) {
                format!(
                    "fecha no válida «{s}»: {} de {year} tiene {} días",
                    MONTHS[(month - 1) as usize],
                    days_in_month(year, month)
                )
            } else {
                format!("fecha no válida «{s}»: el mes debe ir de 01 a 12")
            }
        })?;
        if b.len() == 10 {
            return Ok(DateTime {
                date,
                minutes: None,
                offset: None,
            });
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return Err(bad());
        }
        // HH:MM[:SS[.fff]] then an optional Z or ±HH:MM.
        let rest = &s[11..];
        let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
        let (time, zone) = rest.split_at(zone_at);
        let time = time.trim_end();
        let parts: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&parts.len())
            || !(1..=2).contains(&parts[0].len())
            || parts[1].len() != 2
        {
            return Err(bad());
        }
        let digits = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok())?
        };
        let hour = digits(parts[0]).ok_or_else(bad)?;
        let minute = digits(parts[1]).ok_or_else(bad)?;
        if let Some(sec) = parts.get(2) {
            let whole = sec.split('.').next().unwrap_or("");
            let frac_ok = sec.split('.').nth(1).is_none_or(|f| digits(f).is_some());
            if whole.len() != 2 || digits(whole).is_none_or(|v| v > 60) || !frac_ok {
                return Err(bad());
            }
        }
        if hour > 23 || minute > 59 {
            return Err(format!("hora no válida «{s}»: use de 00:00 a 23:59"));
        }
        let offset = match zone {
            "" => None,
            "Z" | "z" => Some(0),
            z => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let zb = z.as_bytes();
                if zb.len() != 6 || zb[3] != b':' {
                    return Err(bad());
                }
                let h = digits(&z[1..3]).ok_or_else(bad)?;
                let m = digits(&z[4..6]).ok_or_else(bad)?;
                if h > 23 || m > 59 {
                    return Err(bad());
                }
                Some(sign * (h * 60 + m) as i32)
            }
        };
        Ok(DateTime {
            date,
            minutes: Some(hour * 60 + minute),
            offset,
        })
    }

    /// The same instant in a zone `zone` minutes from UTC (a value without an offset is
    /// already local to that zone).
    pub fn local(self, zone: i32) -> Local {
        match (self.minutes, self.offset) {
            (Some(min), Some(off)) => {
                let total =
                    self.date.days() * 1440 + i64::from(min) - i64::from(off) + i64::from(zone);
                Local {
                    date: Date::from_days(total.div_euclid(1440)),
                    minutes: Some(total.rem_euclid(1440) as u32),
                }
            }
            _ => Local {
                date: self.date,
                minutes: self.minutes,
            },
        }
    }
}

/// Parses a UTC offset written `-05:00` into minutes.
pub fn parse_offset(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let h: i32 = s[1..3].parse().ok()?;
    let m: i32 = s[4..6].parse().ok()?;
    (h <= 23 && m <= 59).then_some(if b[0] == b'-' {
        -(h * 60 + m)
    } else {
        h * 60 + m
    })
}

/// A holiday calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    /// Every year: (month, day, name).
    pub fixed: Vec<(u32, u32, String)>,
    /// One date each.
    pub dated: Vec<(Date, String)>,
}

impl Holidays {
    /// The holiday on `date`, if any.
    pub fn get(&self, date: Date) -> Option<&str> {
        self.fixed
            .iter()
            .find(|(m, d, _)| *m == date.month && *d == date.day)
            .map(|(_, _, n)| n.as_str())
            .or_else(|| {
                self.dated
                    .iter()
                    .find(|(d, _)| *d == date)
                    .map(|(_, n)| n.as_str())
            })
    }

    /// The years the dated (movable) holidays cover.
    pub fn years(&self) -> Option<(i32, i32)> {
        let min = self.dated.iter().map(|(d, _)| d.year).min()?;
        let max = self.dated.iter().map(|(d, _)| d.year).max()?;
        Some((min, max))
    }

    /// Reads a calendar (`fixed:` month-day dates, `movable:` full dates), reporting every
    /// problem at its line and column.
    pub fn parse(path: &str, text: &str) -> Result<Holidays, Vec<PackError>> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileDef {
            #[serde(default)]
            fixed: Vec<Entry>,
            #[serde(default)]
            movable: Vec<Entry>,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Entry {
            date: Spanned<String>,
            name: String,
        }
        let source: Arc<str> = Arc::from(text);
        let def: FileDef = serde_saphyr::from_str(text)
            .map_err(|e| vec![crate::rules::pack::yaml_error(path, &source, &e)])?;
        let mut errors = Vec::new();
        let mut out = Holidays::default();
        for e in &def.fixed {
            let v = e.date.value.trim();
            let parsed = v
                .split_once('-')
                .filter(|(m, d)| m.len() == 2 && d.len() == 2)
                .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
                .filter(|&(m, d)| Date::new(2024, m, d).is_some());
            match parsed {
                Some((m, d)) => out.fixed.push((m, d, e.name.clone())),
                None => errors.push(data_error(
                    path,
                    &source,
                    Some(&e.date.referenced),
                    format!("fecha fija no válida «{v}»: escriba MM-DD, p. ej. \"07-28\""),
                )),
            }
        }
        for e in &def.movable {
            let v = e.date.value.trim();
            match DateTime::parse(v) {
                Ok(DateTime {
                    date,
                    minutes: None,
                    ..
                }) => out.dated.push((date, e.name.clone())),
                Ok(_) => errors.push(data_error(
                    path,
                    &source,
                    Some(&e.date.referenced),
                    format!("«{v}»: escriba solo la fecha, AAAA-MM-DD"),
                )),
                Err(m) => errors.push(data_error(path, &source, Some(&e.date.referenced), m)),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// Path under which the bundled calendar is reported.
pub const BUNDLED_HOLIDAYS_PATH: &str = "<vigia>/data/feriados-pe.yaml";
const BUNDLED_HOLIDAYS: &str = include_str!("../data/feriados-pe.yaml");

static PERU: LazyLock<Holidays> = LazyLock::new(|| {
    Holidays::parse(BUNDLED_HOLIDAYS_PATH, BUNDLED_HOLIDAYS)
        .unwrap_or_else(|e| panic!("the bundled holiday calendar is broken: {e:?}"))
});

/// Names of the bundled calendars a `schedule` rule may use.
pub const CALENDARS: &[&str] = &["feriados-pe"];

/// A bundled calendar by name (checked by a unit test, so it always loads).
pub fn calendar(name: &str) -> Option<&'static Holidays> {
    match name {
        "feriados-pe" => Some(&PERU),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn civil_dates() {
        assert_eq!(d(1970, 1, 1).days(), 0);
        assert_eq!(d(2000, 3, 1).days(), 11017);
        assert_eq!(Date::from_days(11017), d(2000, 3, 1));
        for days in [-800_000i64, -1, 0, 59, 19_000, 20_513, 2_932_896] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        // 2026-03-07 is a Saturday, 2026-03-09 a Monday, 2024-02-29 a Thursday.
        assert_eq!(d(2026, 3, 7).weekday(), 5);
        assert_eq!(d(2026, 3, 9).weekday(), 0);
        assert_eq!(d(2024, 2, 29).weekday(), 3);
        assert_eq!(Date::new(2026, 2, 29), None);
        assert!(Date::new(2028, 2, 29).is_some());
        assert_eq!(Date::new(2026, 13, 1), None);
    }

    #[test]
    fn parses_rfc3339_and_local_forms() {
        let p = |s| DateTime::parse(s).unwrap();
        assert_eq!(
            p("2026-03-07 21:30"),
            DateTime {
                date: d(2026, 3, 7),
                minutes: Some(21 * 60 + 30),
                offset: None
            }
        );
        assert_eq!(p("2026-03-07T09:05").minutes, Some(545));
        assert_eq!(p("2026-03-07 9:05").minutes, Some(545));
        assert_eq!(p("2026-03-07T21:30:00-05:00").offset, Some(-300));
        assert_eq!(p("2026-03-07T21:30:00.250+01:00").offset, Some(60));
        assert_eq!(p("2026-03-07T02:30:00Z").offset, Some(0));
        assert_eq!(
            p("2026-03-07"),
            DateTime {
                date: d(2026, 3, 7),
                minutes: None,
                offset: None
            }
        );
        for bad in [
            "mañana",
            "2026-3-7 10:00",
            "2026-03-07 25:00",
            "2026-03-07 10:60",
            "2026-03-07T10",
            "2026-03-07 10:00 -05",
            "07/03/2026",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            DateTime::parse("2026-02-30 10:00").unwrap_err(),
            "fecha no válida «2026-02-30 10:00»: febrero de 2026 tiene 28 días"
        );
        assert!(
            DateTime::parse("2026-03-07 24:00")
                .unwrap_err()
                .starts_with("hora no válida")
        );
    }

    #[test]
    fn converts_to_lima_time() {
        // 02:30 UTC on Sunday is 21:30 on Saturday in Lima.
        let l = DateTime::parse("2026-03-08T02:30:00Z").unwrap().local(-300);
        assert_eq!(
            l,
            Local {
                date: d(2026, 3, 7),
                minutes: Some(21 * 60 + 30)
            }
        );
        assert_eq!(l.to_string(), "sábado 7 de marzo de 2026, 21:30");
        let l = DateTime::parse("2026-03-09T08:00:00-05:00")
            .unwrap()
            .local(-300);
        assert_eq!(l.to_string(), "lunes 9 de marzo de 2026, 08:00");
        // A local value stays as written.
        assert_eq!(
            DateTime::parse("2026-12-31 23:59")
                .unwrap()
                .local(-300)
                .minutes,
            Some(1439)
        );
        assert_eq!(parse_offset("-05:00"), Some(-300));
        assert_eq!(parse_offset("+05:30"), Some(330));
        assert_eq!(parse_offset("-5"), None);
    }

    /// Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher).
    fn easter(y: i32) -> Date {
        let a = y % 19;
        let b = y / 100;
        let c = y % 100;
        let dd = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - dd - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        d(y, month as u32, day as u32)
    }

    #[test]
    fn bundled_calendar_is_checked() {
        let cal = calendar("feriados-pe").unwrap();
        assert_eq!(cal.fixed.len(), 14);
        assert_eq!(cal.get(d(2026, 7, 28)), Some("Fiestas Patrias"));
        assert_eq!(cal.get(d(2027, 12, 9)), Some("Batalla de Ayacucho"));
        assert_eq!(cal.get(d(2026, 3, 9)), None);
        // Every movable holiday is Maundy Thursday or Good Friday of its year's Easter.
        let (first, last) = cal.years().unwrap();
        assert_eq!((first, last), (2024, 2030));
        for y in first..=last {
            let e = easter(y).days();
            assert_eq!(cal.get(Date::from_days(e - 3)), Some("Jueves Santo"), "{y}");
            assert_eq!(
                cal.get(Date::from_days(e - 2)),
                Some("Viernes Santo"),
                "{y}"
            );
        }
        assert_eq!(cal.dated.len(), 2 * (last - first + 1) as usize);
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert!(calendar("feriados-xx").is_none());
    }

    #[test]
    fn bad_calendars_report_line_and_column() {
        let text = "fixed:\n  - { date: \"02-30\", name: \"X\" }\nmovable:\n  - { date: \"2026-04-31\", name: \"Y\" }\n";
        let errs = Holidays::parse("f.yaml", text).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].column), (2, 13));
        assert!(errs[0].message.contains("«02-30»"));
        assert_eq!(errs[1].line, 4);
        assert!(
            errs[1].message.contains("abril de 2026 tiene 30 días"),
            "{}",
            errs[1].message
        );
        let errs = Holidays::parse("f.yaml", "fijos: []\n").unwrap_err();
        assert_eq!(errs[0].line, 1);
    }
}
