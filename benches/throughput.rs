//! `cargo bench`: throughput of the engine with every bundled rule loaded, over a generated
//! corpus (deterministic, see `common/corpus.rs`). Prints MB/s and posts/s for many small
//! documents (a content repository) and for one large document (an archive dumped to text).
//! Each corpus is measured with every bundled rule and again without `grammar/spelling`
//! (the dictionary look-ups), with the ratio of the two.
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

/// Prints and returns the best throughput in MB/s.
fn measure(name: &str, docs: &[Document], engine: &Engine, rounds: usize) -> f64 {
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
    bytes as f64 / best / 1e6
}

fn engine(ignore: &[&str]) -> Engine {
    let mut set = load_rules(&[], true).expect("bundled packs load");
    let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
    set.filter(&[], &ignore).expect("known rule ids");
    Engine::new(set)
}

/// Measures `docs` with and without spelling and prints the ratio.
fn compare(name: &str, docs: &[Document], with: &Engine, without: &Engine, rounds: usize) {
    let a = measure(name, docs, with, rounds);
    let b = measure("  … without grammar/spelling", docs, without, rounds);
    println!("  spelling keeps {:.0} % of the throughput", 100.0 * a / b);
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters nothing here.
    let with = engine(&[]);
    let without = engine(&["grammar/spelling"]);
    println!(
        "vigia engine throughput, {} bundled rules, {} threads",
        with.rules().rules.len(),
        rayon::current_num_threads()
    );

    let mut rng = corpus::Rng::new(42);
    let posts: Vec<Document> = (0..20_000)
        .map(|i| doc(i, corpus::post(&mut rng)))
        .collect();
    compare("20,000 posts (Markdown)", &posts, &with, &without, 5);

    let big = vec![Document::new(
        Origin {
            path: "archivo.txt".into(),
            record: None,
        },
        corpus::text(7, 20 << 20),
        Format::Plain,
    )];
    compare("one 20 MB text", &big, &with, &without, 3);
}
