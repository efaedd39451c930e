#![doc = include_str!("../../../docs/kinds/capitalization.md")]

use super::{Context, Draft, Kind, read_terms};
use crate::rules::Scope;
use crate::rules::pack::{Problems, RuleDef};
use crate::rules::regexes::PackRegex;
use crate::text::fold;

pub const FIELDS: &[&str] = &["check", "names", "min_words", "min_letters"];

/// Words before a month that show it is a date (`15 de Enero`, `durante Abril`). Months
/// take no article, so `del Mayo` (a river) is not one.
const MONTH_CONTEXT: &[&str] = &[
    "de", "en", "durante", "hasta", "desde", "para", "entre", "a", "este", "proximo", "pasado",
    "cada", "todo", "y", "o", "e", "u", "fines", "inicios", "mediados",
];

/// Words before a weekday that show it is a date (`el Lunes`, `hasta el Viernes`).
const WEEKDAY_CONTEXT: &[&str] = &[
    "de", "del", "el", "los", "al", "en", "hasta", "desde", "para", "entre", "este", "estos",
    "ese", "proximo", "pasado", "cada", "todos", "y", "o", "e", "u", "hoy", "manana", "por",
];

const WEEKDAYS: &[&str] = &[
    "lunes",
    "martes",
    "miercoles",
    "jueves",
    "viernes",
    "sabado",
    "sabados",
    "domingo",
    "domingos",
];

/// Streets and places whose names are dates (`avenida 28 de Julio`).
const PLACES: &[&str] = &[
    "avenida",
    "av",
    "avda",
    "jiron",
    "jr",
    "calle",
    "ca",
    "plaza",
    "plazuela",
    "pasaje",
    "psje",
    "parque",
    "colegio",
    "hospital",
    "puente",
    "urbanizacion",
    "urb",
    "estadio",
    "mercado",
    "malecon",
    "ovalo",
    "coliseo",
    "caserio",
    "barrio",
    "anexo",
    "provincia",
    "distrito",
    "asentamiento",
    "institucion",
    "ie",
    "universidad",
    "escuela",
    "sector",
    "centro",
    "pueblo",
    "comunidad",
    "villa",
];

#[derive(Debug)]
enum Check {
    Shouting {
        min_words: usize,
        min_letters: usize,
    },
    Names {
        names: Vec<String>,
    },
}

#[derive(Debug)]
pub struct Capitalization {
    check: Check,
    /// Text without a match of this regex has nothing to report: the engine runs it with
    /// every other prefilter in one pass, so most posts are never tokenized.
    prefilter: PackRegex,
}

pub fn compile(rd: &RuleDef, p: &mut Problems) -> Option<Capitalization> {
    let Some(check) = &rd.check else {
        p.at(
            &rd.kind.referenced,
            "kind capitalization necesita `check` (shouting o names)",
        );
        return None;
    };
    let field_of =
        |name: &str, set: bool, loc: Option<serde_saphyr::Location>, p: &mut Problems| {
            if set && let Some(loc) = loc {
                p.at(
                    &loc,
                    format!("el campo `{name}` no se usa con `check: {}`", check.value),
                );
            }
        };
    let check = match check.value.as_str() {
        "shouting" => {
            field_of(
                "names",
                rd.names.is_some(),
                rd.names.as_ref().map(|n| n.referenced),
                p,
            );
            Check::Shouting {
                min_words: rd.min_words.as_ref().map_or(3, |w| w.value as usize).max(2),
                min_letters: rd.min_letters.as_ref().map_or(12, |w| w.value as usize),
            }
        }
        "names" => {
            field_of(
                "min_words",
                rd.min_words.is_some(),
                rd.min_words.as_ref().map(|n| n.referenced),
                p,
            );
            field_of(
                "min_letters",
                rd.min_letters.is_some(),
                rd.min_letters.as_ref().map(|n| n.referenced),
                p,
            );
            let Some(list) = &rd.names else {
                p.at(&check.referenced, "`check: names` necesita `names`");
                return None;
            };
            let names: Vec<String> = read_terms(&list.value, p).iter().map(|t| fold(t)).collect();
            if names.is_empty() {
                p.at(&list.referenced, "`names` está vacío");
                return None;
            }
            Check::Names { names }
        }
        other => {
            p.at(
                &check.referenced,
                format!("`check` desconocido «{other}»: use shouting o names"),
            );
            return None;
        }
    };
    let prefilter = match &check {
        // Two words with two capitals each, with no lowercase letter and no line break
        // between them (combining marks may follow a capital).
        Check::Shouting { .. } => {
            r"\p{Lu}\p{M}*\p{Lu}[^\p{Ll}\n]*?[\s,;:¡!¿?«»()\x22'][^\p{Ll}\n]*?\p{Lu}\p{M}*\p{Lu}"
                .to_string()
        }
        // A listed name with a capital initial, accents optional.
        Check::Names { names } => {
            let alts: Vec<String> = names.iter().map(|n| name_regex(n)).collect();
            format!("(?:{})", alts.join("|"))
        }
    };
    let prefilter = PackRegex::internal(prefilter);
    Some(Capitalization { check, prefilter })
}

/// `miercoles` → `M(?i:[ií][eé]rcoles)`: a capital first letter, then the folded name in
/// any case with optional accents (NFD marks too).
fn name_regex(folded: &str) -> String {
    let mut chars = folded.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let class = |c: char| match c {
        'a' => "[aá]\\p{M}*".to_string(),
        'e' => "[eé]\\p{M}*".to_string(),
        'i' => "[ií]\\p{M}*".to_string(),
        'o' => "[oó]\\p{M}*".to_string(),
        'u' => "[uúü]\\p{M}*".to_string(),
        c => regex::escape(&c.to_string()),
    };
    let first = match first {
        'a' => "[AÁ]".to_string(),
        'e' => "[EÉ]".to_string(),
        'i' => "[IÍ]".to_string(),
        'o' => "[OÓ]".to_string(),
        'u' => "[UÚ]".to_string(),
        c => regex::escape(&c.to_uppercase().to_string()),
    };
    format!(
        "{first}\\p{{M}}*(?i:{})",
        chars.map(class).collect::<String>()
    )
}

/// A token of the prose: a word (letters and digits) and what precedes it.
#[derive(Debug, Clone)]
struct Token {
    range: std::ops::Range<usize>,
    /// No letter in it.
    number: bool,
    /// Letters, all uppercase, at least two.
    caps: bool,
    /// First letter uppercase, the others lowercase.
    title: bool,
    letters: usize,
    /// First word of a sentence, a line or after a colon.
    initial: bool,
    /// The text since the previous token has a line break or ends a sentence.
    breaks: bool,
    /// Preceded by `#` or `@`.
    tag: bool,
}

fn tokens(view: &str, body: std::ops::Range<usize>) -> Vec<Token> {
    let text = &view[..body.end];
    let mut out = Vec::new();
    let mut i = body.start;
    let mut initial = true;
    let mut breaks = true;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        if !(c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)) {
            match c {
                '\n' | '.' | '!' | '?' | '…' | ':' | '\u{1F}' => {
                    // A period inside a number or an abbreviation glued to the next word
                    // does not start a sentence.
                    let glued = c == '.'
                        && text[i + 1..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric);
                    if !glued {
                        initial = true;
                        breaks = true;
                    }
                }
                _ => {}
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (mut upper, mut lower, mut letters) = (0usize, 0usize, 0usize);
        let mut first_upper = None;
        while let Some(d) = text[i..].chars().next() {
            if d.is_alphabetic() {
                letters += 1;
                if d.is_uppercase() {
                    upper += 1;
                } else if d.is_lowercase() {
                    lower += 1;
                }
                first_upper.get_or_insert(d.is_uppercase());
            } else if matches!(d, '-' | '/' | '_' | '.')
                && text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                // Codes and compounds (`SENACE-PE/DEIN`, `EIA-d`) are one token.
            } else if !(d.is_numeric() || ('\u{300}'..='\u{36F}').contains(&d)) {
                break;
            }
            i += d.len_utf8();
        }
        let tag = text[..start].ends_with(['#', '@']);
        out.push(Token {
            range: start..i,
            number: letters == 0,
            caps: letters >= 2 && lower == 0,
            title: first_upper == Some(true) && upper == 1,
            letters,
            initial,
            breaks,
            tag,
        });
        initial = false;
        breaks = false;
    }
    out
}

/// Words that open a document label written in capitals by convention («COMUNICADO»,
/// «CONFIDENCIAL – NO DIFUNDIR»), folded.
const LABELS: &[&str] = &[
    "comunicado",
    "aviso",
    "nota",
    "confidencial",
    "reservado",
    "pronunciamiento",
    "convocatoria",
    "circular",
    "memorando",
    "oficio",
    "fe",
    "documento",
    "urgente",
];

/// Whether `view[start..end]` is a document label: it opens its line with a label word, has
/// at most five words, and ends its line or comes before «:» or «.».
fn is_label(view: &str, start: usize, end: usize, words: usize) -> bool {
    let line_start = view[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = view[line_start..start].trim();
    let first = view[start..end]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    let after = view[end..].trim_start_matches([' ', '\t']);
    words <= 5
        && before.is_empty()
        && LABELS.contains(&crate::text::fold(first).as_str())
        && (after.is_empty() || after.starts_with(['\n', ':', '.', '\r']))
}

impl Capitalization {
    fn shouting(
        &self,
        view: &str,
        toks: &[Token],
        min_words: usize,
        min_letters: usize,
        out: &mut Vec<Draft>,
    ) {
        let mut run: Vec<&Token> = Vec::new();
        let flush = |run: &mut Vec<&Token>, out: &mut Vec<Draft>| {
            let words = run.iter().filter(|t| !t.number).count();
            let letters: usize = run.iter().map(|t| t.letters).sum();
            let label = is_label(
                view,
                run[0].range.start,
                run[run.len() - 1].range.end,
                words,
            );
            if !label && (words >= min_words || (words >= 2 && letters >= min_letters)) {
                let (a, b) = (run[0].range.start, run[run.len() - 1].range.end);
                out.push(Draft::at(a..b));
            }
            run.clear();
        };
        for t in toks {
            if t.number && !run.is_empty() && !t.breaks {
                continue;
            }
            if !t.caps || t.tag || t.breaks {
                // Trailing numbers are not part of the run.
                while run.last().is_some_and(|r| r.number) {
                    run.pop();
                }
                if !run.is_empty() {
                    flush(&mut run, out);
                }
            }
            if t.caps && !t.tag {
                run.push(t);
            }
        }
        while run.last().is_some_and(|r| r.number) {
            run.pop();
        }
        if !run.is_empty() {
            flush(&mut run, out);
        }
    }

    fn names(&self, view: &str, toks: &[Token], names: &[String], out: &mut Vec<Draft>) {
        let word = |t: &Token| fold(&view[t.range.clone()]);
        let proper =
            |t: Option<&Token>| t.is_some_and(|t| t.title && !t.initial && !t.breaks && !t.tag);
        for (k, t) in toks.iter().enumerate() {
            if !t.title || t.initial || t.tag {
                continue;
            }
            let folded = word(t);
            if !names.contains(&folded) {
                continue;
            }
            let prev = k.checked_sub(1).map(|j| &toks[j]).filter(|_| !t.breaks);
            let prev2 = k
                .checked_sub(2)
                .map(|j| &toks[j])
                .filter(|_| prev.is_some_and(|p| !p.breaks));
            let prev3 = k
                .checked_sub(3)
                .map(|j| &toks[j])
                .filter(|_| prev2.is_some_and(|p| !p.breaks));
            let next = toks.get(k + 1).filter(|n| !n.breaks);
            let next2 = toks.get(k + 2).filter(|n| !n.breaks && next.is_some());
            let prev_word = prev.map(word);
            let of = matches!(prev_word.as_deref(), Some("de" | "del"));
            // Inside a proper name: a capitalised neighbour, or a street before `N de`
            // (`avenida 28 de Julio`, `Asociación de Vivienda 28 de Julio`) — but a weekday
            // before the day (`Miércoles 20 de Mayo`) or a comma (`Lima, 3 de Marzo`) is a
            // date.
            let named_date = of
                && prev2.is_some_and(|n| n.number)
                && prev3.is_some_and(|p| {
                    let w = word(p);
                    let comma = view[p.range.end..prev2.map_or(p.range.end, |n| n.range.start)]
                        .contains(',');
                    !comma
                        && !WEEKDAYS.contains(&w.as_str())
                        && (PLACES.contains(&w.as_str()) || proper(Some(p)))
                });
            if proper(next) || proper(prev) || (of && proper(prev2)) || named_date {
                continue;
            }
            let context = if WEEKDAYS.contains(&folded.as_str()) {
                WEEKDAY_CONTEXT
            } else {
                MONTH_CONTEXT
            };
            let date = prev_word.as_deref().is_some_and(|w| context.contains(&w))
                || next.is_some_and(|n| n.number)
                || (next.is_some_and(|n| word(n) == "de") && next2.is_some_and(|n| n.number));
            if !date {
                continue;
            }
            let text = &view[t.range.clone()];
            out.push(Draft {
                span: t.range.clone(),
                vars: Vec::new(),
                suggestions: vec![text.to_lowercase()],
            });
        }
    }
}

impl Kind for Capitalization {
    fn prefilter(&self) -> Option<&PackRegex> {
        Some(&self.prefilter)
    }

    fn scan_ranges(&self, cx: &Context, _ranges: &[std::ops::Range<usize>], out: &mut Vec<Draft>) {
        // Names and runs of words need their neighbours: read the whole document.
        self.scan(cx, out)
    }

    fn scan(&self, cx: &Context, out: &mut Vec<Draft>) {
        // Most posts have neither two capitals in a row nor a listed name: skip them
        // without tokenizing.
        let body = &cx.doc.text[cx.doc.body.clone()];
        let worth = match &self.check {
            Check::Shouting { .. } => {
                let mut prev = false;
                body.chars().any(|c| {
                    let up = c.is_uppercase();
                    let two = prev && up;
                    prev = up;
                    two
                })
            }
            Check::Names { names } => names.iter().any(|n| cx.folded.text.contains(n.as_str())),
        };
        if !worth {
            return;
        }
        let view = cx.view(Scope::Prose);
        let toks = tokens(view, cx.doc.body.clone());
        match &self.check {
            Check::Shouting {
                min_words,
                min_letters,
            } => self.shouting(view, &toks, *min_words, *min_letters, out),
            Check::Names { names } => self.names(view, &toks, names, out),
        }
    }
}
