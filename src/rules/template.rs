/*!
Message templates: `«{match}» … «{suggestion}»`.

A template is parsed once when its pack is loaded, so an unknown placeholder is a pack error
at load time, not a surprise in a finding. Placeholders: `{match}`, `{hit}`, `{suggestion}`,
`{suggestions}`, capture numbers `{1}` and names `{name}`, kind-specific values (`{value}`,
`{limit}`…), each with an optional filter: `{1|lower}`, `{1|upper}`, `{1|capitalize}`,
`{match|fem}` (the feminine of a masculine adjective or participle: `protegido` →
`protegida`, `contaminados` → `contaminadas`).
`{{` and `}}` stand for literal braces.
*/

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Var { name: String, filter: Filter },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    None,
    Lower,
    Upper,
    Capitalize,
    Fem,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// Looks up the value of a placeholder.
pub trait Vars {
    fn get(&self, name: &str) -> Option<&str>;
}

impl Vars for [(String, String)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Template {
    /// Parses `src`; the error says what is wrong and at which char.
    pub fn parse(src: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = src.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let rest = &src[i + 1..];
                    let Some(close) = rest.find('}') else {
                        return Err(format!("llave «{{» sin cerrar en la posición {}", i + 1));
                    };
                    let inner = &rest[..close];
                    let (name, filter) = match inner.split_once('|') {
                        Some((n, f)) => (n.trim(), parse_filter(f.trim())?),
                        None => (inner.trim(), Filter::None),
                    };
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        return Err(format!("marcador no válido «{{{inner}}}»"));
                    }
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Var {
                        name: name.to_string(),
                        filter,
                    });
                    for _ in 0..inner.chars().count() + 1 {
                        chars.next();
                    }
                }
                '}' => return Err(format!("llave «}}» sin abrir en la posición {}", i + 1)),
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Ok(Template { pieces })
    }

    /// Names of the placeholders used.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Var { name, .. } => Some(name.as_str()),
            Piece::Lit(_) => None,
        })
    }

    /// Fills the template; unknown names render empty (they were validated at load time).
    pub fn render(&self, vars: &(impl Vars + ?Sized)) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Var { name, filter } => {
                    let v = vars.get(name).unwrap_or("");
                    match filter {
                        Filter::None => out.push_str(v),
                        Filter::Lower => out.push_str(&v.to_lowercase()),
                        Filter::Upper => out.push_str(&v.to_uppercase()),
                        Filter::Capitalize => out.push_str(&capitalize(v)),
                        Filter::Fem => out.push_str(&feminine(v)),
                    }
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

fn parse_filter(f: &str) -> Result<Filter, String> {
    match f {
        "lower" => Ok(Filter::Lower),
        "upper" => Ok(Filter::Upper),
        "capitalize" => Ok(Filter::Capitalize),
        "fem" => Ok(Filter::Fem),
        other => Err(format!(
            "filtro desconocido «{other}»: use lower, upper, capitalize o fem"
        )),
    }
}

/// The feminine of a masculine word in `-o`/`-os` (`protegido` → `protegida`), keeping
/// capitals; any other word unchanged.
fn feminine(s: &str) -> String {
    for (m, f, mu, fu) in [("os", "as", "OS", "AS"), ("o", "a", "O", "A")] {
        if let Some(stem) = s.strip_suffix(m) {
            return format!("{stem}{f}");
        }
        if let Some(stem) = s.strip_suffix(mu) {
            return format!("{stem}{fu}");
        }
    }
    s.to_string()
}

/// Uppercases the first letter.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Gives `suggestion` the case shape of `matched`: all capitals when the match is (two or
/// more letters, all capitals), a capital first letter when the match starts with one.
pub fn match_case(matched: &str, suggestion: &str) -> String {
    let letters: Vec<char> = matched.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return suggestion.to_uppercase();
    }
    match matched.chars().find(|c| c.is_alphabetic()) {
        Some(c) if c.is_uppercase() => capitalize(suggestion),
        _ => suggestion.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vec<(String, String)> {
        vec![
            ("match".into(), "Los ciudadanos".into()),
            ("1".into(), "evaluacion".into()),
        ]
    }

    #[test]
    fn renders_placeholders_and_filters() {
        let t = Template::parse("«{match}» → {1|upper} {{literal}} {match|lower}").unwrap();
        assert_eq!(
            t.render(vars().as_slice()),
            "«Los ciudadanos» → EVALUACION {literal} los ciudadanos"
        );
        assert_eq!(t.names().collect::<Vec<_>>(), vec!["match", "1", "match"]);
    }

    #[test]
    fn feminine_filter() {
        let t = Template::parse("{match|fem}").unwrap();
        let v = |m: &str| vec![("match".to_string(), m.to_string())];
        assert_eq!(t.render(v("protegido").as_slice()), "protegida");
        assert_eq!(t.render(v("CONTAMINADOS").as_slice()), "CONTAMINADAS");
        assert_eq!(t.render(v("verde").as_slice()), "verde");
    }

    #[test]
    fn rejects_bad_templates() {
        assert!(Template::parse("«{match»").is_err());
        assert!(Template::parse("{match|title}").is_err());
        assert!(Template::parse("a } b").is_err());
        assert!(Template::parse("{}").is_err());
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(
            match_case("Los ciudadanos", "la ciudadanía"),
            "La ciudadanía"
        );
        assert_eq!(
            match_case("LOS CIUDADANOS", "la ciudadanía"),
            "LA CIUDADANÍA"
        );
        assert_eq!(
            match_case("los ciudadanos", "la ciudadanía"),
            "la ciudadanía"
        );
        assert_eq!(match_case("«Senace»", "x"), "X");
    }
}
