//! Writes the benchmark corpus (see `benches/common/corpus.rs`) to disk, for `bench/run.sh`:
//!
//! ```text
//! cargo run --release --example gen_corpus -- posts DIR N        # N post files
//! cargo run --release --example gen_corpus -- jsonl FILE M       # M records, one per line
//! cargo run --release --example gen_corpus -- text FILE MB       # one plain-text file
//! ```

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, target, n) = match args.as_slice() {
        [k, t, n] => (
            k.as_str(),
            t.as_str(),
            n.parse::<usize>().expect("a number"),
        ),
        _ => {
            eprintln!("uso: gen_corpus posts|jsonl|text DESTINO N");
            std::process::exit(2);
        }
    };
    let mut rng = corpus::Rng::new(42);
    match kind {
        "posts" => {
            std::fs::create_dir_all(target)?;
            for i in 0..n {
                let dir = format!("{target}/{:03}", i / 1000);
                std::fs::create_dir_all(&dir)?;
                std::fs::write(
                    format!("{dir}/post-{i:06}.md"),
                    corpus::post(&mut rng) + "\n",
                )?;
            }
        }
        "jsonl" => {
            let mut out = BufWriter::new(std::fs::File::create(target)?);
            let platforms = ["x", "facebook", "instagram", "linkedin"];
            for i in 0..n {
                let rec = serde_json::json!({
                    "id": format!("{}", 1_700_000_000_000_u64 + i as u64),
                    "date": format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                    "platform": platforms[i % platforms.len()],
                    "text": corpus::post(&mut rng),
                });
                writeln!(out, "{rec}")?;
            }
            out.flush()?;
        }
        "text" => std::fs::write(target, corpus::text(7, n << 20))?,
        other => {
            eprintln!("tipo desconocido «{other}»: use posts, jsonl o text");
            std::process::exit(2);
        }
    }
    Ok(())
}
