/*!
Expanding a Hunspell dictionary into the words it accepts.

A `.dic` lists stems with affix flags; the `.aff` says what each flag adds. Checking a word
needs only the stems (spellbook strips affixes off the word), but suggesting corrections fast
needs the other direction: every form, so that an index of them can be searched by edit
distance ([`super::suggest`]). This module reads the `PFX`/`SFX` rules and applies them the way
Hunspell does: a suffix, then a second suffix if the first one's continuation flags allow it,
and a prefix on the stem or on a suffixed form when both rules allow cross products. Words
flagged `FORBIDDENWORD`, `ONLYINCOMPOUND` or `NEEDAFFIX` (alone) are not words on their own.
Flags may be single characters (`FLAG UTF-8`, the default), pairs (`FLAG long`) or numbers
(`FLAG num`).
*/

use std::collections::HashMap;

/// How flags are written in the `.aff` and `.dic`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FlagMode {
    Char,
    Long,
    Num,
}

/// A flag, whatever its notation.
type Flag = u32;

/// One character class of a rule's condition.
#[derive(Debug)]
enum Cond {
    Any,
    One(char),
    In(Vec<char>),
    NotIn(Vec<char>),
}

impl Cond {
    fn matches(&self, c: char) -> bool {
        match self {
            Cond::Any => true,
            Cond::One(x) => *x == c,
            Cond::In(set) => set.contains(&c),
            Cond::NotIn(set) => !set.contains(&c),
        }
    }
}

/// One affix rule: strip `strip` from the word's end (start for a prefix), add `add`, if the
/// word ends (starts) as `cond` says.
#[derive(Debug)]
pub struct Rule {
    pub strip: String,
    pub add: String,
    cond: Vec<Cond>,
    /// Continuation flags: affixes that may follow this one.
    next: Vec<Flag>,
}

impl Rule {
    /// Whether further affixes may follow this one (continuation flags).
    pub fn chains(&self) -> bool {
        !self.next.is_empty()
    }

    /// The word with this suffix applied, if its condition holds.
    pub fn suffix(&self, word: &str) -> Option<String> {
        let mut tail = word.chars().rev();
        let ok = self
            .cond
            .iter()
            .rev()
            .all(|c| tail.next().is_some_and(|w| c.matches(w)));
        let base = word.strip_suffix(self.strip.as_str())?;
        (ok && (!base.is_empty() || !self.add.is_empty())).then(|| format!("{base}{}", self.add))
    }

    /// The word with this prefix applied, if its condition holds.
    pub fn prefix(&self, word: &str) -> Option<String> {
        let mut head = word.chars();
        let ok = self
            .cond
            .iter()
            .all(|c| head.next().is_some_and(|w| c.matches(w)));
        let base = word.strip_prefix(self.strip.as_str())?;
        (ok && (!base.is_empty() || !self.add.is_empty())).then(|| format!("{}{base}", self.add))
    }
}

/// The rules of one flag.
#[derive(Debug, Default)]
struct Group {
    cross: bool,
    rules: Vec<Rule>,
}

/// The affix rules of an `.aff` file.
#[derive(Debug)]
pub struct Affixes {
    mode: FlagMode,
    suffixes: HashMap<Flag, Group>,
    prefixes: HashMap<Flag, Group>,
    /// Flags that keep a stem from being a word on its own.
    not_alone: Vec<Flag>,
    /// Flags that keep a stem out entirely.
    forbidden: Vec<Flag>,
}

fn parse_cond(s: &str) -> Vec<Cond> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '.' => Cond::Any,
            '[' => {
                let mut set: Vec<char> = chars.by_ref().take_while(|&d| d != ']').collect();
                if set.first() == Some(&'^') {
                    set.remove(0);
                    Cond::NotIn(set)
                } else {
                    Cond::In(set)
                }
            }
            c => Cond::One(c),
        });
    }
    out
}

impl Affixes {
    /// Reads the affix rules of an `.aff` text. Lines it does not need are skipped.
    pub fn parse(aff: &str) -> Affixes {
        let mode = aff
            .lines()
            .find_map(|l| l.strip_prefix("FLAG "))
            .map_or(FlagMode::Char, |m| match m.trim() {
                "long" => FlagMode::Long,
                "num" => FlagMode::Num,
                _ => FlagMode::Char,
            });
        let mut a = Affixes {
            mode,
            suffixes: HashMap::new(),
            prefixes: HashMap::new(),
            not_alone: Vec::new(),
            forbidden: Vec::new(),
        };
        for line in aff.lines() {
            let cols: Vec<&str> = line.split_whitespace().collect();
            match cols.as_slice() {
                ["NEEDAFFIX" | "ONLYINCOMPOUND", flag, ..] => {
                    a.not_alone.extend(a.flags(flag).first());
                }
                ["FORBIDDENWORD", flag, ..] => a.forbidden.extend(a.flags(flag).first()),
                [kind @ ("SFX" | "PFX"), flag, cross, _count] => {
                    let Some(&flag) = a.flags(flag).first() else {
                        continue;
                    };
                    a.table(kind).entry(flag).or_default().cross = *cross == "Y";
                }
                [kind @ ("SFX" | "PFX"), flag, strip, add, cond, ..] => {
                    let Some(&flag) = a.flags(flag).first() else {
                        continue;
                    };
                    let (add, next) = add.split_once('/').unwrap_or((add, ""));
                    let zero = |s: &str| {
                        if s == "0" {
                            String::new()
                        } else {
                            s.to_string()
                        }
                    };
                    let rule = Rule {
                        strip: zero(strip),
                        add: zero(add),
                        cond: parse_cond(cond),
                        next: a.flags(next),
                    };
                    a.table(kind).entry(flag).or_default().rules.push(rule);
                }
                _ => {}
            }
        }
        a
    }

    fn table(&mut self, kind: &str) -> &mut HashMap<Flag, Group> {
        if kind == "SFX" {
            &mut self.suffixes
        } else {
            &mut self.prefixes
        }
    }

    /// The flags written in `s`.
    fn flags(&self, s: &str) -> Vec<Flag> {
        match self.mode {
            FlagMode::Char => s.chars().map(u32::from).collect(),
            FlagMode::Long => {
                let chars: Vec<char> = s.chars().collect();
                chars
                    .chunks(2)
                    .map(|p| p.iter().fold(0, |acc, &c| acc * 0x11_0000 + u32::from(c)))
                    .collect()
            }
            FlagMode::Num => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        }
    }

    /// The suffix rules of `flag` (empty for an unknown flag or a prefix flag).
    pub fn suffix_rules(&self, flag: char) -> &[Rule] {
        self.suffixes
            .get(&u32::from(flag))
            .map_or(&[], |g| g.rules.as_slice())
    }

    /// Calls `emit` with every word one `.dic` line stands for: the stem and each of its
    /// affixed forms (a form may come more than once).
    pub fn expand_line(&self, line: &str, emit: &mut impl FnMut(&str)) {
        let entry = line.split(['\t', ' ']).next().unwrap_or("");
        let (stem, flags) = split_entry(entry);
        if stem.is_empty() {
            return;
        }
        let flags = self.flags(flags);
        if flags.iter().any(|f| self.forbidden.contains(f)) {
            return;
        }
        if !flags.iter().any(|f| self.not_alone.contains(f)) {
            emit(stem);
        }
        let prefixes = || flags.iter().filter_map(|f| self.prefixes.get(f));
        for g in prefixes() {
            for r in &g.rules {
                if let Some(w) = r.prefix(stem) {
                    emit(&w);
                }
            }
        }
        for f in &flags {
            let Some(g) = self.suffixes.get(f) else {
                continue;
            };
            for r in &g.rules {
                let Some(w) = r.suffix(stem) else { continue };
                emit(&w);
                for n in &r.next {
                    for r2 in self.suffixes.get(n).map_or(&[][..], |g| &g.rules) {
                        if let Some(w2) = r2.suffix(&w) {
                            emit(&w2);
                        }
                    }
                }
                if g.cross {
                    for p in prefixes().filter(|p| p.cross) {
                        for pr in &p.rules {
                            if let Some(w2) = pr.prefix(&w) {
                                emit(&w2);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every word of a `.dic` text (its first line is the entry count), in dictionary order,
    /// with repeats.
    pub fn expand(&self, dic: &str, emit: &mut impl FnMut(&str)) {
        for line in dic.lines().skip(1) {
            self.expand_line(line, emit);
        }
    }
}

/// `word/flags` → (`word`, `flags`); a `\/` in the word is a slash.
fn split_entry(entry: &str) -> (&str, &str) {
    let bytes = entry.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'/' => return (&entry[..i], &entry[i + 1..]),
            _ => i += 1,
        }
    }
    (entry, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AFF: &str = "SET UTF-8\nSFX S Y 2\nSFX S 0 s [aeiou]\nSFX S 0 es [^aeiou]\n\
                       SFX R Y 2\nSFX R ar o/L ar\nSFX R ar amos ar\n\
                       SFX L N 1\nSFX L 0 lo .\n\
                       PFX d Y 1\nPFX d 0 des .\nFORBIDDENWORD !\n";

    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        Affixes::parse(AFF).expand_line(line, &mut |w| out.push(w.to_string()));
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn expands_suffixes_by_condition() {
        assert_eq!(words("casa/S"), ["casa", "casas"]);
        assert_eq!(words("papel/S"), ["papel", "papeles"]);
    }

    #[test]
    fn continuation_flags_add_a_second_suffix() {
        assert_eq!(
            words("cargar/R"),
            ["cargamos", "cargar", "cargo", "cargolo"]
        );
    }

    #[test]
    fn cross_products_prefix_suffixed_forms() {
        assert_eq!(
            words("hacer/Sd"),
            ["deshacer", "deshaceres", "hacer", "haceres"]
        );
    }

    #[test]
    fn forbidden_words_and_morphology_are_left_out() {
        assert!(words("mal/!S").is_empty());
        assert_eq!(words("sol/S po:noun"), ["sol", "soles"]);
    }

    #[test]
    fn long_and_numeric_flags() {
        let aff = "FLAG long\nSFX Aa Y 1\nSFX Aa 0 s .\n";
        let mut out = Vec::new();
        Affixes::parse(aff).expand_line("gato/AaBb", &mut |w| out.push(w.to_string()));
        assert_eq!(out, ["gato", "gatos"]);
        let aff = "FLAG num\nSFX 12 Y 1\nSFX 12 0 s .\n";
        let mut out = Vec::new();
        Affixes::parse(aff).expand_line("perro/7,12", &mut |w| out.push(w.to_string()));
        assert_eq!(out, ["perro", "perros"]);
    }
}
