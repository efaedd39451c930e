/*!
Which field of a record is what: text, id, date, platform.

Exports name their fields differently (`full_text`, `ShareCommentary`, `Fecha de
publicación`…). Names are compared after normalising them (lowercase, accents dropped, only
letters and digits kept), against lists of common names per role, unless the user names the
field (`--text-field tweet.full_text`: a dotted path into nested JSON objects, a number
indexing an array). This module also turns the values found into what [`Meta`] expects: dates
in one ISO form in Lima's time (Unix timestamps, X/Twitter's `Wed Mar 04 15:20:00 +0000 2026`,
`04/03/2026`; see [`crate::calendar`]) and
platform names as vigia spells them (`twitter` → `x`).

[`Meta`]: crate::input::Meta
*/

use jiff::Timestamp;
use serde_json::Value;

use crate::calendar::{self, When};

/// Common names of each role, normalised (see [`normalize_name`]), most specific first.
pub const TEXT_NAMES: &[&str] = &[
    "fulltext",
    "text",
    "texto",
    "sharecommentary",
    "commentary",
    "message",
    "mensaje",
    "body",
    "cuerpo",
    "content",
    "contenido",
    "caption",
    "post",
    "publicacion",
];
pub const ID_NAMES: &[&str] = &[
    "idstr",
    "id",
    "postid",
    "tweetid",
    "statusid",
    "uuid",
    "guid",
    "sharelink",
    "permalink",
    "permalinkurl",
];
pub const DATE_NAMES: &[&str] = &[
    "date",
    "fecha",
    "createdat",
    "createdtime",
    "timestamp",
    "creationtimestamp",
    "publishedat",
    "publicationdate",
    "fechadepublicacion",
    "fechapublicacion",
    "datetime",
];
pub const PLATFORM_NAMES: &[&str] = &[
    "platform",
    "plataforma",
    "network",
    "red",
    "redsocial",
    "socialnetwork",
];

/// Fields that mark a reply when they hold a value (X's `in_reply_to_status_id_str`…),
/// normalised.
pub const REPLY_NAMES: &[&str] = &[
    "inreplytostatusidstr",
    "inreplytostatusid",
    "inreplytouseridstr",
    "inreplytouserid",
    "inreplytoscreenname",
    "inreplyto",
    "replyto",
    "parentid",
    "parentcommentid",
    "respuestaa",
    "enrespuestaa",
];

/// Fields that say what a record is (`reply`, `respuesta`…), normalised.
pub const KIND_NAMES: &[&str] = &["kind", "tipo", "type", "posttype"];

/// Whether a value of a [`KIND_NAMES`] field says the record is a reply.
pub fn is_reply_kind(v: &str) -> bool {
    matches!(
        normalize_name(v).as_str(),
        "reply" | "respuesta" | "comment" | "comentario"
    )
}

/// Whether a JSON record is a reply: a [`REPLY_NAMES`] field with a value, or a
/// [`KIND_NAMES`] field saying so.
pub fn json_is_reply(record: &Value) -> bool {
    let Value::Object(map) = record else {
        return false;
    };
    map.iter().any(|(k, v)| {
        let filled = match v {
            Value::Null => false,
            Value::String(s) => !s.trim().is_empty(),
            _ => true,
        };
        (filled && REPLY_NAMES.iter().any(|n| same_name(k, n)))
            || (KIND_NAMES.iter().any(|n| same_name(k, n)) && v.as_str().is_some_and(is_reply_kind))
    })
}

/// Field names the user gave (`--text-field`…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldOptions {
    pub text: Option<String>,
    pub id: Option<String>,
    pub date: Option<String>,
    pub platform: Option<String>,
}

/// A role a field plays in a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Id,
    Date,
    Platform,
}

impl Role {
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Role::Text => TEXT_NAMES,
            Role::Id => ID_NAMES,
            Role::Date => DATE_NAMES,
            Role::Platform => PLATFORM_NAMES,
        }
    }

    /// The user's name for this role's field, if given.
    pub fn chosen(self, opts: &FieldOptions) -> Option<&str> {
        match self {
            Role::Text => opts.text.as_deref(),
            Role::Id => opts.id.as_deref(),
            Role::Date => opts.date.as_deref(),
            Role::Platform => opts.platform.as_deref(),
        }
    }

    /// The command-line flag naming this role's field.
    pub fn flag(self) -> &'static str {
        match self {
            Role::Text => "--text-field",
            Role::Id => "--id-field",
            Role::Date => "--date-field",
            Role::Platform => "--platform-field",
        }
    }
}

/// `Fecha de publicación` → `fechadepublicacion`.
pub fn normalize_name(name: &str) -> String {
    if name.is_ascii() {
        return name
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
    }
    crate::text::fold(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether `key` normalises to `want` (already normalised), without allocating for ASCII.
fn same_name(key: &str, want: &str) -> bool {
    if !key.is_ascii() {
        return normalize_name(key) == want;
    }
    let mut k = key
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    want.bytes().all(|w| k.next() == Some(w)) && k.next().is_none()
}

/// Looks a field up in a JSON object: a user's dotted path, or the first common name of the
/// role present. `Ok(None)` when the record has no such field.
pub fn lookup<'v>(
    record: &'v Value,
    role: Role,
    opts: &FieldOptions,
) -> Result<Option<&'v Value>, String> {
    if let Some(path) = role.chosen(opts) {
        return Ok(json_path(record, path));
    }
    let Value::Object(map) = record else {
        return Err("el registro no es un objeto JSON".into());
    };
    let names = role.names();
    let mut best: Option<(usize, &Value)> = None;
    for (k, v) in map {
        if let Some(rank) = names.iter().position(|n| same_name(k, n))
            && best.is_none_or(|(r, _)| rank < r)
        {
            best = Some((rank, v));
        }
    }
    Ok(best.map(|(_, v)| v))
}

/// `tweet.full_text`, `media.0.title`: keys compared like common names.
fn json_path<'v>(mut v: &'v Value, path: &str) -> Option<&'v Value> {
    for seg in path.split('.') {
        v = match v {
            Value::Object(map) => match map.get(seg) {
                Some(x) => x,
                None => {
                    let want = normalize_name(seg);
                    map.iter().find(|(k, _)| normalize_name(k) == want)?.1
                }
            },
            Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Index of a role's column in a header row.
pub fn column(headers: &[String], role: Role, opts: &FieldOptions) -> Option<usize> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_name(h)).collect();
    match role.chosen(opts) {
        Some(name) => headers
            .iter()
            .position(|h| h == name)
            .or_else(|| normalized.iter().position(|h| *h == normalize_name(name))),
        None => role
            .names()
            .iter()
            .find_map(|want| normalized.iter().position(|h| h == want)),
    }
}

/// A scalar JSON value as text (`null` is empty); `None` for objects and arrays.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// A record's id as shown: a URL id (LinkedIn's `ShareLink`, a permalink) shortened to its
/// last path segment, percent-decoded (`urn:li:share:7012…`).
pub fn tidy_id(id: &str) -> String {
    let id = id.trim();
    if !(id.starts_with("http://") || id.starts_with("https://")) {
        return id.to_string();
    }
    let path = id
        .split(['?', '#'])
        .next()
        .unwrap_or(id)
        .trim_end_matches('/');
    match path.rsplit('/').next() {
        Some(last) if !last.is_empty() && path.matches('/').count() > 2 => percent_decode(last),
        _ => id.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A platform name as vigia spells it: lowercase, `twitter` → `x`.
pub fn normalize_platform(p: &str) -> Option<String> {
    let p = p.trim().to_lowercase();
    let p = match p.as_str() {
        "" => return None,
        "twitter" | "x.com" | "x (twitter)" => "x".to_string(),
        "fb" => "facebook".into(),
        "ig" => "instagram".into(),
        _ => p,
    };
    Some(p)
}

/// A date in the one ISO form of reports, in Lima's time (`2026-03-31T21:00:00-05:00`;
/// `2026-03-04` for a bare date) when its form is known; other strings are kept as given.
/// A date and time without an offset is read as UTC when `naive_utc` (LinkedIn's exports),
/// else as Lima's time.
pub fn normalize_date(v: &Value, naive_utc: bool) -> Option<String> {
    match v {
        Value::Number(n) => n.as_f64().and_then(unix_to_iso),
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
                return s.parse::<f64>().ok().and_then(unix_to_iso);
            }
            Some(parse_date_str(s, naive_utc).unwrap_or_else(|| s.to_string()))
        }
        _ => None,
    }
}

/// The `YYYY-MM` of a normalised date, if it has one.
pub fn month(date: &str) -> Option<&str> {
    let b = date.as_bytes();
    (b.len() >= 7 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
        .then_some(())
        .filter(|_| b[5..7].iter().all(u8::is_ascii_digit))
        .map(|_| &date[..7])
}

fn unix_to_iso(t: f64) -> Option<String> {
    // Milliseconds when the number is too large for seconds of this era.
    let secs = if t > 1e11 { t / 1000.0 } else { t } as i64;
    Timestamp::from_second(secs).ok().map(calendar::iso)
}

fn parse_date_str(s: &str, naive_utc: bool) -> Option<String> {
    // Wed Mar 04 15:20:00 +0000 2026 (X/Twitter)
    if s.len() == 30 && s.as_bytes()[3] == b' ' {
        return jiff::fmt::strtime::parse("%a %b %d %H:%M:%S %z %Y", s)
            .and_then(|t| t.to_timestamp())
            .ok()
            .map(calendar::iso);
    }
    // 2026-03-04, 2026/03/04 (+ time); 04/03/2026, 4/3/2026 (day first, as in Peru) (+ time)
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    let (date, rest) = if digits(0..4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && digits(5..7)
        && b.get(7) == b.get(4)
        && digits(8..10)
    {
        (format!("{}-{}-{}", &s[..4], &s[5..7], &s[8..10]), &s[10..])
    } else {
        let mut parts = s.splitn(3, ['/', '-']);
        let (d, m, rest) = (parts.next()?, parts.next()?, parts.next()?);
        let ok = (1..=2).contains(&d.len())
            && (1..=2).contains(&m.len())
            && d.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit())
            && rest.len() >= 4
            && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit);
        if !ok {
            return None;
        }
        let (dd, mm): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
        (format!("{}-{mm:02}-{dd:02}", &rest[..4]), &rest[4..])
    };
    if rest.trim().is_empty() {
        return date
            .parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_string());
    }
    match When::parse(&format!("{date}{rest}")).ok()? {
        When::Instant(ts) => Some(calendar::iso(ts)),
        When::Local(dt) => {
            let tz = if naive_utc {
                jiff::tz::TimeZone::UTC
            } else {
                calendar::lima().clone()
            };
            dt.to_zoned_datetime(tz)
                .ok()
                .map(|z| calendar::iso(z.timestamp()))
        }
        When::Day(d) => Some(d.to_string()),
    }
}

/// Repairs a string of a Facebook or Instagram export, whose UTF-8 bytes were written as
/// `\u00XX` escapes of Latin-1 characters (`Informaci\u00c3\u00b3n`). Strings that are not
/// such (a character beyond U+00FF, or bytes that are not UTF-8) are returned as they are.
pub fn repair_latin1_escaped(s: &str) -> Option<String> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return None;
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u8).collect();
    String::from_utf8(bytes).ok()
}

/// The X/Twitter archive escapes `&`, `<` and `>` in tweets as HTML entities.
pub fn unescape_tweet(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text of a Facebook or Instagram post: the `post` items of `data`, else the `title`
/// (an Instagram caption), else the first media item's `title`.
pub fn meta_text(record: &Value) -> Option<String> {
    let posts: Vec<&str> = record
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("post").and_then(Value::as_str))
        .collect();
    if !posts.is_empty() {
        return Some(posts.join("\n\n"));
    }
    record
        .get("title")
        .and_then(Value::as_str)
        .or_else(|| record.pointer("/media/0/title").and_then(Value::as_str))
        .map(String::from)
}

/// The text of a Facebook comment (`comments.json`: `data[].comment.comment`), a reply of
/// the page in a conversation.
pub fn meta_comment(record: &Value) -> Option<String> {
    let parts: Vec<&str> = record
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.pointer("/comment/comment").and_then(Value::as_str))
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

pub fn meta_date(record: &Value) -> Option<&Value> {
    record
        .get("creation_timestamp")
        .or_else(|| record.pointer("/media/0/creation_timestamp"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalize_name("Fecha de publicación"), "fechadepublicacion");
        assert_eq!(normalize_name("full_text"), "fulltext");
        let headers: Vec<String> = ["Date", "ShareLink", "ShareCommentary"]
            .map(String::from)
            .to_vec();
        let o = FieldOptions::default();
        assert_eq!(column(&headers, Role::Text, &o), Some(2));
        assert_eq!(column(&headers, Role::Id, &o), Some(1));
        assert_eq!(column(&headers, Role::Date, &o), Some(0));
        assert_eq!(column(&headers, Role::Platform, &o), None);
    }

    #[test]
    fn json_lookup_and_overrides() {
        let r = json!({"tweet": {"full_text": "hola", "id_str": "7"}, "Texto": "otro"});
        let o = FieldOptions::default();
        assert_eq!(lookup(&r, Role::Text, &o).unwrap(), Some(&json!("otro")));
        let o = FieldOptions {
            text: Some("tweet.full_text".into()),
            ..FieldOptions::default()
        };
        assert_eq!(lookup(&r, Role::Text, &o).unwrap(), Some(&json!("hola")));
        let r = json!({"media": [{"title": "pie"}]});
        let o = FieldOptions {
            text: Some("media.0.title".into()),
            ..FieldOptions::default()
        };
        assert_eq!(lookup(&r, Role::Text, &o).unwrap(), Some(&json!("pie")));
    }

    #[test]
    fn dates() {
        let d = |v: Value| normalize_date(&v, false).unwrap();
        assert_eq!(d(json!(1_772_637_600)), "2026-03-04T10:20:00-05:00");
        assert_eq!(d(json!("1772637600000")), "2026-03-04T10:20:00-05:00");
        assert_eq!(
            d(json!("Wed Mar 04 15:20:00 +0000 2026")),
            "2026-03-04T10:20:00-05:00"
        );
        assert_eq!(
            d(json!("Wed Mar 04 10:20:00 -0500 2026")),
            "2026-03-04T10:20:00-05:00"
        );
        // 21:00 in Lima on 31 March is 02:00 UTC on 1 April: it is March's.
        let late = d(json!("Wed Apr 01 02:00:00 +0000 2026"));
        assert_eq!(late, "2026-03-31T21:00:00-05:00");
        assert_eq!(month(&late), Some("2026-03"));
        assert_eq!(
            d(json!("2026-03-15T23:40:00Z")),
            "2026-03-15T18:40:00-05:00"
        );
        assert_eq!(d(json!("2026/03/04 08:00")), "2026-03-04T08:00:00-05:00");
        assert_eq!(
            normalize_date(&json!("2026-04-01 09:15:00"), true).unwrap(),
            "2026-04-01T04:15:00-05:00"
        );
        assert_eq!(d(json!("4/3/2026")), "2026-03-04");
        assert_eq!(d(json!("31/02/2026")), "31/02/2026");
        assert_eq!(d(json!("ayer")), "ayer");
        assert_eq!(month("2026-03-04T15:20:00Z"), Some("2026-03"));
        assert_eq!(month("ayer"), None);
    }

    #[test]
    fn ids_and_platforms() {
        assert_eq!(
            tidy_id("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7012345678901234567"),
            "urn:li:share:7012345678901234567"
        );
        assert_eq!(tidy_id("https://facebook.com/senace/posts/123/"), "123");
        assert_eq!(tidy_id(" 1234 "), "1234");
        assert_eq!(normalize_platform("Twitter").as_deref(), Some("x"));
        assert_eq!(
            normalize_platform(" LinkedIn ").as_deref(),
            Some("linkedin")
        );
        assert_eq!(normalize_platform(""), None);
    }

    #[test]
    fn latin1_escaped_utf8_is_repaired() {
        assert_eq!(
            repair_latin1_escaped("Informaci\u{c3}\u{b3}n p\u{c3}\u{ba}blica").as_deref(),
            Some("Información pública")
        );
        // Correct text is left alone.
        assert_eq!(repair_latin1_escaped("Información"), None);
        assert_eq!(repair_latin1_escaped("plain"), None);
        assert_eq!(repair_latin1_escaped("año 🇵🇪"), None);
    }
}
