//! `cargo bench --bench lsp`: how long after a change an editor gets the diagnostics of a
//! 2,000-word draft from `vigia lsp` (target: 100 ms on the 2-core machine). The server runs
//! as a child process, as an editor starts it; the draft comes from the deterministic corpus
//! of `common/corpus.rs`. Each round is one incremental change typed into the draft (a word
//! inserted, alternately a misspelt one, then removed), timed from writing the change to
//! reading the `publishDiagnostics` of its version; rounds are spaced so that each is a
//! change of its own. The time includes the server's debounce. Quote the median between
//! runs: the machines are shared.

#[path = "common/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WORDS: usize = 2_000;
const ROUNDS: usize = 40;
const TARGET_MS: f64 = 100.0;

fn send(stdin: &mut ChildStdin, msg: Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
    stdin.flush().expect("flush");
}

/// Reads messages of the server into a channel.
fn reader(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let Ok(v) = serde_json::from_slice::<Value>(&body) else {
                return;
            };
            if tx.send(v).is_err() {
                return;
            }
        }
    });
    rx
}

fn wait(rx: &mpsc::Receiver<Value>, pick: impl Fn(&Value) -> bool) -> Value {
    loop {
        let msg = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers");
        if pick(&msg) {
            return msg;
        }
    }
}

fn diagnostics_of(rx: &mpsc::Receiver<Value>, version: i64) -> usize {
    let msg = wait(rx, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == json!(version)
    });
    msg["params"]["diagnostics"].as_array().map_or(0, Vec::len)
}

/// The first `WORDS` words of the corpus, its lines kept.
fn draft() -> String {
    let text = corpus::text(17, WORDS * 12);
    let mut out = String::new();
    let mut words = 0;
    for line in text.lines() {
        let mut kept = Vec::new();
        for w in line.split_whitespace() {
            if words == WORDS {
                break;
            }
            kept.push(w);
            words += 1;
        }
        out.push_str(&kept.join(" "));
        out.push('\n');
        if words == WORDS {
            break;
        }
    }
    out
}

fn main() {
    let text = draft();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigia"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("vigia lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let rx = reader(child.stdout.take().expect("stdout"));
    let uri = format!("file://{}/borrador.md", dir.path().display());

    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    wait(&rx, |m| m["id"] == 1);
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let t = Instant::now();
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
               "params": {"textDocument": {"uri": uri, "languageId": "markdown",
                                           "version": 1, "text": text}}}),
    );
    let findings = diagnostics_of(&rx, 1);
    let first = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "draft: {} words, {} bytes, {} lines, {findings} findings",
        text.split_whitespace().count(),
        text.len(),
        text.lines().count()
    );
    println!("first check after didOpen (loads the packs and the dictionary): {first:.0} ms");

    // Where the typing happens: the start of the middle line.
    let line = text.lines().count() / 2;
    let mut times = Vec::with_capacity(ROUNDS);
    let mut inserted: Option<usize> = None;
    for round in 0..ROUNDS {
        let version = 2 + round as i64;
        let change = match inserted {
            None => {
                let word = if round % 4 == 0 {
                    "evaluacíon "
                } else {
                    "hoy "
                };
                inserted = Some(word.chars().count());
                json!({"range": {"start": {"line": line, "character": 0},
                                 "end": {"line": line, "character": 0}}, "text": word})
            }
            Some(n) => {
                inserted = None;
                json!({"range": {"start": {"line": line, "character": 0},
                                 "end": {"line": line, "character": n}}, "text": ""})
            }
        };
        std::thread::sleep(Duration::from_millis(60));
        let t = Instant::now();
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                   "params": {"textDocument": {"uri": uri, "version": version},
                              "contentChanges": [change]}}),
        );
        diagnostics_of(&rx, version);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    wait(&rx, |m| m["id"] == 2);
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    let _ = child.wait();

    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let median = pct(0.5);
    println!(
        "change → diagnostics over {ROUNDS} changes: min {:.1} ms, median {median:.1} ms, \
         p90 {:.1} ms, max {:.1} ms (target {TARGET_MS:.0} ms: {})",
        times[0],
        pct(0.9),
        times[times.len() - 1],
        if median <= TARGET_MS { "met" } else { "missed" }
    );
}
