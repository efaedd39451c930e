/*!
The command line: argument definitions (clap derive) and the subcommands.

`check` (the default: `vigia borrador.md` means `vigia check borrador.md`), `rules`,
`explain RULE` and `test-rules`. Arguments are validated here, once; the library below never
sees raw strings. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it,
2 usage, configuration or input errors.
*/

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{CheckOptions, DEFAULT_MAX_FILESIZE, check};
use crate::engine::Engine;
use crate::error::Error;
use crate::input::decode::encoding_for_label;
use crate::input::walk::WalkOptions;
use crate::report::{self, Format};
use crate::rules::{Level, RuleSet, selftest};
use crate::{directive, load_rules};

/// vigía: revisa publicaciones para redes sociales contra la directiva del Senace.
#[derive(Debug, Parser)]
#[command(name = "vigia", version, about, long_about = None, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Revisa borradores (.md, .txt) y directorios (por omisión).
    Check(CheckArgs),
    /// Lista los packs y reglas cargados.
    Rules(RulesArgs),
    /// Explica una regla: qué detecta, por qué, la cláusula de la directiva y ejemplos.
    Explain(ExplainArgs),
    /// Ejecuta los ejemplos de cada regla y muestra los que fallan.
    TestRules(PackArgs),
    /// Muestra las medidas de cada borrador: longitud según cada red, palabras, oraciones,
    /// etiquetas, legibilidad.
    Stats(StatsArgs),
}

/// Subcommand names, for treating `vigia FILE` as `vigia check FILE`.
pub const SUBCOMMANDS: &[&str] = &["check", "rules", "explain", "test-rules", "stats", "help"];

#[derive(Debug, Args, Clone, Default)]
pub struct PackArgs {
    /// Pack YAML adicional, o directorio de packs (repetible). Un pack con el id de uno
    /// incluido lo reemplaza.
    #[arg(long = "rules", value_name = "RUTA")]
    pub rules: Vec<PathBuf>,
    /// No cargar los packs incluidos.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Solo estas reglas o packs (ids separados por comas; admite globs: `grammar/*`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Excluir estas reglas o packs.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Archivos o directorios; `-` lee la entrada estándar. Por omisión, `.`.
    #[arg(value_name = "RUTA")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Formato de salida.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Colores en la salida.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Nivel desde el que los hallazgos hacen fallar (código de salida 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Nombre con el que se muestra la entrada estándar (su extensión decide el formato).
    #[arg(long, value_name = "NOMBRE")]
    pub stdin_filename: Option<String>,
    /// Forzar la codificación de los archivos (utf-8, windows-1252, latin1, utf-16le…).
    #[arg(long, value_name = "CODIFICACIÓN")]
    pub encoding: Option<String>,
    /// Omitir archivos mayores que este tamaño, en bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILESIZE)]
    pub max_filesize: u64,
    /// Incluir (o con `!`, excluir) rutas que coincidan con el glob al recorrer directorios.
    #[arg(long = "glob", short = 'g', value_name = "GLOB")]
    pub globs: Vec<String>,
    /// No respetar .gitignore, .ignore ni .vigiaignore; incluir ocultos.
    #[arg(long)]
    pub no_ignore: bool,
    /// Seguir enlaces simbólicos.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// No imprimir el resumen final (solo los hallazgos).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Red de las publicaciones que no la indican (x, instagram, threads, linkedin,
    /// facebook, youtube…).
    #[arg(long, value_name = "RED")]
    pub platform: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Archivos o directorios; `-` lee la entrada estándar.
    #[arg(value_name = "RUTA", required = true)]
    pub paths: Vec<PathBuf>,
    /// Formato de salida: tabla o JSON (un arreglo, un objeto por publicación).
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Red de las publicaciones que no la indican.
    #[arg(long, value_name = "RED")]
    pub platform: Option<String>,
    /// Nombre con el que se muestra la entrada estándar (su extensión decide el formato).
    #[arg(long, value_name = "NOMBRE")]
    pub stdin_filename: Option<String>,
    /// Forzar la codificación de los archivos (utf-8, windows-1252, latin1, utf-16le…).
    #[arg(long, value_name = "CODIFICACIÓN")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Id de la regla, p. ej. `confidential/dni`.
    pub rule: String,
    #[command(flatten)]
    pub packs: PackArgs,
}

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

/// Inserts `check` when the first argument is not a subcommand (`vigia borrador.md`).
pub fn with_default_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let is_flag_of_root = matches!(first, "-h" | "--help" | "-V" | "--version");
        if !is_flag_of_root && !SUBCOMMANDS.contains(&first) {
            args.insert(1, "check".into());
        }
    }
    args
}

/// Runs the parsed command line; I/O errors on stdout (a closed pipe) are returned.
pub fn run(cli: Cli) -> io::Result<Status> {
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules(args) => with_rules(&args.packs, |set| list_rules(set, args.format)),
        Command::Explain(args) => with_rules(&args.packs, |set| explain(set, &args.rule)),
        Command::TestRules(args) => with_rules(&args, test_rules),
        Command::Stats(args) => run_stats(args),
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints an error to stderr; pack errors as annotated snippets of the YAML.
pub fn print_error(e: &Error) {
    let mut err = io::stderr().lock();
    let _ = match e {
        Error::Pack(list) => {
            let renderer = report::human::renderer(stderr_color());
            for p in list {
                let _ = writeln!(err, "{}\n", report::human::render_pack_error(&renderer, p));
            }
            writeln!(
                err,
                "error: {} problema(s) en los packs de reglas",
                list.len()
            )
        }
        other => writeln!(err, "error: {other}"),
    };
}

fn load(packs: &PackArgs) -> Result<RuleSet, Error> {
    let mut set = load_rules(&packs.rules, !packs.no_default_rules)?;
    set.filter(&packs.select, &packs.ignore)
        .map_err(Error::Usage)?;
    Ok(set)
}

fn with_rules(
    packs: &PackArgs,
    f: impl FnOnce(RuleSet) -> io::Result<Status>,
) -> io::Result<Status> {
    match load(packs) {
        Ok(set) => f(set),
        Err(e) => {
            print_error(&e);
            Ok(Status::Error)
        }
    }
}

fn run_check(args: CheckArgs) -> io::Result<Status> {
    let set = match load(&args.packs) {
        Ok(s) => s,
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
    let engine = match Engine::new(set).with_default_platform(args.platform.as_deref()) {
        Ok(e) => e,
        Err(m) => {
            print_error(&Error::Usage(m));
            return Ok(Status::Error);
        }
    };
    let opts = CheckOptions {
        paths: if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths
        },
        stdin_filename: args.stdin_filename,
        walk: WalkOptions {
            extensions: Vec::new(),
            globs: args.globs,
            follow_links: args.follow,
            no_ignore: args.no_ignore,
        },
        encoding,
        max_filesize: args.max_filesize,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut errored = false;
    let summary = {
        let mut reporter = report::reporter(args.format, &mut out, color, args.quiet);
        check(&engine, &opts, reporter.as_mut(), &mut |e| {
            errored = true;
            print_error(e);
        })?
    };
    out.flush()?;
    let threshold = match args.fail_on {
        FailOn::Error => Some(Level::Error),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Info => Some(Level::Info),
        FailOn::Never => None,
    };
    Ok(if errored || summary.failed_inputs > 0 {
        Status::Error
    } else if threshold.is_some_and(|l| summary.counts.reaches(l)) {
        Status::Findings
    } else {
        Status::Clean
    })
}

fn run_stats(args: StatsArgs) -> io::Result<Status> {
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
    let engine =
        match Engine::new(RuleSet::default()).with_default_platform(args.platform.as_deref()) {
            Ok(e) => e,
            Err(m) => {
                print_error(&Error::Usage(m));
                return Ok(Status::Error);
            }
        };
    let opts = CheckOptions {
        paths: args.paths,
        stdin_filename: args.stdin_filename,
        encoding,
        ..CheckOptions::default()
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
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list_rules(set: RuleSet, format: ListFormat) -> io::Result<Status> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
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
                    count(rules.len(), "regla", "reglas")
                )?;
                let width = rules.iter().map(|r| r.info.id.len()).max().unwrap_or(0);
                for r in rules {
                    writeln!(
                        out,
                        "  {:width$}  {:7}  §{:5}  {}",
                        r.info.id,
                        r.info.level.as_str(),
                        r.info.section,
                        r.info.title,
                    )?;
                }
                writeln!(out)?;
            }
            writeln!(
                out,
                "{} en {}. `vigia explain ID` explica una.",
                count(set.rules.len(), "regla", "reglas"),
                count(set.packs.len(), "pack", "packs"),
            )?;
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn explain(set: RuleSet, id: &str) -> io::Result<Status> {
    let Some(rule) = set.get(id) else {
        let hint = crate::rules::did_you_mean(id, set.rules.iter().map(|r| r.info.id.as_str()))
            .map(|m| format!("; ¿quiso decir «{m}»?"))
            .unwrap_or_default();
        print_error(&Error::Usage(format!("no hay una regla «{id}»{hint}")));
        return Ok(Status::Error);
    };
    let i = &rule.info;
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "# {} — {}\n", i.id, i.title)?;
    writeln!(
        out,
        "Nivel: {} · Directiva §{} · Tipo: {} · Corrección automática: {}",
        i.level,
        i.section,
        i.kind,
        if i.fix == crate::rules::FixSafety::Safe {
            "sí"
        } else {
            "no"
        }
    )?;
    writeln!(out, "Definida en {}:{}\n", i.location.path, i.location.line)?;
    writeln!(out, "{}\n", i.doc)?;
    match directive::clause(&i.section) {
        Some(text) => {
            writeln!(out, "## Directiva, cláusula {}\n", i.section)?;
            for line in text.lines() {
                writeln!(out, "> {line}")?;
            }
            writeln!(out, "\n({})\n", directive::TITLE)?;
        }
        None => writeln!(out, "## Directiva, cláusula {}\n", i.section)?,
    }
    writeln!(out, "## Ejemplos\n")?;
    for ex in &rule.examples.bad {
        writeln!(out, "- ✗ {}", ex.source)?;
        if let Some(fix) = &ex.fix {
            writeln!(out, "  → {fix}")?;
        }
    }
    for ex in &rule.examples.good {
        writeln!(out, "- ✓ {}", ex.source)?;
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn test_rules(set: RuleSet) -> io::Result<Status> {
    let engine = Engine::new(set);
    let report = selftest::run(&engine);
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &report.failures {
        writeln!(out, "FALLA {f}")?;
    }
    writeln!(
        out,
        "{}, {}: {}.",
        count(report.rules, "regla", "reglas"),
        count(report.examples, "ejemplo", "ejemplos"),
        count(report.failures.len(), "falla", "fallas"),
    )?;
    out.flush()?;
    Ok(if report.failures.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}
