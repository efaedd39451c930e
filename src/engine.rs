/*!
The engine: a compiled rule set applied to documents.

[`Engine::new`] folds every literal term of every rule into one Aho–Corasick automaton, with a
side table from pattern to (rule, term). The same automaton carries, for each regex rule, the
literals one of which any match must contain (read from the regex's parse): a rule none of
whose literals occur has nothing to scan. Regex rules without usable literals are filtered
by one `RegexSet` per scope. [`Engine::lint`] prepares the document once (blanked views,
folded prose), runs the automaton once over the folded prose, keeps whole-word hits, lets
scanning kinds (regexes, measures) look at the chunks their filter allows, drops hits inside
the rule's `except` phrases, renders messages, resolves overlaps (the higher level wins) and
returns findings sorted by position.
*/

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use rayon::prelude::*;
use regex::{RegexSet, RegexSetBuilder};

use crate::finding::Finding;
use crate::input::Document;
use crate::platform::Platforms;
use crate::rules::anchors::AnchorIndex;
use crate::rules::kind::{Context, Draft};
use crate::rules::{Rule, RuleSet, Scope};
use crate::text::{Folded, PARALLEL_MIN, at_word_bounds, fold};

/// Rules compiled for matching.
#[derive(Debug)]
pub struct Engine {
    set: RuleSet,
    /// Platform table and the platform of posts that name none (`--platform`).
    platforms: Arc<Platforms>,
    default_platform: Option<String>,
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id → what it stands for.
    table: Vec<Vec<Entry>>,
    /// Rules whose prefilter is a set of literals in the automaton.
    literal_filtered: Vec<bool>,
    /// The anchors of every token pattern.
    anchors: AnchorIndex,
    /// The prefilter regexes without usable literals, one set per scope.
    prefilters: Vec<Prefilter>,
    /// For each rule, the rules (indices) its findings hide where they overlap.
    supersedes: Vec<Vec<usize>>,
    /// Whether findings carry suggestions (see [`Engine::set_suggestions`]).
    suggestions: bool,
    /// Whether scanning rules skip the chunks their prefilter rules out.
    prefilter: bool,
}

/// What a pattern of the shared automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Term `variant` of `rule`: reported on whole-word hits.
    Term { rule: u32, variant: u32 },
    /// A literal that every match of `rule`'s prefilter regex contains: where none is found,
    /// the rule has nothing to scan.
    Needs { rule: u32 },
    /// The beginning of a token pattern's anchor word (see [`crate::rules::anchors`]):
    /// reported at word starts, looked up whole in the anchor index.
    Anchor,
}

/// A literal of a rule's prefilter found in the folded prose: (rule, folded offset).
type Need = (u32, usize);

/// Where the automaton found what the rules ask for: term drafts, prefilter literals, and
/// the folded offsets of words that may be anchors.
struct Hits {
    drafts: Vec<(usize, Draft)>,
    needs: Vec<Need>,
    anchors: Vec<usize>,
}

/// Prefilter regexes of one scope that have no usable literals, as one `RegexSet`, with the
/// rule of each.
#[derive(Debug)]
struct Prefilter {
    scope: Scope,
    set: RegexSet,
    rules: Vec<usize>,
}

/// Target size of the chunks a document is cut into for the prefilter (bytes).
const CHUNK: usize = 1 << 10;

/// How far around a hit (in bytes) `except` phrases and patterns are looked for, beyond the
/// length of the longest phrase.
const EXCEPT_WINDOW: usize = 200;

impl Engine {
    pub fn new(set: RuleSet) -> Engine {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut table: Vec<Vec<Entry>> = Vec::new();
        let mut add = |folded: String, entry: Entry| {
            let id = *ids.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                table.push(Vec::new());
                patterns.len() - 1
            });
            table[id].push(entry);
        };
        let mut literal_filtered = vec![false; set.rules.len()];
        let mut anchors = AnchorIndex::default();
        for (ri, rule) in set.rules.iter().enumerate() {
            let r = ri as u32;
            for (vi, term) in rule.kind.terms().into_iter().enumerate() {
                add(
                    fold(term),
                    Entry::Term {
                        rule: r,
                        variant: vi as u32,
                    },
                );
            }
            if let Some(tr) = rule.kind.token_rule() {
                anchors.add_rule(r, tr.pattern_anchors());
            }
            // Prose regexes whose matches must contain one of a few literals are filtered
            // by the automaton's single pass over the folded prose.
            if rule.kind.scope() == Scope::Prose
                && let Some(literals) = rule.kind.prefilter().and_then(|re| re.literals())
            {
                for lit in literals {
                    add(lit.clone(), Entry::Needs { rule: r });
                }
                literal_filtered[ri] = true;
            }
        }
        // Anchors are looked for by their first characters (few patterns for the many forms
        // of a lemma); the word found is looked up whole.
        let mut prefixes: Vec<&str> = anchors
            .words()
            .map(|w| {
                let cut = w
                    .char_indices()
                    .nth(crate::rules::kind::tokens::ANCHOR_PREFIX)
                    .map_or(w.len(), |(i, _)| i);
                &w[..cut]
            })
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        for prefix in prefixes {
            add(prefix.to_string(), Entry::Anchor);
        }
        // The automaton and the regex sets take most of the start-up: built side by side.
        let build_automaton = || {
            (!patterns.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&patterns)
                    .or_else(|_| {
                        AhoCorasick::builder()
                            .match_kind(MatchKind::Standard)
                            .build(&patterns)
                    })
                    .expect("literal patterns always build")
            })
        };
        let (automaton, prefilters) =
            rayon::join(build_automaton, || prefilter_sets(&set, &literal_filtered));
        let supersedes = set
            .rules
            .iter()
            .map(|r| {
                r.supersedes
                    .iter()
                    .filter_map(|id| set.rules.iter().position(|o| o.info.id == *id))
                    .collect()
            })
            .collect();
        Engine {
            supersedes,
            prefilter: true,
            suggestions: true,
            set,
            platforms: crate::platform::bundled(),
            default_platform: None,
            automaton,
            table,
            literal_filtered,
            anchors,
            prefilters,
        }
    }

    /// Sets the platform of posts whose front matter or archive record names none: the
    /// command line's `--platform` (a configuration file's default may feed the same seam).
    /// An unknown name is an error with a did-you-mean.
    pub fn with_default_platform(mut self, name: Option<&str>) -> Result<Engine, String> {
        self.default_platform = match name {
            None => None,
            Some(n) => Some(
                self.platforms
                    .get(n)
                    .ok_or_else(|| self.platforms.unknown(n))?
                    .id
                    .clone(),
            ),
        };
        Ok(self)
    }

    /// The same engine without the prefilter: every scanning rule reads the whole document
    /// instead of the chunks its literals or its `RegexSet` allow. The findings are the
    /// same, only slower; tests compare the two.
    pub fn without_prefilter(mut self) -> Engine {
        self.prefilter = false;
        self
    }

    /// The platform posts without one are checked for.
    pub fn default_platform(&self) -> Option<&str> {
        self.default_platform.as_deref()
    }

    /// The lint context of `doc`: prepared views, its platform, lazily its measures.
    pub fn context<'d>(&'d self, doc: &'d Document) -> Context<'d> {
        let mut cx = Context::with_vocabulary(doc, &self.set.vocabulary)
            .with_platforms(self.platforms.clone(), self.default_platform.as_deref());
        cx.suggest = self.suggestions;
        cx
    }

    /// Whether findings carry suggestions (the default). A run whose reports show no
    /// suggestion (`vigia audit`) turns them off: spelling suggestions are most of its work.
    /// Which findings are reported does not change.
    pub fn set_suggestions(&mut self, on: bool) {
        self.suggestions = on;
    }

    /// The rules this engine applies.
    pub fn rules(&self) -> &RuleSet {
        &self.set
    }

    /// Every finding in `doc`, sorted by position.
    ///
    /// A large document (an archive dumped to text) is worked on by several threads: the
    /// automaton and each scanning rule side by side, then exceptions and messages; the
    /// findings are the same as on one thread.
    pub fn lint(&self, doc: &Document) -> Vec<Finding> {
        self.lint_filtered(doc, &mut |_| true)
    }

    /// Like [`Engine::lint`], but no rule's `supersedes` hides another's findings: what
    /// each rule finds on its own (rule self-tests).
    pub fn lint_each_rule(&self, doc: &Document) -> Vec<Finding> {
        self.lint_with(doc, &mut |_| true, false)
    }

    /// Like [`Engine::lint`], but `keep` sees every finding before overlaps are resolved and
    /// may change its level or drop it (configured levels, suppressions), so a dropped
    /// finding never hides a weaker one it overlaps.
    pub fn lint_filtered(
        &self,
        doc: &Document,
        keep: &mut dyn FnMut(&mut Finding) -> bool,
    ) -> Vec<Finding> {
        self.lint_with(doc, keep, true)
    }

    fn lint_with(
        &self,
        doc: &Document,
        keep: &mut dyn FnMut(&mut Finding) -> bool,
        supersede: bool,
    ) -> Vec<Finding> {
        let cx = self.context(doc);
        let rules = &self.set.rules;
        // Rules restricted to some post kinds or platforms (`applies_to`, `platforms`).
        let platform = cx.platform().map(|p| p.id.as_str());
        let applies: Vec<bool> = rules
            .iter()
            .map(|r| r.applies(doc.meta.kind.as_deref(), platform))
            .collect();
        let parallel = doc.text.len() >= PARALLEL_MIN;
        let Hits {
            drafts: term_drafts,
            needs,
            anchors,
        } = self.term_hits(&cx);
        let ranges = if self.prefilter {
            self.prefiltered(&cx, &needs, parallel)
        } else {
            vec![None; rules.len()]
        };
        let mut term_drafts = term_drafts;
        term_drafts.extend(self.token_hits(&cx, &anchors, &applies, parallel));
        let scan = |ri: usize, rule: &Rule| {
            let mut scanned = Vec::new();
            match &ranges[ri] {
                _ if !applies[ri] => {}
                Some(r) if r.is_empty() => {}
                Some(r) => rule.kind.scan_ranges(&cx, r, &mut scanned),
                None => rule.kind.scan(&cx, &mut scanned),
            }
            scanned.into_iter().map(move |d| (ri, d))
        };
        let wanted =
            |(ri, d): &(usize, Draft)| applies[*ri] && !excepted(&cx, &rules[*ri], &d.span);
        let mut findings: Vec<(usize, Finding)> = if parallel {
            let mut drafts = term_drafts;
            let scanned: Vec<Vec<(usize, Draft)>> = rules
                .par_iter()
                .enumerate()
                .map(|(ri, rule)| scan(ri, rule).collect::<Vec<_>>())
                .collect();
            drafts.extend(scanned.into_iter().flatten());
            drafts
                .into_par_iter()
                .filter(wanted)
                .map(|(ri, d)| (ri, render(&rules[ri], doc, d)))
                .collect()
        } else {
            let mut drafts = term_drafts;
            for (ri, rule) in rules.iter().enumerate() {
                drafts.extend(scan(ri, rule));
            }
            drafts.retain(wanted);
            drafts
                .into_iter()
                .map(|(ri, d)| (ri, render(&rules[ri], doc, d)))
                .collect()
        };
        findings.retain_mut(|(_, f)| keep(f));
        findings.sort_by(|a, b| {
            (a.1.span.start, a.1.span.end, a.0).cmp(&(b.1.span.start, b.1.span.end, b.0))
        });
        let none = vec![Vec::new(); rules.len()];
        resolve_overlaps(
            findings,
            rules,
            if supersede { &self.supersedes } else { &none },
        )
    }

    /// Findings of the rules matched over tokens. Every paragraph (or, in a long one, every
    /// stretch of whole sentences) holding a word the anchor index knows is tokenised once;
    /// each token is looked up once, and each rule gets the tokens where its patterns'
    /// anchors may stand. Rules with a pattern without an anchor read every paragraph.
    fn token_hits(
        &self,
        cx: &Context,
        anchors: &[usize],
        applies: &[bool],
        parallel: bool,
    ) -> Vec<(usize, Draft)> {
        use crate::text::tokens;
        let rules = &self.set.rules;
        let index = &self.anchors;
        if index.is_empty() {
            return Vec::new();
        }
        let view = cx.view(Scope::Prose);
        let body = &cx.doc.body;
        let folded = &cx.folded.text;
        // The original offset of every anchor word some applying rule may match at.
        let mut wanted: Vec<usize> = Vec::new();
        for &f in anchors {
            let mut hit = false;
            index.lookup(tokens::word_at(folded, f), &mut |(r, _, slot)| {
                hit |= slot == 0 && applies[r as usize];
            });
            if hit {
                wanted.push(cx.folded.to_orig(f));
            }
        }
        wanted.sort_unstable();
        let mut windows: Vec<Range<usize>> = Vec::new();
        for at in wanted {
            if windows.last().is_some_and(|w| w.contains(&at)) {
                continue;
            }
            let w = tokens::window(view, body, at);
            match windows.last_mut() {
                Some(last) if last.end >= w.start => last.end = last.end.max(w.end),
                _ => windows.push(w),
            }
        }
        // Rules that read every sentence.
        let mut everywhere: Vec<u32> = index
            .unanchored()
            .iter()
            .map(|p| p.0)
            .filter(|&r| applies[r as usize])
            .collect();
        everywhere.dedup();
        if !everywhere.is_empty() {
            windows.clear();
            let mut start = body.start;
            while start < body.end {
                let end = tokens::chunk_end(view, body, start);
                windows.push(start..end);
                start = end;
            }
        }
        let split = |b: &str| cx.hashtag_split(b);
        let run = |w: &Range<usize>| {
            let toks = tokens::tokenize(view, w.clone(), Some(&split));
            let sentences = crate::rules::patterns::sentences(&toks);
            // (rule, token, pattern, slot) of every required test, by rule and token.
            let mut found: Vec<(u32, u32, u16, u8)> = Vec::new();
            for (ti, t) in toks.iter().enumerate() {
                if t.kind == tokens::Kind::Gap {
                    continue;
                }
                index.lookup(&t.folded, &mut |(r, p, slot)| {
                    if applies[r as usize] {
                        found.push((r, ti as u32, p, slot));
                    }
                });
            }
            found.sort_unstable();
            found.dedup();
            let mut out = Vec::new();
            let mut drafts = Vec::new();
            let mut run_rule = |r: u32, anchors: &[(u32, u16, u8)]| {
                if let Some(tr) = rules[r as usize].kind.token_rule() {
                    drafts.clear();
                    tr.run_tokens(cx, &toks, &sentences, anchors, &mut drafts);
                    out.extend(drafts.drain(..).map(|d| (r as usize, d)));
                }
            };
            let mut pairs: Vec<(u32, u16, u8)> = Vec::new();
            let mut i = 0;
            let mut rest = everywhere.iter().peekable();
            while i < found.len() {
                let r = found[i].0;
                while let Some(&&e) = rest.peek()
                    && e < r
                {
                    run_rule(e, &[]);
                    rest.next();
                }
                if rest.peek() == Some(&&r) {
                    rest.next();
                }
                pairs.clear();
                while i < found.len() && found[i].0 == r {
                    pairs.push((found[i].1, found[i].2, found[i].3));
                    i += 1;
                }
                run_rule(r, &pairs);
            }
            for &e in rest {
                run_rule(e, &[]);
            }
            out
        };
        if parallel {
            windows.par_iter().flat_map_iter(run).collect()
        } else {
            windows.iter().flat_map(run).collect()
        }
    }

    /// Where each prefiltered rule may match: the chunks its regex matched in its scope's
    /// set (`None` for rules without a prefilter). Chunks of a large document are tested
    /// on several threads.
    fn prefiltered(
        &self,
        cx: &Context,
        needs: &[(u32, usize)],
        parallel: bool,
    ) -> Vec<Option<Vec<Range<usize>>>> {
        let mut ranges: Vec<Option<Vec<Range<usize>>>> = vec![None; self.set.rules.len()];
        // Literal prefilters: the chunks of the prose holding one of the rule's literals.
        let view = cx.view(Scope::Prose);
        let parts = chunks(view, cx.doc.body.clone());
        for (ri, filtered) in self.literal_filtered.iter().enumerate() {
            if *filtered {
                ranges[ri] = Some(Vec::new());
            }
        }
        for &(rule, folded_at) in needs {
            if parts.is_empty() {
                break;
            }
            let at = cx.folded.to_orig(folded_at);
            let k = parts.partition_point(|c| c.end <= at).min(parts.len() - 1);
            if let Some(list) = &mut ranges[rule as usize] {
                match list.last_mut() {
                    Some(last) if last.end == parts[k].start => last.end = parts[k].end,
                    Some(last) if last.start <= parts[k].start && parts[k].end <= last.end => {}
                    _ => list.push(parts[k].clone()),
                }
            }
        }
        for list in ranges.iter_mut().flatten() {
            list.sort_by_key(|r| r.start);
            list.dedup();
        }
        for pf in &self.prefilters {
            for &ri in &pf.rules {
                ranges[ri] = Some(Vec::new());
            }
            let view = cx.view(pf.scope);
            // Each paragraph alone, as the rules scan it.
            let test = |chunk: Range<usize>| {
                let mut hits: Vec<usize> = Vec::new();
                for p in crate::text::paragraphs(view, chunk.clone()) {
                    hits.extend(pf.set.matches(&view[p]).iter());
                }
                hits.sort_unstable();
                hits.dedup();
                (chunk, hits)
            };
            let parts = chunks(view, cx.doc.body.clone());
            let tested: Vec<(Range<usize>, Vec<usize>)> = if parallel {
                parts.into_par_iter().map(test).collect()
            } else {
                parts.into_iter().map(test).collect()
            };
            for (chunk, hits) in tested {
                for i in hits {
                    if let Some(list) = &mut ranges[pf.rules[i]] {
                        match list.last_mut() {
                            Some(last) if last.end == chunk.start => last.end = chunk.end,
                            _ => list.push(chunk.clone()),
                        }
                    }
                }
            }
        }
        ranges
    }

    /// The automaton's one pass over the folded prose: drafts of whole-word term hits,
    /// where the literals of literal-filtered rules occur, and anchor word starts.
    fn term_hits(&self, cx: &Context) -> Hits {
        let mut drafts = Vec::new();
        let Some(ac) = &self.automaton else {
            return Hits {
                drafts,
                needs: Vec::new(),
                anchors: Vec::new(),
            };
        };
        let text = &cx.folded.text;
        let find = |span: Range<usize>| {
            let mut hits: Vec<(u32, u32, usize, usize)> = Vec::new();
            let mut needs: Vec<(u32, usize)> = Vec::new();
            let mut anchors: Vec<usize> = Vec::new();
            for m in ac.find_overlapping_iter(Input::new(text).span(span)) {
                let mut bounded = None;
                let mut word_start = None;
                for entry in &self.table[m.pattern().as_usize()] {
                    match *entry {
                        Entry::Needs { rule } => needs.push((rule, m.start())),
                        Entry::Anchor => {
                            // A word anchor starts a word; a punctuation mark stands anywhere.
                            if *word_start.get_or_insert_with(|| {
                                !text[m.start()..]
                                    .chars()
                                    .next()
                                    .is_some_and(crate::text::is_word_char)
                                    || !text[..m.start()]
                                        .chars()
                                        .next_back()
                                        .is_some_and(crate::text::is_word_char)
                            }) {
                                anchors.push(m.start());
                            }
                        }
                        Entry::Term { rule, variant } => {
                            if *bounded
                                .get_or_insert_with(|| at_word_bounds(text, m.start(), m.end()))
                            {
                                hits.push((rule, variant, m.start(), m.end()));
                            }
                        }
                    }
                }
            }
            (hits, needs, anchors)
        };
        // A large text is searched in pieces cut at paragraph separators, which no term
        // contains: no match crosses a cut.
        let (mut hits, needs, mut anchors) = if text.len() >= PARALLEL_MIN {
            let bytes = text.as_bytes();
            let sep = crate::text::fold::SEPARATOR as u8;
            let parts: Vec<_> =
                crate::text::split_at_seams(0..text.len(), crate::text::piece_count(), |p| {
                    bytes[p] == sep
                })
                .into_par_iter()
                .map(find)
                .collect();
            let mut hits = Vec::new();
            let mut needs = Vec::new();
            let mut anchors = Vec::new();
            for (h, n, a) in parts {
                hits.extend(h);
                needs.extend(n);
                anchors.extend(a);
            }
            (hits, needs, anchors)
        } else {
            find(0..text.len())
        };
        anchors.sort_unstable();
        anchors.dedup();
        // Per rule, the leftmost-longest hits that do not overlap.
        hits.sort_unstable_by_key(|&(r, v, s, e)| (r, s, std::cmp::Reverse(e), v));
        let mut last: Option<(u32, usize)> = None;
        for (r, v, s, e) in hits {
            if let Some((lr, le)) = last
                && lr == r
                && s < le
            {
                continue;
            }
            last = Some((r, e));
            let span = cx.folded.range_to_orig(&cx.doc.text, s..e);
            let rule = &self.set.rules[r as usize];
            if let Some(d) = rule.kind.on_term(v as usize, span, cx) {
                drafts.push((r as usize, d));
            }
        }
        Hits {
            drafts,
            needs,
            anchors,
        }
    }
}

/// Cuts `range` of `text` into chunks of whole paragraphs ([`crate::text::paragraphs`]) of
/// about [`CHUNK`] bytes; a longer paragraph is a chunk of its own. No match of a scanning
/// rule joins two paragraphs, so every match lies inside one chunk: what the prefilter
/// keeps or drops does not depend on where the text sits. Short documents are one chunk.
fn chunks(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    if range.len() <= CHUNK {
        return if range.is_empty() {
            Vec::new()
        } else {
            vec![range]
        };
    }
    let mut out = Vec::new();
    let mut start = range.start;
    for p in crate::text::paragraphs(text, range.clone()) {
        if p.end - start >= CHUNK || p.end == range.end {
            out.push(start..p.end);
            start = p.end;
        }
    }
    out
}

/// Whether an `except` phrase or pattern of `rule` covers `span`: looked for around it, up to
/// [`EXCEPT_WINDOW`] bytes beyond the longest phrase, inside the paragraphs it lies in.
fn excepted(cx: &Context, rule: &Rule, span: &Range<usize>) -> bool {
    if rule.except.is_empty() && rule.except_patterns.is_empty() {
        return false;
    }
    let view = cx.view(rule.kind.scope());
    let longest = rule.except.iter().map(String::len).max().unwrap_or(0);
    let reach = 2 * longest + EXCEPT_WINDOW;
    let mut start = span.start.saturating_sub(reach);
    while !view.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + reach).min(view.len());
    while !view.is_char_boundary(end) {
        end += 1;
    }
    // Within the finding's paragraphs, as the phrases and patterns of rules: what lies
    // beyond a blank line, or where the document starts, changes nothing.
    let last = span.end.max(span.start + 1);
    let mut paragraphs = crate::text::paragraphs(view, start..end);
    if let Some(first) = paragraphs.find(|p| p.end > span.start) {
        start = first.start;
        end = std::iter::once(first)
            .chain(paragraphs)
            .find(|p| p.end >= last)
            .map_or(end, |p| p.end);
    }
    let window = Folded::new(view, start..end, &[]);
    let (fs, fe) = (window.to_folded(span.start), window.to_folded(span.end));
    let text = &window.text;
    for phrase in &rule.except {
        for (i, _) in text.match_indices(phrase.as_str()) {
            if i <= fs && i + phrase.len() >= fe && at_word_bounds(text, i, i + phrase.len()) {
                return true;
            }
        }
    }
    rule.except_patterns
        .iter()
        .filter_map(|re| re.get())
        .any(|re| re.find_iter(text).any(|m| m.start() <= fs && m.end() >= fe))
}

/// Longest `{match}` shown in a message, in characters; longer spans (a whole post, a long
/// sentence) are cut in the middle.
const MAX_MATCH: usize = 80;

fn render(rule: &Rule, doc: &Document, d: Draft) -> Finding {
    let matched = shown_match(&doc.text[d.span.clone()]);
    let mut vars = d.vars;
    vars.push(("match".into(), matched));
    vars.push((
        "suggestion".into(),
        d.suggestions.first().cloned().unwrap_or_default(),
    ));
    vars.push(("suggestions".into(), d.suggestions.join(" / ")));
    Finding {
        rule: rule.info.clone(),
        level: rule.info.level,
        span: d.span,
        message: rule.message.render(vars.as_slice()).trim().to_string(),
        help: rule
            .help
            .as_ref()
            .map(|h| h.render(vars.as_slice()).trim().to_string()),
        suggestions: d.suggestions,
    }
}

/// The matched text as a message shows it: white space collapsed, cut in the middle when
/// longer than [`MAX_MATCH`] characters (only the ends are read, so a finding spanning a
/// whole 100 MB document costs nothing extra).
fn shown_match(text: &str) -> String {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= 4 * MAX_MATCH {
        let all = collapse(text);
        if all.chars().count() <= MAX_MATCH {
            return all;
        }
    }
    let half = MAX_MATCH / 2;
    let head_end = text.char_indices().nth(half).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .rev()
        .nth(half - 1)
        .map_or(0, |(i, _)| i)
        .max(head_end);
    format!(
        "{} … {}",
        collapse(&text[..head_end]),
        collapse(&text[tail_start..])
    )
}

/// Drops the findings another hides: an overlapping finding of the same rule (the first, or
/// the longer one), or of a rule that another overlapping finding's rule `supersedes`.
/// Findings of different rules are all reported otherwise: a DNI inside a channel violation
/// is still personal data. Kinds that are not exclusive (measures of the whole post) never
/// compete.
///
/// Findings come sorted by start, so a kept finding can only overlap later ones while it has
/// not ended: each finding is compared with the kept exclusive findings still open at its
/// start (`open`), never with every finding inside the longest span seen. Two kept findings
/// of one rule never overlap, so at most one per rule is open: the work is linear in the
/// findings for a given rule set.
fn resolve_overlaps(
    sorted: Vec<(usize, Finding)>,
    rules: &[Rule],
    supersedes: &[Vec<usize>],
) -> Vec<Finding> {
    let hides = |a: usize, b: usize| supersedes[a].contains(&b);
    // Kept findings in order; `None` once a later finding hid it.
    let mut kept: Vec<Option<(usize, Finding)>> = Vec::with_capacity(sorted.len());
    // Indices in `kept` of the exclusive findings that may still overlap what comes next.
    let mut open: Vec<usize> = Vec::new();
    'next: for (ri, f) in sorted {
        if !rules[ri].kind.exclusive() {
            kept.push(Some((ri, f)));
            continue;
        }
        // Latest first, as they were kept.
        for &i in open.iter().rev() {
            let Some((ki, k)) = &kept[i] else { continue };
            let overlaps = k.span.start < f.span.end && f.span.start < k.span.end;
            if !overlaps {
                continue;
            }
            let same = *ki == ri;
            if (same && k.span.len() >= f.span.len()) || hides(*ki, ri) {
                continue 'next;
            }
            if same || hides(ri, *ki) {
                kept[i] = None;
            }
        }
        // What ends by this start can overlap nothing after it.
        open.retain(|&i| {
            kept[i]
                .as_ref()
                .is_some_and(|(_, k)| k.span.end > f.span.start)
        });
        open.push(kept.len());
        kept.push(Some((ri, f)));
    }
    kept.into_iter().flatten().map(|(_, f)| f).collect()
}

/// The prefilter regexes without usable literals, one `RegexSet` per scope.
fn prefilter_sets(set: &RuleSet, literal_filtered: &[bool]) -> Vec<Prefilter> {
    let mut prefilters = Vec::new();
    for scope in [Scope::Prose, Scope::Text] {
        let (rules, regexes): (Vec<usize>, Vec<&str>) = set
            .rules
            .iter()
            .enumerate()
            .filter(|(i, r)| r.kind.scope() == scope && !literal_filtered[*i])
            .filter_map(|(i, r)| r.kind.prefilter().map(|re| (i, re.as_str())))
            .unzip();
        if rules.is_empty() {
            continue;
        }
        // Every regex already compiled alone, so the set compiles too; if it ever did
        // not (size limits), rules simply scan without the prefilter.
        if let Ok(rs) = RegexSetBuilder::new(&regexes)
            .size_limit(256 << 20)
            .dfa_size_limit(8 << 20)
            .build()
        {
            prefilters.push(Prefilter {
                scope,
                set: rs,
                rules,
            });
        }
    }
    prefilters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_rules;

    /// `parts` cover `text` in order and end where its paragraphs end.
    fn check_cover(text: &str, parts: &[Range<usize>]) {
        assert_eq!(parts.first().map(|r| r.start), Some(0));
        assert_eq!(parts.last().map(|r| r.end), Some(text.len()));
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        let ends: Vec<usize> = crate::text::paragraphs(text, 0..text.len())
            .map(|p| p.end)
            .collect();
        for r in parts {
            assert!(ends.contains(&r.end), "{r:?}");
        }
    }

    #[test]
    fn chunks_end_at_paragraphs_and_cover_the_text() {
        let para = "Una línea de texto con acentos: ñandú.\n".repeat(40) + "\n";
        let text = para.repeat(20);
        let parts = chunks(&text, 0..text.len());
        check_cover(&text, &parts);
        assert!(parts.len() > 1);
        for r in &parts[..parts.len() - 1] {
            assert!(text[..r.end].ends_with(".\n\n") && text[r.end..].starts_with("Una"));
        }
        assert_eq!(chunks("corto", 0..5), vec![0..5]);
    }

    #[test]
    fn a_long_paragraph_is_one_chunk() {
        let text = "ñ".repeat(100_000);
        assert_eq!(chunks(&text, 0..text.len()), vec![0..text.len()]);
        let lines = "línea sin párrafos\n".repeat(10_000);
        assert_eq!(chunks(&lines, 0..lines.len()), vec![0..lines.len()]);
        let text = format!("{lines}\n{}\n\n{lines}", "x".repeat(5_000));
        check_cover(&text, &chunks(&text, 0..text.len()));
    }

    /// `(rule, span)` of every finding.
    fn found(engine: &Engine, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let doc = Document::plain("t.txt", text);
        engine
            .lint(&doc)
            .into_iter()
            .map(|f| (f.rule.id.clone(), f.span))
            .collect()
    }

    #[test]
    fn large_documents_give_the_findings_of_their_paragraphs() {
        let engine = Engine::new(load_rules(&[], true).unwrap());
        let unit = "En Madre de Dios, DNI 45678912: Dios los bendiga a  los ciudadanos. \
                    Más en www.senace.gob.pe o escriba a mesa@senace.gob.pe. InformaciÃ³n\n\n";
        let small = found(&engine, unit);
        assert!(small.len() >= 5, "{small:?}");
        let copies = PARALLEL_MIN / unit.len() + 50;
        let big = found(&engine, &unit.repeat(copies));
        let expected: Vec<_> = (0..copies)
            .flat_map(|i| {
                small.iter().map(move |(id, r)| {
                    (id.clone(), r.start + i * unit.len()..r.end + i * unit.len())
                })
            })
            .collect();
        assert_eq!(big, expected);
    }
}
