/*!
Spanish syllable counting, for the readability formulas.

A syllable is a vowel nucleus, so counting syllables means grouping the vowels of a word:

- `a e o` (and `á é ó`) are open vowels; `i u ü` are closed; a closed vowel with a written
  accent (`í ú`) behaves as an open one (it breaks a diphthong: *pa-ís*, *o-ír*, *bú-ho*).
- An open and a closed vowel, or two different closed vowels, form a diphthong (*ciu-dad*,
  *ai-re*, *cui-da-do*); closed–open–closed is a triphthong (*a-ve-ri-guáis*, *buey*).
- Two open vowels are a hiatus (*le-er*, *po-e-ta*, *ca-ó-ti-co*), and so are two equal
  vowels (*chi-i-ta*, *fri-í-si-mo*).
- `u` is silent in `que qui gue gui` (*gue-rra*, *guí-a*, *guion*), not in `güe güi`
  (*pin-güi-no*) nor before other vowels (*a-ve-ri-guáis*).
- `y` is a vowel when no vowel follows it (*hoy*, *muy*, *rey*, the conjunction *y*) and a
  consonant otherwise (*a-yu-da*, *Huan-ca-yo*).
- `h` between vowels does not separate them (*ahu-ma-do*, *prohi-bir*, as the RAE's
  Ortografía of 2010 describes; *a-ho-rro* and *al-co-hol* are hiatus anyway).

Case and decomposed accents (NFD input, `o` + U+0301) are handled; digits and symbols are
ignored.
*/

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A vowel: its base letter, whether it is open (or accented), whether it has a
    /// diaeresis.
    V {
        base: char,
        open: bool,
        diaeresis: bool,
    },
    /// Any other letter (lowercase).
    C(char),
}

fn unit(c: char) -> Unit {
    let l = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    let v = |base, open| Unit::V {
        base,
        open,
        diaeresis: false,
    };
    match l {
        'a' | 'e' | 'o' => v(l, true),
        'i' | 'u' => v(l, false),
        'á' | 'à' | 'â' | 'ä' => v('a', true),
        'é' | 'è' | 'ê' | 'ë' => v('e', true),
        'ó' | 'ò' | 'ô' | 'ö' => v('o', true),
        'í' | 'ì' | 'î' => v('i', true),
        'ú' | 'ù' | 'û' => v('u', true),
        'ü' => Unit::V {
            base: 'u',
            open: false,
            diaeresis: true,
        },
        'ï' => Unit::V {
            base: 'i',
            open: false,
            diaeresis: true,
        },
        other => Unit::C(other),
    }
}

fn is_vowel(u: Option<&Unit>) -> bool {
    matches!(u, Some(Unit::V { .. }))
}

/// Syllables of one word (0 when it has no vowel: `Sr`, `pst`, `123`). Counts are
/// remembered per thread: the same few thousand words make up most posts.
pub fn count(word: &str) -> usize {
    const MAX_WORD: usize = 24;
    const MAX_ENTRIES: usize = 1 << 16;
    if word.len() > MAX_WORD {
        return count_uncached(word);
    }
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<Box<str>, u8, Fnv>> =
            const { std::cell::RefCell::new(std::collections::HashMap::with_hasher(Fnv)) };
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(&n) = memo.get(word) {
            return n as usize;
        }
        let n = count_uncached(word);
        if memo.len() >= MAX_ENTRIES {
            memo.clear();
        }
        memo.insert(word.into(), n.min(255) as u8);
        n
    })
}

/// FNV-1a: a fast hash for short keys (words), no protection against crafted collisions
/// needed for a per-thread cache.
#[derive(Clone, Copy)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Fnv;

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

fn count_uncached(word: &str) -> usize {
    // Words are short: keep the units on the stack.
    let mut buf = [Unit::C(' '); 40];
    let mut heap = Vec::new();
    let mut n = 0;
    for c in word.chars() {
        match c {
            // Decomposed accents and diaeresis modify the vowel before them.
            '\u{300}' | '\u{301}' | '\u{302}' | '\u{308}' => {
                let prev = if n <= buf.len() {
                    n.checked_sub(1).map(|i| &mut buf[i])
                } else {
                    heap.last_mut()
                };
                if let Some(Unit::V {
                    open, diaeresis, ..
                }) = prev
                {
                    if c == '\u{308}' {
                        *diaeresis = true;
                    } else {
                        *open = true;
                    }
                }
            }
            c if c.is_alphabetic() => {
                let u = unit(c);
                if n < buf.len() {
                    buf[n] = u;
                } else {
                    if n == buf.len() {
                        heap.extend_from_slice(&buf);
                    }
                    heap.push(u);
                }
                n += 1;
            }
            _ => {}
        }
    }
    let units: &mut [Unit] = if n <= buf.len() {
        &mut buf[..n]
    } else {
        &mut heap
    };
    // Silent `u` in que/qui/gue/gui, then `y` as a vowel when no vowel follows.
    for k in 0..units.len() {
        if let Unit::V {
            base: 'u',
            open: false,
            diaeresis: false,
        } = units[k]
            && k > 0
            && matches!(units[k - 1], Unit::C('q' | 'g'))
            && matches!(
                units.get(k + 1),
                Some(Unit::V {
                    base: 'e' | 'i',
                    ..
                })
            )
        {
            units[k] = Unit::C('u');
        }
    }
    for k in 0..units.len() {
        if units[k] == Unit::C('y') && !is_vowel(units.get(k + 1)) {
            units[k] = Unit::V {
                base: 'i',
                open: false,
                diaeresis: false,
            };
        }
    }
    let mut nuclei = 0;
    let mut in_run = false;
    let mut run_open = false;
    let mut prev_base = ' ';
    for k in 0..units.len() {
        match units[k] {
            Unit::V { base, open, .. } => {
                if !in_run || (open && run_open) || base == prev_base {
                    nuclei += 1;
                    run_open = open;
                } else {
                    run_open |= open;
                }
                in_run = true;
                prev_base = base;
            }
            Unit::C('h') if in_run && is_vowel(units.get(k + 1)) => {}
            Unit::C(_) => in_run = false,
        }
    }
    nuclei
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn known_syllable_counts() {
        let words: &[(&str, usize)] = &[
            // hiatus with a written accent
            ("país", 2),
            ("oír", 2),
            ("búho", 2),
            ("guía", 2),
            ("río", 2),
            ("día", 2),
            ("maíz", 2),
            ("Raúl", 2),
            ("aún", 2),
            ("ahí", 2),
            ("leí", 2),
            ("ciudadanía", 5),
            ("friísimo", 4),
            // hiatus of open vowels
            ("leer", 2),
            ("creer", 2),
            ("poeta", 3),
            ("caótico", 4),
            ("héroe", 3),
            ("oceánico", 5),
            ("chiita", 3),
            // diphthongs and triphthongs
            ("aire", 2),
            ("ciudad", 2),
            ("cuidado", 3),
            ("cuídate", 3),
            ("acuífero", 4),
            ("huevo", 2),
            ("huir", 1),
            ("averiguáis", 4),
            ("estudiáis", 3),
            ("limpiéis", 2),
            ("buey", 1),
            ("construcción", 3),
            ("evaluación", 4),
            ("participación", 5),
            ("información", 4),
            ("ambiental", 3),
            // qu, gu, gü
            ("que", 1),
            ("quince", 2),
            ("quórum", 2),
            ("guerra", 2),
            ("guion", 1),
            ("guiño", 2),
            ("quechua", 2),
            ("pingüino", 3),
            ("agüero", 3),
            ("argüir", 2),
            // y
            ("y", 1),
            ("hoy", 1),
            ("muy", 1),
            ("rey", 1),
            ("ayuda", 3),
            ("leyes", 2),
            ("Huancayo", 3),
            ("Uruguay", 3),
            ("Paraguay", 3),
            // h between vowels
            ("ahorro", 3),
            ("alcohol", 3),
            ("zanahoria", 4),
            ("ahumado", 3),
            ("prohibir", 2),
            ("Chalhuahuacho", 4),
            // everyday words of the posts
            ("Senace", 3),
            ("Perú", 2),
            ("público", 3),
            ("año", 2),
            ("talleres", 3),
            ("proyecto", 3),
            ("ciudadanos", 4),
        ];
        let wrong: Vec<String> = words
            .iter()
            .filter(|(w, n)| count(w) != *n)
            .map(|(w, n)| format!("{w}: {} (expected {n})", count(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(words.len() >= 40);
    }

    #[test]
    fn case_and_decomposed_accents() {
        assert_eq!(count("PAÍS"), 2);
        assert_eq!(count("CIUDADANÍA"), 5);
        assert_eq!(count("pai\u{301}s"), 2);
        assert_eq!(count("gui\u{301}a"), 2);
        assert_eq!(count("pingu\u{308}ino"), 3);
        assert_eq!(count("evaluacio\u{301}n"), 4);
    }

    #[test]
    fn words_without_vowels_and_long_words() {
        assert_eq!(count("Sr"), 0);
        assert_eq!(count("123"), 0);
        assert_eq!(count(""), 0);
        // Longer than the stack buffer.
        assert_eq!(count("esternocleidomastoideo"), 9);
        assert_eq!(count(&"ta".repeat(30)), 30);
    }
}
