//! `cargo bench`: throughput of the engine with every bundled rule loaded, over a generated
//! corpus (deterministic, see `common/corpus.rs`). Prints MB/s and posts/s for many small
//! documents (a content repository) and for one large document (an archive dumped to text).
//! Quote ratios between runs, not absolute figures: the machines are shared.

#[path = "common/corpus.rs"]
mod corpus;

use std::time::Instant;

use rayon::prelude::*;
use vigia::input::{Document, Format, Origin};
use vigia::{Engine, load_rules};

fn doc(i: usize, text: String) -> Document {
    Document::new(
        Origin {
            path: format!("post-{i}.md"),
            record: None,
        },
        text,
        Format::Markdown,
    )
}

fn measure(name: &str, docs: &[Document], engine: &Engine, rounds: usize) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut best = f64::MAX;
    let mut findings = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        findings = docs.par_iter().map(|d| engine.lint(d).len()).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{name:<28} {:>8.1} MB/s {:>10.0} docs/s  ({} docs, {:.1} MB, {findings} findings, best of {rounds})",
        bytes as f64 / best / 1e6,
        docs.len() as f64 / best,
        docs.len(),
        bytes as f64 / 1e6,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters nothing here.
    let set = load_rules(&[], true).expect("bundled packs load");
    let rules = set.rules.len();
    let engine = Engine::new(set);
    println!(
        "vigia engine throughput, {rules} bundled rules, {} threads",
        rayon::current_num_threads()
    );

    let mut rng = corpus::Rng::new(42);
    let posts: Vec<Document> = (0..20_000)
        .map(|i| doc(i, corpus::post(&mut rng)))
        .collect();
    measure("20,000 posts (Markdown)", &posts, &engine, 5);

    let big = vec![Document::new(
        Origin {
            path: "archivo.txt".into(),
            record: None,
        },
        corpus::text(7, 20 << 20),
        Format::Plain,
    )];
    measure("one 20 MB text", &big, &engine, 3);
}
