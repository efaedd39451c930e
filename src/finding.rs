/*!
Findings: what the engine reports about a document.

A finding points at a byte range of the document's original text (on char boundaries), names
its rule, and carries a rendered Spanish message and the suggestions, first one preferred.
*/

use std::ops::Range;
use std::sync::Arc;

use crate::rules::{FixSafety, Level, RuleInfo};

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Arc<RuleInfo>,
    pub level: Level,
    /// Byte range in the document's text.
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// Replacements for the span, preferred first.
    pub suggestions: Vec<String>,
}

impl Finding {
    /// The replacement `--fix` may apply: the first suggestion of a `fix: safe` rule.
    pub fn safe_fix(&self) -> Option<&str> {
        match self.rule.fix {
            FixSafety::Safe => self.suggestions.first().map(String::as_str),
            FixSafety::Unsafe => None,
        }
    }
}

/// Counts of findings by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn add(&mut self, level: Level) {
        match level {
            Level::Error => self.errors += 1,
            Level::Warning => self.warnings += 1,
            Level::Info => self.infos += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Whether any finding is at or above `level`.
    pub fn reaches(&self, level: Level) -> bool {
        match level {
            Level::Error => self.errors > 0,
            Level::Warning => self.errors + self.warnings > 0,
            Level::Info => self.total() > 0,
        }
    }
}

/// Applies the given replacements (sorted, non-overlapping) to `text`.
pub fn apply_replacements(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (r, s) in edits {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(s);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}
