/*!
Text utilities shared by every stage: folding for matching, and line/column lookup, and the
splitting of very large texts into pieces that can be worked on in parallel.
*/

pub mod fold;
pub mod lines;
pub mod tokens;
pub mod unglued;

pub use fold::{Folded, Hidden, at_word_bounds, fold, is_word_char};
pub use lines::{LineIndex, Position};
pub use unglued::Unglued;

/// Texts at least this long (bytes) are folded, scanned for URLs and linted with several
/// threads; shorter ones (every post) on one, since posts are already checked in parallel.
pub const PARALLEL_MIN: usize = 1 << 20;

/// Splits `range` into about `pieces` consecutive ranges whose inner seams are positions
/// where `seam_ok` holds (each seam is moved forward to the first such position).
pub fn split_at_seams(
    range: std::ops::Range<usize>,
    pieces: usize,
    seam_ok: impl Fn(usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let step = (range.len() / pieces.max(1)).max(1);
    let mut out = Vec::with_capacity(pieces);
    let mut start = range.start;
    while start < range.end {
        let mut seam = start.saturating_add(step).min(range.end);
        while seam < range.end && !seam_ok(seam) {
            seam += 1;
        }
        out.push(start..seam);
        start = seam;
    }
    out
}

/// How many pieces a large text is split into: a few per thread, for balance.
pub fn piece_count() -> usize {
    4 * rayon::current_num_threads()
}
