/*!
`check` (with `--fix`, `--diff` and baselines) and `audit`: the subcommands that read inputs
and exit by their findings.
*/

use super::*;

pub(super) fn run_check(args: CheckArgs) -> io::Result<Status> {
    let (project, opts) =
        match args
            .input
            .project(&args.packs, args.baseline.as_deref(), &[FileType::Drafts])
        {
            Ok(x) => x,
            Err(e) => {
                print_error(&e);
                return Ok(Status::Error);
            }
        };
    if args.fix || args.diff {
        return run_fix(&args, &project, &opts);
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(&project, &opts, path);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut errored = false;
    let mut tally = args.statistics.then(|| Tally::new(None, 0));
    let summary = {
        let mut reporter = report::reporter(args.format, &mut out, color, args.quiet);
        let mut on_error = |e: &Error| {
            errored = true;
            print_error(e);
        };
        match &mut tally {
            Some(t) => {
                let mut tee = Tee {
                    first: reporter.as_mut(),
                    second: t,
                };
                check(&project, &opts, &mut tee, &mut on_error)?
            }
            None => check(&project, &opts, reporter.as_mut(), &mut on_error)?,
        }
    };
    if let Some(t) = &tally {
        if args.format.is_machine_readable() {
            out.flush()?;
            t.write_statistics(&mut io::stderr().lock())?;
        } else {
            writeln!(out)?;
            t.write_statistics(&mut out)?;
        }
    }
    out.flush()?;
    crate::commands::warn_excluded(&summary, args.quiet);
    errored |= report_failures(&project);
    if let Some(b) = &args.baseline
        && !args.quiet
    {
        eprintln!("{}", hidden_line(project.hidden(), b));
    }
    exiting(project);
    Ok(exit_status(args.fail_on, errored, &summary))
}

/// Leaves the compiled rules to the operating system: the process ends after the command,
/// and freeing thousands of small allocations one by one costs a short run a tenth of its
/// time.
pub(super) fn exiting<T>(compiled: T) {
    std::mem::forget(compiled);
}

pub(super) fn run_audit(args: AuditArgs) -> io::Result<Status> {
    let (mut project, opts) =
        match args
            .input
            .project(&args.packs, args.baseline.as_deref(), &[FileType::Archives])
        {
            Ok(x) => x,
            Err(e) => {
                print_error(&e);
                return Ok(Status::Error);
            }
        };
    // The report counts findings and names posts: no suggestion is ever shown.
    project.set_suggestions(false);
    let mut tally = Tally::new(args.fail_on.level(), args.top);
    let mut errored = false;
    let output = report::audit_out::AuditOutput {
        format: args.format,
        path: args.output.clone(),
        max_posts: args.max_posts,
    };
    let written = report::audit_out::write(&output, &mut tally, &mut |r| {
        check(&project, &opts, r, &mut |e| {
            errored = true;
            print_error(e);
        })
    });
    let summary = match written {
        Ok(s) => s,
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
        Err(e) => return Err(e),
    };
    crate::commands::warn_excluded(&summary, false);
    exiting(project);
    Ok(exit_status(args.fail_on, errored, &summary))
}

impl FailOn {
    fn level(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Info => Some(Level::Info),
            FailOn::Never => None,
        }
    }
}

/// "Línea base: 2 hallazgos ocultos (registrados en FILE)."
pub(super) fn hidden_line(n: usize, file: &std::path::Path) -> String {
    format!(
        "Línea base: {} (registrados en {}).",
        report::plural(n, "hallazgo oculto", "hallazgos ocultos"),
        file.display()
    )
}

/// Exit status after a run: 2 if an input failed, 1 for findings at or above `fail_on`.
pub(super) fn exit_status(fail_on: FailOn, errored: bool, summary: &Summary) -> Status {
    if errored || summary.failed_inputs > 0 {
        Status::Error
    } else if fail_on.level().is_some_and(|l| summary.counts.reaches(l)) {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// `--write-baseline FILE`: records every current finding and exits 0 (2 on input errors).
pub(super) fn write_baseline(
    project: &Project,
    opts: &CheckOptions,
    path: &std::path::Path,
) -> io::Result<Status> {
    let mut recorder = Recorder::default();
    let mut errored = false;
    let summary = check(project, opts, &mut recorder, &mut |e| {
        errored = true;
        print_error(e);
    })?;
    let n = recorder.len();
    if let Err(e) = recorder.write(path) {
        print_error(&e);
        return Ok(Status::Error);
    }
    eprintln!(
        "Línea base escrita en {}: {} en {}.",
        path.display(),
        report::plural(n, "hallazgo", "hallazgos"),
        report::plural(summary.files, "archivo", "archivos")
    );
    Ok(if errored || summary.failed_inputs > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}

/// `--fix` / `--diff`: applies safe fixes, then reports what remains (to stderr when the
/// fixed text of stdin goes to stdout; nothing with `--diff`).
pub(super) fn run_fix(
    args: &CheckArgs,
    project: &Project,
    opts: &CheckOptions,
) -> io::Result<Status> {
    let mode = if args.diff {
        fix::Mode::Diff
    } else {
        fix::Mode::Write
    };
    let stdin = opts.paths.iter().any(|p| p.as_os_str() == "-");
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let stderr = io::stderr();
    let mut err_out = io::BufWriter::new(stderr.lock());
    let mut sink = io::sink();
    let mut errored = false;
    let mut notes = Vec::new();
    let (summary, stats) = {
        let (report_out, fix_out): (&mut dyn Write, &mut dyn Write) = match (mode, stdin) {
            (fix::Mode::Diff, _) => (&mut sink, &mut out),
            (fix::Mode::Write, true) => (&mut err_out, &mut out),
            (fix::Mode::Write, false) => (&mut out, &mut sink),
        };
        let color = args.color == ColorChoice::Always;
        let mut reporter: Box<dyn report::Reporter> = match mode {
            fix::Mode::Diff => Box::new(fix::NoReport),
            fix::Mode::Write => report::reporter(args.format, report_out, color, args.quiet),
        };
        fix::run(
            project,
            opts,
            mode,
            reporter.as_mut(),
            fix_out,
            &mut |e| {
                errored = true;
                print_error(e);
            },
            &mut |n| notes.push(n.to_string()),
        )?
    };
    out.flush()?;
    err_out.flush()?;
    for n in notes {
        eprintln!("aviso: {n}");
    }
    crate::commands::warn_excluded(&summary, args.quiet);
    if !args.quiet {
        let applied = report::plural(stats.fixes, "corrección", "correcciones");
        let files = report::plural(stats.files, "archivo", "archivos");
        eprintln!(
            "{}",
            match (mode, stats.fixes) {
                (_, 0) => "Ninguna corrección segura que aplicar.".to_string(),
                (fix::Mode::Diff, _) =>
                    format!("{applied} por aplicar en {files} (--diff: no se escribió nada)."),
                (fix::Mode::Write, _) => format!("{applied} aplicadas en {files}."),
            }
        );
        if let Some(b) = &args.baseline {
            eprintln!("{}", hidden_line(project.hidden(), b));
        }
    }
    Ok(match mode {
        fix::Mode::Diff if errored || summary.failed_inputs > 0 => Status::Error,
        fix::Mode::Diff if stats.files > 0 => Status::Findings,
        fix::Mode::Diff => Status::Clean,
        fix::Mode::Write => exit_status(args.fail_on, errored, &summary),
    })
}

/// The piece size for large files: `VIGIA_PIECE_BYTES` (for tests of the piece reading on
/// small files), else the default.
pub(super) fn vigia_piece_bytes() -> usize {
    std::env::var("VIGIA_PIECE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(crate::check::DEFAULT_PIECE_BYTES)
}
