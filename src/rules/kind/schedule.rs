#![doc = include_str!("../../../docs/kinds/schedule.md")]

use super::{Context, Draft, Kind};
use jiff::tz::TimeZone;

use crate::calendar::{self, Holidays, WEEKDAYS, When};
use crate::rules::pack::{Problems, RuleDef};

pub const FIELDS: &[&str] = &["hours", "weekdays", "holidays", "utc_offset"];

const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Debug)]
pub struct Schedule {
    /// Minutes since midnight, both included.
    start: u32,
    end: u32,
    weekdays: [bool; 7],
    holidays: Option<&'static Holidays>,
    /// America/Lima unless the rule gives a fixed `utc_offset`.
    zone: TimeZone,
}

fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m <= 59 && h * 60 + m <= 1440 && m < 60).then_some(h * 60 + m)
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Schedule> {
    let mut ok = true;
    let (start, end) = match &rd.hours {
        None => (8 * 60, 19 * 60),
        Some(h) => match h
            .value
            .split_once('-')
            .and_then(|(a, b)| Some((parse_hm(a)?, parse_hm(b)?)))
            .filter(|(a, b)| a < b)
        {
            Some(x) => x,
            None => {
                p.at(
                    &h.referenced,
                    format!("horario no válido «{}»: escriba \"08:00-19:00\"", h.value),
                );
                ok = false;
                (0, 0)
            }
        },
    };
    let mut weekdays = [true, true, true, true, true, false, false];
    if let Some(list) = &rd.weekdays {
        weekdays = [false; 7];
        for d in &list.value {
            match DAY_KEYS
                .iter()
                .position(|k| *k == d.value.trim().to_lowercase())
            {
                Some(i) => weekdays[i] = true,
                None => {
                    p.at(
                        &d.referenced,
                        format!(
                            "día desconocido «{}» (use {})",
                            d.value,
                            DAY_KEYS.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
        }
    }
    let holidays = match &rd.holidays {
        None => None,
        Some(h) => match calendar::calendar(h.value.trim()) {
            Some(c) => Some(c),
            None => {
                p.at(
                    &h.referenced,
                    format!(
                        "calendario desconocido «{}» (calendarios: {})",
                        h.value,
                        calendar::CALENDARS.join(", ")
                    ),
                );
                ok = false;
                None
            }
        },
    };
    let zone = match &rd.utc_offset {
        None => calendar::lima().clone(),
        Some(z) => match calendar::parse_offset(z.value.trim()) {
            Some(o) => o,
            None => {
                p.at(
                    &z.referenced,
                    format!("desfase no válido «{}»: escriba \"-05:00\"", z.value),
                );
                ok = false;
                TimeZone::UTC
            }
        },
    };
    ok.then_some(Schedule {
        start,
        end,
        weekdays,
        holidays,
        zone,
    })
}

fn hm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl Schedule {
    /// Why a time is outside office hours (Spanish), or `None` when it is inside.
    pub fn reason(&self, when: &calendar::Local) -> Option<String> {
        let mut reasons = Vec::new();
        if let Some(name) = self.holidays.and_then(|h| h.get(when.date)) {
            reasons.push(format!("es feriado ({name})"));
        } else if !self.weekdays[calendar::weekday(when.date)] {
            reasons.push(format!("es {}", WEEKDAYS[calendar::weekday(when.date)]));
        }
        if let Some(m) = when.minutes
            && (m < self.start || m > self.end)
        {
            reasons.push(format!(
                "está fuera del horario de {} a {}",
                hm(self.start),
                hm(self.end)
            ));
        }
        (!reasons.is_empty()).then(|| reasons.join(" y "))
    }
}

impl Kind for Schedule {
    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        let meta = &cx.doc.meta;
        // A draft's `scheduled:`; else, for a record of an archive, when it was published.
        let (value, action) = match (meta.scheduled.as_deref(), meta.date.as_deref()) {
            (Some(s), _) => (s, "programada para el"),
            (None, Some(d)) if cx.doc.origin.record.is_some() => (d, "publicada el"),
            _ => return,
        };
        let when = match When::parse(value) {
            // A bare date says nothing of the hour; a published date is checked for its day.
            Ok(w) => w.local(&self.zone),
            Err(_) => return,
        };
        let Some(reason) = self.reason(&when) else {
            return;
        };
        let span = crate::input::frontmatter::locate(&cx.doc.text)
            .and_then(|fm| crate::input::frontmatter::value_span(&cx.doc.text, &fm, "scheduled"))
            .unwrap_or_else(|| cx.measures().post.doc_span());
        out.push(Draft {
            span,
            vars: vec![
                ("action".into(), action.into()),
                ("when".into(), when.to_string()),
                ("reason".into(), reason),
                (
                    "hours".into(),
                    format!("{} a {}", hm(self.start), hm(self.end)),
                ),
            ],
            suggestions: Vec::new(),
        });
    }

    fn placeholders(&self) -> Vec<String> {
        ["action", "when", "reason", "hours"]
            .map(String::from)
            .to_vec()
    }

    fn exclusive(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Date, Local};

    fn office() -> Schedule {
        Schedule {
            start: 480,
            end: 1140,
            weekdays: [true, true, true, true, true, false, false],
            holidays: calendar::calendar("feriados-pe"),
            zone: calendar::lima().clone(),
        }
    }

    fn at(y: i16, m: i8, d: i8, h: u32, min: u32) -> Local {
        Local {
            date: Date::new(y, m, d).unwrap(),
            minutes: Some(h * 60 + min),
        }
    }

    #[test]
    fn office_hours_of_directive_8_4() {
        let s = office();
        assert_eq!(s.reason(&at(2026, 3, 9, 8, 0)), None);
        assert_eq!(s.reason(&at(2026, 3, 9, 19, 0)), None);
        assert_eq!(
            s.reason(&at(2026, 3, 9, 19, 1)).as_deref(),
            Some("está fuera del horario de 08:00 a 19:00")
        );
        assert_eq!(
            s.reason(&at(2026, 3, 9, 7, 59)).as_deref(),
            Some("está fuera del horario de 08:00 a 19:00")
        );
        assert_eq!(
            s.reason(&at(2026, 3, 7, 10, 0)).as_deref(),
            Some("es sábado")
        );
        assert_eq!(
            s.reason(&at(2026, 3, 8, 21, 30)).as_deref(),
            Some("es domingo y está fuera del horario de 08:00 a 19:00")
        );
        assert_eq!(
            s.reason(&at(2026, 7, 28, 10, 0)).as_deref(),
            Some("es feriado (Fiestas Patrias)")
        );
        assert_eq!(
            s.reason(&at(2026, 4, 2, 10, 0)).as_deref(),
            Some("es feriado (Jueves Santo)")
        );
        let day_only = Local {
            date: Date::new(2026, 3, 9).unwrap(),
            minutes: None,
        };
        assert_eq!(s.reason(&day_only), None);
    }

    #[test]
    fn hours_are_parsed() {
        assert_eq!(parse_hm("08:00"), Some(480));
        assert_eq!(parse_hm("24:00"), Some(1440));
        assert_eq!(parse_hm("24:30"), None);
        assert_eq!(parse_hm("8"), None);
    }
}
