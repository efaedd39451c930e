/*!
Text utilities shared by every stage: folding for matching, and line/column lookup.
*/

pub mod fold;
pub mod lines;

pub use fold::{Folded, Hidden, at_word_bounds, fold, is_word_char};
pub use lines::{LineIndex, Position};
