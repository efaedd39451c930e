/*!
The command line: argument definitions (clap derive) and the subcommands.

`check` (the default: `vigia borrador.md` means `vigia check borrador.md`), `audit`
(archives of published posts, summarised), `rules`, `explain RULE` and `test-rules`. Arguments are validated here, once; the library below never
sees raw strings. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it,
2 usage, configuration or input errors.
*/

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{CheckOptions, DEFAULT_MAX_FILESIZE, check};
use crate::engine::Engine;
use crate::error::Error;
use crate::input::archive::FieldOptions;
use crate::input::decode::encoding_for_label;
use crate::input::walk::{FileType, WalkOptions};
use crate::report::tally::{Tally, Tee};
use crate::report::{self, Format, Summary};
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
    /// Revisa borradores (.md, .txt), archivos de publicaciones y directorios (por omisión).
    Check(CheckArgs),
    /// Audita archivos de publicaciones (X, Facebook, Instagram, LinkedIn, CSV, JSONL) y
    /// resume los hallazgos: por pack, sección, mes y red, y las peores publicaciones.
    Audit(AuditArgs),
    /// Lista los packs y reglas cargados.
    Rules(RulesArgs),
    /// Explica una regla: qué detecta, por qué, la cláusula de la directiva y ejemplos.
    Explain(ExplainArgs),
    /// Ejecuta los ejemplos de cada regla y muestra los que fallan.
    TestRules(PackArgs),
}

/// Subcommand names, for treating `vigia FILE` as `vigia check FILE`.
pub const SUBCOMMANDS: &[&str] = &["check", "audit", "rules", "explain", "test-rules", "help"];

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

/// What to read and how: paths, walking, encodings, archive fields.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Archivos o directorios; `-` lee la entrada estándar. Por omisión, `.`.
    #[arg(value_name = "RUTA")]
    pub paths: Vec<PathBuf>,
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
    /// Tipos de archivo que se recogen al recorrer directorios (repetible). Por omisión,
    /// `drafts` en `check` y `archives` en `audit`.
    #[arg(long = "type", short = 't', value_enum, value_name = "TIPO")]
    pub types: Vec<FileType>,
    /// No respetar .gitignore, .ignore ni .vigiaignore; incluir ocultos.
    #[arg(long)]
    pub no_ignore: bool,
    /// Seguir enlaces simbólicos.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Campo (o columna) con el texto de cada publicación de un archivo; admite rutas
    /// como `tweet.full_text`. Por omisión se busca entre nombres comunes.
    #[arg(long, value_name = "CAMPO")]
    pub text_field: Option<String>,
    /// Campo con el identificador de cada publicación.
    #[arg(long, value_name = "CAMPO")]
    pub id_field: Option<String>,
    /// Campo con la fecha de cada publicación.
    #[arg(long, value_name = "CAMPO")]
    pub date_field: Option<String>,
    /// Campo con la red social de cada publicación.
    #[arg(long, value_name = "CAMPO")]
    pub platform_field: Option<String>,
    /// Red social de las publicaciones que no la indican (x, facebook, instagram, linkedin…).
    #[arg(long, value_name = "RED")]
    pub platform: Option<String>,
}

impl InputArgs {
    /// The library's options; `default_types` when no `-t` was given.
    fn options(self, default_types: &[FileType]) -> Result<CheckOptions, Error> {
        let encoding = match self.encoding.as_deref().map(encoding_for_label).transpose() {
            Ok(e) => e,
            Err(_) => {
                return Err(Error::Usage(format!(
                    "codificación desconocida «{}» (use utf-8, windows-1252, latin1, utf-16le…)",
                    self.encoding.unwrap_or_default()
                )));
            }
        };
        Ok(CheckOptions {
            paths: if self.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                self.paths
            },
            stdin_filename: self.stdin_filename,
            walk: WalkOptions {
                types: if self.types.is_empty() {
                    default_types.to_vec()
                } else {
                    self.types
                },
                extensions: Vec::new(),
                globs: self.globs,
                follow_links: self.follow,
                no_ignore: self.no_ignore,
            },
            encoding,
            max_filesize: self.max_filesize,
            fields: FieldOptions {
                text: self.text_field,
                id: self.id_field,
                date: self.date_field,
                platform: self.platform_field,
                default_platform: self.platform,
            },
        })
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
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
    /// Al final, hallazgos por regla y por pack (en stderr con --format json o jsonl).
    #[arg(long)]
    pub statistics: bool,
    /// No imprimir el resumen final (solo los hallazgos).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Informe legible, en español.
    Text,
    /// Un documento JSON con las mismas cifras.
    Json,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Formato del informe.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Nivel desde el que una publicación no aprobaría (y el código de salida es 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Cuántas de las publicaciones con más hallazgos se listan.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    /// Every literal term of the rules, one per line (for `rg -f`, see bench/run.sh).
    Terms,
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
        Command::Audit(args) => run_audit(args),
        Command::Rules(args) => with_rules(&args.packs, |set| list_rules(set, args.format)),
        Command::Explain(args) => with_rules(&args.packs, |set| explain(set, &args.rule)),
        Command::TestRules(args) => with_rules(&args, test_rules),
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

/// The rules and the check options of a run, or the error that stops it.
fn prepare(
    packs: &PackArgs,
    input: InputArgs,
    default_types: &[FileType],
) -> Result<(Engine, CheckOptions), Error> {
    let set = load(packs)?;
    let opts = input.options(default_types)?;
    Ok((Engine::new(set), opts))
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

/// Exit status after a run: 2 if an input failed, 1 for findings at or above `threshold`.
fn status(errored: bool, summary: &Summary, threshold: Option<Level>) -> Status {
    if errored || summary.failed_inputs > 0 {
        Status::Error
    } else if threshold.is_some_and(|l| summary.counts.reaches(l)) {
        Status::Findings
    } else {
        Status::Clean
    }
}

fn run_check(args: CheckArgs) -> io::Result<Status> {
    let (engine, opts) = match prepare(&args.packs, args.input, &[FileType::Drafts]) {
        Ok(x) => x,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
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
                check(&engine, &opts, &mut tee, &mut on_error)?
            }
            None => check(&engine, &opts, reporter.as_mut(), &mut on_error)?,
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
    Ok(status(errored, &summary, args.fail_on.level()))
}

fn run_audit(args: AuditArgs) -> io::Result<Status> {
    let (engine, opts) = match prepare(&args.packs, args.input, &[FileType::Archives]) {
        Ok(x) => x,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
    let threshold = args.fail_on.level();
    let mut tally = Tally::new(threshold, args.top);
    let mut errored = false;
    let summary = check(&engine, &opts, &mut tally, &mut |e| {
        errored = true;
        print_error(e);
    })?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        AuditFormat::Text => report::audit::write_text(&mut out, &tally, &summary)?,
        AuditFormat::Json => report::audit::write_json(&mut out, &tally, &summary)?,
    }
    out.flush()?;
    Ok(status(errored, &summary, threshold))
}

/// "1 regla", "3 reglas".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list_rules(set: RuleSet, format: ListFormat) -> io::Result<Status> {
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
