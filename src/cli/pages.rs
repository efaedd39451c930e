/*!
The subcommands that print pages: `stats`, `rules`, `explain`, `test-rules` and `words`.
*/

use super::*;

pub(super) fn run_stats(args: StatsArgs) -> io::Result<Status> {
    // Drafts and archives alike: each record of an archive is measured on its own.
    let opts = args
        .input
        .options(&[FileType::Drafts, FileType::Archives])
        .and_then(|o| {
            Engine::new(RuleSet::default())
                .with_default_platform(args.input.platform.as_deref())
                .map(|e| (o, e))
                .map_err(Error::Usage)
        });
    let (opts, engine) = match opts {
        Ok(x) => x,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut errored = false;
    let summary = {
        let mut reporter =
            report::stats::StatsReporter::new(&mut out, &engine, args.format == ListFormat::Json);
        check(&engine, &opts, &mut reporter, &mut |e| {
            errored = true;
            print_error(e);
        })?
    };
    out.flush()?;
    Ok(if errored || summary.failed_inputs > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}

/// "1 regla", "3 reglas".
pub(super) fn list_rules(set: &RuleSet, format: ListFormat) -> io::Result<Status> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ListFormat::Terms => {
            let mut seen = std::collections::HashSet::new();
            for r in &set.rules {
                for t in r.kind.terms() {
                    if seen.insert(t.to_string()) {
                        writeln!(out, "{t}")?;
                    }
                }
            }
        }
        ListFormat::Json => {
            let rules: Vec<_> = set
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.info.id,
                        "pack": r.info.pack,
                        "kind": r.info.kind,
                        "level": r.info.level,
                        "section": r.info.section,
                        "title": r.info.title,
                        "fix": r.info.fix,
                        "builtin": r.info.is_builtin(),
                        "terms": r.kind.terms(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for pack in &set.packs {
                let rules: Vec<_> = set
                    .rules
                    .iter()
                    .filter(|r| r.info.pack == pack.id)
                    .collect();
                if rules.is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "{} — {} ({})",
                    pack.id,
                    pack.title,
                    report::plural(rules.len(), "regla", "reglas")
                )?;
                let width = rules.iter().map(|r| r.info.id.len()).max().unwrap_or(0);
                for r in rules {
                    let section = if r.info.is_builtin() {
                        "—     ".to_string()
                    } else {
                        format!("§{:5}", r.info.section)
                    };
                    writeln!(
                        out,
                        "  {:width$}  {:7}  {section}  {}",
                        r.info.id,
                        r.info.level.label(),
                        r.info.title,
                    )?;
                }
                writeln!(out)?;
            }
            writeln!(
                out,
                "{} en {}. `vigia explain ID` explica una.",
                report::plural(set.rules.len(), "regla", "reglas"),
                report::plural(set.packs.len(), "pack", "packs"),
            )?;
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

pub(super) fn explain(set: &RuleSet, id: &str) -> io::Result<Status> {
    let page = |text: String| -> io::Result<Status> {
        let mut out = io::BufWriter::new(io::stdout().lock());
        write!(out, "{text}")?;
        out.flush()?;
        Ok(Status::Clean)
    };
    if let Some(lex) = id.strip_prefix('@') {
        return match set.lexicons.get(lex) {
            Some(l) => page(crate::rules::explain::lexicon_page(l)),
            None => {
                let hint = crate::rules::did_you_mean(lex, set.lexicons.keys().map(String::as_str))
                    .map(|m| format!("; ¿quiso decir «@{m}»?"))
                    .unwrap_or_default();
                print_error(&Error::Usage(format!("no hay un léxico «@{lex}»{hint}")));
                Ok(Status::Error)
            }
        };
    }
    // A kind's reference page: `kind:tokens`, or the kind's name when no rule has that slug.
    let kind = id.strip_prefix("kind:").unwrap_or(id);
    if kind == "lexicons" {
        return page(crate::rules::explain::LEXICONS_PAGE.to_string());
    }
    if let Some(k) = crate::rules::kind::info(kind)
        && (id.starts_with("kind:")
            || !set
                .rules
                .iter()
                .any(|r| r.info.id.ends_with(&format!("/{id}"))))
    {
        return page(crate::rules::explain::kind_page(k));
    }
    if id.starts_with('<') {
        return match crate::rules::explain::lemma_page(id) {
            Ok(p) => page(p),
            Err(m) => {
                print_error(&Error::Usage(m));
                Ok(Status::Error)
            }
        };
    }
    // A rule's slug alone, or a unique beginning of its id or slug, names it.
    let rule = match crate::commands::lookup::rule(set, id) {
        crate::commands::lookup::Found::One(rule) => rule,
        crate::commands::lookup::Found::Many(ids) => {
            print_error(&Error::Usage(format!(
                "«{id}» puede ser varias reglas: {}; escriba una de ellas",
                ids.join(", ")
            )));
            return Ok(Status::Error);
        }
        crate::commands::lookup::Found::None => {
            let hint = crate::rules::did_you_mean(id, set.rules.iter().map(|r| r.info.id.as_str()))
                .map(|m| format!("; ¿quiso decir «{m}»?"))
                .unwrap_or_default();
            print_error(&Error::Usage(format!(
                "no hay una regla «{id}»{hint} (`@léxico` muestra un léxico; `'<lema>'`, las formas de un lema; `kind:tokens`, la referencia de un tipo de regla)"
            )));
            return Ok(Status::Error);
        }
    };
    page(crate::rules::explain::rule_page(rule))
}

pub(super) fn test_rules(engine: &Engine) -> io::Result<Status> {
    let report = selftest::run(engine);
    if report_failures_of(engine) {
        return Ok(Status::Error);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &report.failures {
        writeln!(out, "FALLA {f}")?;
    }
    writeln!(
        out,
        "{}, {}: {}.",
        report::plural(report.rules, "regla", "reglas"),
        report::plural(report.examples, "ejemplo", "ejemplos"),
        report::plural(report.failures.len(), "falla", "fallas"),
    )?;
    out.flush()?;
    Ok(if report.failures.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

pub(super) fn run_words(args: WordsArgs) -> io::Result<Status> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let project = match load_at(&paths, &args.packs) {
        Ok(p) => p,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
    let encoding = match args.encoding.as_deref().map(encoding_for_label).transpose() {
        Ok(e) => e,
        Err(_) => {
            print_error(&Error::Usage(format!(
                "codificación desconocida «{}» (use utf-8, windows-1252, latin1, utf-16le…)",
                args.encoding.unwrap_or_default()
            )));
            return Ok(Status::Error);
        }
    };
    let opts = CheckOptions {
        paths,
        stdin_filename: None,
        walk: WalkOptions {
            globs: args.globs,
            follow_links: args.follow,
            no_ignore: args.no_ignore,
            ..WalkOptions::default()
        },
        encoding,
        max_filesize: args.max_filesize,
        ..CheckOptions::default()
    };
    let mut errored = false;
    let report = match crate::words::unknown_words(&project, &opts, &mut |e| {
        errored = true;
        print_error(e);
    }) {
        Ok(r) => r,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        WordsFormat::Json => {
            #[derive(serde::Serialize)]
            struct Summary {
                files: usize,
                documents: usize,
                words: usize,
                unknown: usize,
                distinct: usize,
            }
            #[derive(serde::Serialize)]
            struct Doc<'a> {
                version: u32,
                summary: Summary,
                words: &'a [crate::words::WordCount],
            }
            let doc = Doc {
                version: 1,
                summary: Summary {
                    files: report.files,
                    documents: report.documents,
                    words: report.words,
                    unknown: report.unknown,
                    distinct: report.list.len(),
                },
                words: &report.list,
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        WordsFormat::Text => {
            for w in &report.list {
                writeln!(out, "{}\t{}", w.count, w.word)?;
            }
        }
    }
    out.flush()?;
    if !args.quiet {
        let unchecked = if report.failed_inputs > 0 {
            format!("; {}", report::unchecked(report.failed_inputs))
        } else {
            String::new()
        };
        eprintln!(
            "{} ({}) de {} en {}{unchecked}.",
            report::plural(
                report.list.len(),
                "palabra desconocida",
                "palabras desconocidas"
            ),
            report::plural(report.unknown, "aparición", "apariciones"),
            report::plural(report.words, "palabra", "palabras"),
            report::plural(report.files, "archivo", "archivos"),
        );
    }
    Ok(if errored || report.failed_inputs > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}
