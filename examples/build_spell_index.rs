//! Builds `data/hunspell/es.index`: the suggestion index of the embedded dictionary (every
//! form its affix rules generate, keyed for edit-distance search; see `vigia::spell::suggest`).
//!
//! ```sh
//! cargo run --release --example build_spell_index   # rewrites data/hunspell/es.index
//! ```
//!
//! Run it whenever `data/hunspell/es.aff` or `es.dic` change; a test fails until it is.

fn main() -> std::io::Result<()> {
    let bytes = vigia::spell::embedded_index_bytes();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/hunspell/es.index");
    std::fs::write(path, &bytes)?;
    eprintln!("{path}: {} bytes", bytes.len());
    Ok(())
}
