/*!
Dates and times: parsing `scheduled:` and the dates of archives, converting them to the
office's zone, weekdays, and the holiday calendar.

Every instant is shown and counted in the office's time zone, America/Lima, through `jiff`
and its bundled copy of the IANA time-zone database (no system tzdata is needed, and the
historical offsets are right: Lima kept daylight saving time in some years before 1995).
Dates print in one ISO form with the offset: `2026-03-31T21:00:00-05:00`.

`scheduled:` takes RFC 3339 (`2026-03-07T21:30:00-05:00`, `…Z`) or the local forms
`2026-03-07 21:30`, `2026-03-07T21:30[:00]` and a bare date `2026-03-07`. A time without an
offset is local to the office.

Holidays are data: `data/feriados-pe.yaml` (national holidays of Peru, D. Leg. 713 as
amended: fixed dates with the first year they apply, and the Easter-dependent ones listed
per year), embedded in the binary and read with positions for its errors.
*/

use std::fmt;
use std::sync::{Arc, LazyLock};

use jiff::Timestamp;
pub use jiff::civil::Date;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::PackError;
use crate::platform::data_error;

/// The office's time zone.
pub const ZONE_NAME: &str = "America/Lima";

static LIMA: LazyLock<TimeZone> = LazyLock::new(|| {
    // The database is bundled, so the lookup cannot fail; Lima's current offset otherwise.
    TimeZone::get(ZONE_NAME).unwrap_or_else(|_| TimeZone::fixed(Offset::constant(-5)))
});

/// America/Lima.
pub fn lima() -> &'static TimeZone {
    &LIMA
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

/// 0 = Monday … 6 = Sunday.
pub fn weekday(date: Date) -> usize {
    date.weekday().to_monday_zero_offset() as usize
}

/// A point in time as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// An instant (the value gave its offset).
    Instant(Timestamp),
    /// A date and time without an offset: local to the zone it is read in.
    Local(DateTime),
    /// A bare date.
    Day(Date),
}

/// A local date and time in the office's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub date: Date,
    /// Minutes since midnight, `None` for a bare date.
    pub minutes: Option<u32>,
}

impl fmt::Display for Local {
    /// "sábado 7 de marzo de 2026, 21:30".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        write!(
            f,
            "{} {} de {} de {}",
            WEEKDAYS[weekday(d)],
            d.day(),
            MONTHS[(d.month() - 1) as usize],
            d.year()
        )?;
        if let Some(m) = self.minutes {
            write!(f, ", {:02}:{:02}", m / 60, m % 60)?;
        }
        Ok(())
    }
}

/// Splits `2026-03-07 9:05:00-05:00` into the date, the time (its hour padded to two digits)
/// and the zone; `None` when the shape is not one of the accepted forms.
fn split_form(s: &str) -> Option<(&str, Option<(String, &str)>)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() == 10 {
        return Some((s, None));
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let rest = &s[11..];
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let (h, m) = time.split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() < 2 || !h.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((&s[..10], Some((format!("{h:0>2}:{m}"), zone))))
}

impl When {
    /// Parses a `scheduled:` value; the error is a Spanish sentence.
    pub fn parse(s: &str) -> Result<When, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "fecha u hora no válida «{s}»: use RFC 3339 (2026-03-07T21:30:00-05:00) o «AAAA-MM-DD HH:MM»"
            )
        };
        let (date, time) = split_form(s).ok_or_else(bad)?;
        let day: Date = date
            .parse()
            .map_err(|_| bad_date(s, date).unwrap_or_else(bad))?;
        let Some((time, zone)) = time else {
            return Ok(When::Day(day));
        };
        let local: DateTime = format!("{date}T{time}").parse().map_err(|_| {
            if time
                .get(..2)
                .and_then(|h| h.parse::<u32>().ok())
                .is_some_and(|h| h > 23)
                || time
                    .get(3..5)
                    .and_then(|m| m.parse::<u32>().ok())
                    .is_some_and(|m| m > 59)
            {
                format!("hora no válida «{s}»: use de 00:00 a 23:59")
            } else {
                bad()
            }
        })?;
        if zone.is_empty() {
            return Ok(When::Local(local));
        }
        let ts: Timestamp = format!("{date}T{time}{zone}").parse().map_err(|_| bad())?;
        Ok(When::Instant(ts))
    }

    /// The local date and time in `tz` (a value without an offset is already local).
    pub fn local(&self, tz: &TimeZone) -> Local {
        match self {
            When::Instant(ts) => {
                let dt = tz.to_datetime(*ts);
                Local {
                    date: dt.date(),
                    minutes: Some(dt.hour() as u32 * 60 + dt.minute() as u32),
                }
            }
            When::Local(dt) => Local {
                date: dt.date(),
                minutes: Some(dt.hour() as u32 * 60 + dt.minute() as u32),
            },
            When::Day(d) => Local {
                date: *d,
                minutes: None,
            },
        }
    }
}

/// Why `date` (`AAAA-MM-DD`) is not a date, when its fields are numbers.
fn bad_date(s: &str, date: &str) -> Option<String> {
    let year: i16 = date.get(0..4)?.parse().ok()?;
    let month: i8 = date.get(5..7)?.parse().ok()?;
    date.get(8..10)?.parse::<u8>().ok()?;
    Some(if (1..=12).contains(&month) {
        let days = Date::new(year, month, 1).ok()?.days_in_month();
        format!(
            "fecha no válida «{s}»: {} de {year} tiene {days} días",
            MONTHS[(month - 1) as usize]
        )
    } else {
        format!("fecha no válida «{s}»: el mes debe ir de 01 a 12")
    })
}

/// An instant in the office's zone, in the one ISO form reports use:
/// `2026-03-31T21:00:00-05:00`.
pub fn iso(ts: Timestamp) -> String {
    ts.to_zoned_datetime(lima().clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A fixed zone from a UTC offset written `-05:00`.
pub fn parse_offset(s: &str) -> Option<TimeZone> {
    let b = s.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let h: i32 = s[1..3].parse().ok()?;
    let m: i32 = s[4..6].parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    let secs = (h * 3600 + m * 60) * if b[0] == b'-' { -1 } else { 1 };
    Offset::from_seconds(secs).ok().map(TimeZone::fixed)
}

/// A holiday of every year, from the year the law that created it first applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub month: i8,
    pub day: i8,
    pub name: String,
    /// First year it is a holiday (`None`: every year).
    pub since: Option<i16>,
}

/// A holiday calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    pub fixed: Vec<Fixed>,
    /// One date each.
    pub dated: Vec<(Date, String)>,
}

impl Holidays {
    /// The holiday on `date`, if any.
    pub fn get(&self, date: Date) -> Option<&str> {
        self.fixed
            .iter()
            .find(|f| {
                f.month == date.month()
                    && f.day == date.day()
                    && f.since.is_none_or(|y| date.year() >= y)
            })
            .map(|f| f.name.as_str())
            .or_else(|| {
                self.dated
                    .iter()
                    .find(|(d, _)| *d == date)
                    .map(|(_, n)| n.as_str())
            })
    }

    /// The years the dated (movable) holidays cover.
    pub fn years(&self) -> Option<(i16, i16)> {
        let min = self.dated.iter().map(|(d, _)| d.year()).min()?;
        let max = self.dated.iter().map(|(d, _)| d.year()).max()?;
        Some((min, max))
    }

    /// Reads a calendar (`fixed:` month-day dates with an optional `since:` year, `movable:`
    /// full dates), reporting every problem at its line and column.
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
            #[serde(default)]
            since: Option<Spanned<i64>>,
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
                .and_then(|(m, d)| Some((m.parse::<i8>().ok()?, d.parse::<i8>().ok()?)))
                .filter(|&(m, d)| Date::new(2024, m, d).is_ok());
            let since = match &e.since {
                None => Some(None),
                Some(y) => i16::try_from(y.value)
                    .ok()
                    .filter(|y| (1800..=2200).contains(y))
                    .map(Some)
                    .or_else(|| {
                        errors.push(data_error(
                            path,
                            &source,
                            Some(&y.referenced),
                            format!("año no válido «{}»: escriba el año, p. ej. 2024", y.value),
                        ));
                        None
                    }),
            };
            match (parsed, since) {
                (Some((month, day)), Some(since)) => out.fixed.push(Fixed {
                    month,
                    day,
                    name: e.name.clone(),
                    since,
                }),
                (None, _) => errors.push(data_error(
                    path,
                    &source,
                    Some(&e.date.referenced),
                    format!("fecha fija no válida «{v}»: escriba MM-DD, p. ej. \"07-28\""),
                )),
                (Some(_), None) => {}
            }
        }
        for e in &def.movable {
            let v = e.date.value.trim();
            match When::parse(v) {
                Ok(When::Day(date)) => out.dated.push((date, e.name.clone())),
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
    // Checked by a unit test; an empty calendar rather than a panic otherwise.
    Holidays::parse(BUNDLED_HOLIDAYS_PATH, BUNDLED_HOLIDAYS).unwrap_or_default()
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

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn parses_rfc3339_and_local_forms() {
        let p = |s| When::parse(s).unwrap();
        let lima = lima();
        assert_eq!(
            p("2026-03-07 21:30").local(lima),
            Local {
                date: d(2026, 3, 7),
                minutes: Some(21 * 60 + 30)
            }
        );
        assert_eq!(p("2026-03-07T09:05").local(lima).minutes, Some(545));
        assert_eq!(p("2026-03-07 9:05").local(lima).minutes, Some(545));
        assert!(matches!(p("2026-03-07T21:30:00-05:00"), When::Instant(_)));
        assert!(matches!(
            p("2026-03-07T21:30:00.250+01:00"),
            When::Instant(_)
        ));
        assert!(matches!(p("2026-03-07T02:30:00Z"), When::Instant(_)));
        assert_eq!(p("2026-03-07"), When::Day(d(2026, 3, 7)));
        for bad in [
            "mañana",
            "2026-3-7 10:00",
            "2026-03-07 25:00",
            "2026-03-07 10:60",
            "2026-03-07T10",
            "2026-03-07 10:00 -05",
            "07/03/2026",
        ] {
            assert!(When::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            When::parse("2026-02-30 10:00").unwrap_err(),
            "fecha no válida «2026-02-30 10:00»: febrero de 2026 tiene 28 días"
        );
        assert!(
            When::parse("2026-03-07 24:00")
                .unwrap_err()
                .starts_with("hora no válida")
        );
    }

    #[test]
    fn converts_to_lima_time() {
        // 02:30 UTC on Sunday is 21:30 on Saturday in Lima.
        let l = When::parse("2026-03-08T02:30:00Z").unwrap().local(lima());
        assert_eq!(
            l,
            Local {
                date: d(2026, 3, 7),
                minutes: Some(21 * 60 + 30)
            }
        );
        assert_eq!(l.to_string(), "sábado 7 de marzo de 2026, 21:30");
        let l = When::parse("2026-03-09T08:00:00-05:00")
            .unwrap()
            .local(lima());
        assert_eq!(l.to_string(), "lunes 9 de marzo de 2026, 08:00");
        // A local value stays as written.
        assert_eq!(
            When::parse("2026-12-31 23:59")
                .unwrap()
                .local(lima())
                .minutes,
            Some(1439)
        );
        // The 31st of March at 21:00 in Lima is in March, though it is April in UTC.
        let ts: Timestamp = "2026-04-01T02:00:00Z".parse().unwrap();
        assert_eq!(iso(ts), "2026-03-31T21:00:00-05:00");
        // Lima kept daylight saving time in the summer of 1994: the database knows.
        let ts: Timestamp = "1994-01-15T12:00:00Z".parse().unwrap();
        assert_eq!(iso(ts), "1994-01-15T08:00:00-04:00");
        let fixed = parse_offset("+05:30").unwrap();
        assert_eq!(
            When::parse("2026-03-07T00:00:00Z")
                .unwrap()
                .local(&fixed)
                .minutes,
            Some(330)
        );
        assert!(parse_offset("-05:00").is_some());
        assert!(parse_offset("-5").is_none());
    }

    /// Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher).
    fn easter(y: i16) -> Date {
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
        d(y, month as i8, day as i8)
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
            let e = easter(y);
            let before = |n: i64| e.checked_sub(jiff::Span::new().days(n)).unwrap();
            assert_eq!(cal.get(before(3)), Some("Jueves Santo"), "{y}");
            assert_eq!(cal.get(before(2)), Some("Viernes Santo"), "{y}");
        }
        assert_eq!(cal.dated.len(), 2 * (last - first + 1) as usize);
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert!(calendar("feriados-xx").is_none());
    }

    #[test]
    fn holidays_apply_from_the_year_they_were_created() {
        let cal = calendar("feriados-pe").unwrap();
        // Ley 31381 and Ley 31530: first held in 2022.
        assert_eq!(cal.get(d(2021, 12, 9)), None);
        assert_eq!(cal.get(d(2022, 12, 9)), Some("Batalla de Ayacucho"));
        assert_eq!(cal.get(d(2021, 8, 6)), None);
        assert_eq!(cal.get(d(2022, 8, 6)), Some("Batalla de Junín"));
        // Ley 31788, published after 7 June 2023: first held in 2024.
        assert_eq!(cal.get(d(2023, 6, 7)), None);
        assert_eq!(
            cal.get(d(2024, 6, 7)),
            Some("Batalla de Arica y Día de la Bandera")
        );
        // Ley 31822 (July 2023).
        assert_eq!(cal.get(d(2022, 7, 23)), None);
        assert_eq!(
            cal.get(d(2024, 7, 23)),
            Some("Día de la Fuerza Aérea del Perú")
        );
        // Older holidays apply to every year.
        assert_eq!(cal.get(d(1990, 7, 28)), Some("Fiestas Patrias"));
    }

    #[test]
    fn bad_calendars_report_line_and_column() {
        let text = "fixed:\n  - { date: \"02-30\", name: \"X\" }\n  - { date: \"01-02\", name: \"Z\", since: 99999 }\nmovable:\n  - { date: \"2026-04-31\", name: \"Y\" }\n";
        let errs = Holidays::parse("f.yaml", text).unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!((errs[0].line, errs[0].column), (2, 13));
        assert!(errs[0].message.contains("«02-30»"));
        assert_eq!(errs[1].line, 3);
        assert!(
            errs[1].message.contains("año no válido"),
            "{}",
            errs[1].message
        );
        assert_eq!(errs[2].line, 5);
        assert!(
            errs[2].message.contains("abril de 2026 tiene 30 días"),
            "{}",
            errs[2].message
        );
        let errs = Holidays::parse("f.yaml", "fijos: []\n").unwrap_err();
        assert_eq!(errs[0].line, 1);
    }
}
