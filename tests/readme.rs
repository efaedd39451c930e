//! The README's command reference cannot drift from the command line: every subcommand and
//! every `--flag` its "Usage" block shows exists in the definition that parses arguments, and
//! every subcommand of that definition is shown (issue #14).

use std::collections::BTreeSet;

/// The lines of the first code block of kind `fence` (`text`, `sh`) after `heading`.
fn block(heading: &str, fence: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let start = readme.find(heading).expect("the section");
    let rest = &readme[start..];
    let marker = format!("```{fence}\n");
    let open = rest.find(&marker).expect("a code block") + marker.len();
    let close = rest[open..].find("\n```").expect("the block closes");
    rest[open..open + close].lines().map(String::from).collect()
}

fn usage_block() -> Vec<String> {
    block("\n## Usage\n", "text")
}

/// Long flags in `line` (before its comment, whose words are prose).
fn flags(line: &str) -> Vec<String> {
    let code = line.split(" # ").next().unwrap_or(line);
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(String::from)
        .collect()
}

#[test]
fn usage_block_matches_the_command_line() {
    let cmd = vigia::commands::spanish::command();
    let mut known_flags: BTreeSet<String> = BTreeSet::new();
    let mut subcommands: BTreeSet<String> = BTreeSet::new();
    for sub in cmd.get_subcommands() {
        subcommands.insert(sub.get_name().to_string());
        for a in sub.get_arguments() {
            if let Some(l) = a.get_long() {
                known_flags.insert(format!("--{l}"));
            }
        }
    }
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    for line in usage_block() {
        if let Some(rest) = line.strip_prefix("vigia ") {
            let sub = rest.split_whitespace().next().unwrap_or_default();
            if subcommands.contains(sub) {
                shown.insert(sub.to_string());
            } else {
                problems.push(format!("no subcommand «{sub}»: {line}"));
            }
        }
        for f in flags(&line) {
            if !known_flags.contains(&f) {
                problems.push(format!("no flag «{f}»: {line}"));
            }
        }
    }
    for sub in &subcommands {
        if sub != "help" && !shown.contains(sub) {
            problems.push(format!(
                "subcommand «{sub}» is not in the README's Usage block"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn quick_guide_uses_real_subcommands_and_flags() {
    let cmd = vigia::commands::spanish::command();
    let subcommands: BTreeSet<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
    let mut problems = Vec::new();
    for line in block("\n## Guía rápida", "sh") {
        let code = line.split(" # ").next().unwrap_or(&line);
        let Some(i) = code.find("vigia ") else {
            continue;
        };
        let mut words = code[i + "vigia ".len()..].split_whitespace();
        let first = words.next().unwrap_or_default();
        // `vigia PATH` is `vigia check PATH`.
        let sub = if subcommands.contains(first) {
            first
        } else {
            "check"
        };
        let Some(def) = cmd.find_subcommand(sub) else {
            problems.push(format!("no subcommand «{sub}»: {line}"));
            continue;
        };
        for f in flags(code) {
            if !def.get_arguments().any(|a| a.get_long() == Some(&f[2..])) {
                problems.push(format!("`vigia {sub}` has no «{f}»: {line}"));
            }
        }
        if !subcommands.contains(first) && !first.starts_with('-') && !first.contains(['.', '/']) {
            problems.push(format!(
                "«{first}» is neither a subcommand nor a path: {line}"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
