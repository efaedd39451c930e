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

/// Best time of `rounds` lints of `docs` by each engine, rounds interleaved so that a
/// change of load on a shared machine touches both alike.
fn best_times(docs: &[Document], engines: &[&Engine], rounds: usize) -> Vec<(f64, usize)> {
    let mut best = vec![(f64::MAX, 0); engines.len()];
    for _ in 0..rounds {
        for (e, b) in engines.iter().zip(&mut best) {
            let t = Instant::now();
            let findings = docs.par_iter().map(|d| e.lint(d).len()).sum::<usize>();
            *b = (b.0.min(t.elapsed().as_secs_f64()), findings);
        }
    }
    best
}

/// Prints the throughput of one measure and returns it in MB/s.
fn report(name: &str, docs: &[Document], (best, findings): (f64, usize), rounds: usize) -> f64 {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
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
    let best = best_times(docs, &[with, without], rounds);
    let a = report(name, docs, best[0], rounds);
    let b = report("  … without grammar/spelling", docs, best[1], rounds);
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
