/*!
Regex matches that count only where they are not glued to the character before them.

URLs and masked insults are only taken where they start a token: `www.senace.gob.pe` after a
space, but not the `aaa.com` inside `/aaa.com`. Finding the leftmost match and, when a glued
character precedes it, searching again one character later is quadratic: a 64 KB token
glued to a path and ending in `.com` is matched 64,000 times, each time to its end. An
[`Unglued`] regex puts the condition in the regex instead (`[^glued]` before the match, or
the start of the text), so one forward search skips every glued start at once and each byte
is read a bounded number of times whatever the input.
*/

use std::ops::Range;

use regex::{Regex, RegexBuilder};

/// Size limits of the compiled regexes (program and lazy-DFA cache).
const SIZE_LIMIT: usize = 20 << 20;

/// A regex whose matches may only start at the start of the text or after a character
/// outside a class of "glued" characters.
#[derive(Debug)]
pub struct Unglued {
    /// The regex anchored at the start of the text.
    first: Regex,
    /// One character outside the glued class, then the regex.
    after: Regex,
}

impl Unglued {
    /// `pattern` matched only after a character that `glued` (the inside of a regex class,
    /// such as `\p{Alphabetic}\p{N}.@`) does not match, or at the start of the text.
    pub fn new(pattern: &str, glued: &str) -> Result<Unglued, regex::Error> {
        let build = |source: String| {
            RegexBuilder::new(&source)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
        };
        Ok(Unglued {
            first: build(format!(r"\A(?:{pattern})"))?,
            after: build(format!("[^{glued}](?:{pattern})"))?,
        })
    }

    /// The leftmost match of the regex in `hay` that starts at or after `at` (a char
    /// boundary) and not right after a glued character (which may lie before `at`).
    pub fn find_at(&self, hay: &str, at: usize) -> Option<Range<usize>> {
        if at == 0
            && let Some(m) = self.first.find(hay)
        {
            return Some(m.range());
        }
        let from = at - hay[..at].chars().next_back().map_or(0, char::len_utf8);
        self.after.find_at(hay, from).map(|m| {
            let free = hay[m.start()..].chars().next().map_or(0, char::len_utf8);
            m.start() + free..m.end()
        })
    }
}

/// Test support: asserts that the regex class `glued` (the inside of `[…]`) holds exactly
/// the characters `glued_char` says are glued, over every character the regex crate's
/// Unicode tables know (letters assigned after them are not letters to it).
#[cfg(test)]
pub fn assert_class_is(glued: &str, glued_char: impl Fn(char) -> bool) {
    let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
    let of = |class: &str| -> std::collections::HashSet<char> {
        let re = Regex::new(class).unwrap();
        re.find_iter(&all)
            .map(|m| m.as_str().chars().next().unwrap())
            .collect()
    };
    let free = of(&format!("[^{glued}]"));
    let unassigned = of(r"\p{Cn}");
    for c in all.chars().filter(|c| !unassigned.contains(c)) {
        assert_eq!(free.contains(&c), !glued_char(c), "{c:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_start_at_the_text_start_or_after_a_free_character() {
        let re = Unglued::new("a+b", r"\p{Alphabetic}").unwrap();
        let hay = "ab xab -aab";
        assert_eq!(re.find_at(hay, 0), Some(0..2));
        assert_eq!(re.find_at(hay, 1), Some(8..11));
        // The character before `at` counts.
        assert_eq!(re.find_at(hay, 9), None);
        assert_eq!(re.find_at("-ab", 1), Some(1..3));
        assert_eq!(re.find_at("ñab", 2), None);
        assert_eq!(re.find_at("", 0), None);
    }
}
