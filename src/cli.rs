/*!
The command line: argument definitions (clap derive) and the subcommands.

`check` (the default: `vigia borrador.md` means `vigia check borrador.md`), `audit`
(archives of published posts, summarised), `rules`, `explain RULE`, `test-rules`,
`config`, `stats` and `words`. Every subcommand reads the project's
`.vigia.yaml` (see [`crate::config`]) unless told otherwise. Arguments are validated here, once; the library below never
sees raw strings. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it,
2 usage, configuration or input errors.
*/

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::baseline::{Baseline, Recorder};
use crate::check::{CheckOptions, DEFAULT_MAX_FILESIZE, check};
use crate::config::{Setting, Settings};
use crate::engine::Engine;
use crate::error::Error;
use crate::fix;
use crate::input::archive::FieldOptions;
use crate::input::decode::encoding_for_label;
use crate::input::walk::{FileType, WalkOptions};
use crate::project::{ConfigChoice, Project};
use crate::report::tally::{Tally, Tee};
use crate::report::{self, Format, Summary};
use crate::rules::{Level, RuleSet, selftest};

/// vigía: revisa publicaciones para redes sociales contra la directiva del Senace.
#[derive(Debug, Parser)]
#[command(name = "vigia", version, long_version = LONG_VERSION, about, long_about = None,
          arg_required_else_help = true)]
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
    /// Muestra la configuración efectiva (.vigia.yaml más la línea de órdenes).
    Config(ConfigArgs),
    /// Muestra las medidas de cada borrador: longitud según cada red, palabras, oraciones,
    /// etiquetas, legibilidad.
    Stats(StatsArgs),
    /// Lista las palabras que el corrector ortográfico no conoce, con sus apariciones.
    Words(WordsArgs),
    /// Servidor de lenguaje (LSP) por entrada y salida estándar: hallazgos en el editor.
    Lsp(crate::lsp::LspArgs),
    /// Escribe el guion de autocompletado para un shell (bash, zsh, fish, powershell…).
    Completions(crate::commands::generate::CompletionsArgs),
    /// Escribe la página de manual de vigia o de una orden (roff; `vigia man | man -l -`).
    Man(crate::commands::generate::ManArgs),
}

/// What `vigia --version` prints: the version and the dictionary used by default.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ndiccionario por omisión: es (RLA-ES, LibreOffice 7.5.0; embebido); \
     `vigia config` muestra el que se usa con la configuración y VIGIA_DICTIONARY"
);

/// Subcommand names, for treating `vigia FILE` as `vigia check FILE`.
pub const SUBCOMMANDS: &[&str] = &[
    "check",
    "audit",
    "rules",
    "explain",
    "test-rules",
    "config",
    "stats",
    "words",
    "lsp",
    "completions",
    "man",
    "help",
];

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
    /// Diccionario Hunspell de la ortografía: el .dic (con su .aff al lado), un directorio,
    /// `system` (el es_PE/es_ES del sistema) o `embedded`. Por omisión, VIGIA_DICTIONARY,
    /// `dictionary` de .vigia.yaml o el diccionario embebido.
    #[arg(long, value_name = "RUTA")]
    pub dictionary: Option<PathBuf>,
    /// Usar este archivo de configuración en lugar de buscar .vigia.yaml.
    #[arg(long, value_name = "ARCHIVO", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// No leer ningún .vigia.yaml.
    #[arg(long)]
    pub no_config: bool,
}

impl PackArgs {
    /// Which configuration file these arguments ask for.
    pub fn config_choice(&self) -> ConfigChoice {
        match (&self.config, self.no_config) {
            (Some(f), _) => ConfigChoice::File(f.clone()),
            (None, true) => ConfigChoice::Ignore,
            (None, false) => ConfigChoice::Discover,
        }
    }

    /// The command line's layer of settings, laid over the configuration file's.
    pub fn settings(&self) -> Settings {
        Settings {
            extra_packs: self.rules.clone(),
            default_packs: self.no_default_rules.then_some(false),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            dictionary: self.dictionary.clone(),
            // A `--platform` flag sets `platform: Some(Setting::cli(..))` here: it then wins
            // over the file, and what a document says wins over both (`Lint::prepare`).
            ..Settings::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Ruta cuya configuración se muestra (se busca .vigia.yaml en ella y hacia arriba).
    #[arg(value_name = "RUTA", default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub packs: PackArgs,
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
    #[value(alias = "aviso")]
    Warning,
    Info,
    #[value(alias = "nunca")]
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
    /// Red de las publicaciones que no la indican (x, instagram, threads, linkedin,
    /// facebook, youtube…); la que dice un borrador o un registro prevalece.
    #[arg(long, value_name = "RED")]
    pub platform: Option<String>,
}

impl InputArgs {
    /// The paths to check (`.` when none).
    fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }

    /// The library's options; `default_types` when no `-t` was given.
    fn options(&self, default_types: &[FileType]) -> Result<CheckOptions, Error> {
        let encoding = self
            .encoding
            .as_deref()
            .map(encoding_for_label)
            .transpose()
            .map_err(|_| {
                Error::Usage(format!(
                    "codificación desconocida «{}» (use utf-8, windows-1252, latin1, utf-16le…)",
                    self.encoding.as_deref().unwrap_or_default()
                ))
            })?;
        Ok(CheckOptions {
            paths: self.paths(),
            stdin_filename: self.stdin_filename.clone(),
            walk: WalkOptions {
                types: if self.types.is_empty() {
                    default_types.to_vec()
                } else {
                    self.types.clone()
                },
                extensions: Vec::new(),
                globs: self.globs.clone(),
                follow_links: self.follow,
                no_ignore: self.no_ignore,
            },
            encoding,
            piece_bytes: vigia_piece_bytes(),
            max_filesize: self.max_filesize,
            fields: FieldOptions {
                text: self.text_field.clone(),
                id: self.id_field.clone(),
                date: self.date_field.clone(),
                platform: self.platform_field.clone(),
            },
        })
    }

    /// The project of the paths (with a baseline if given, its user packs' examples
    /// checked) and the check options.
    fn project(
        &self,
        packs: &PackArgs,
        baseline: Option<&std::path::Path>,
        default_types: &[FileType],
    ) -> Result<(Project, CheckOptions), Error> {
        let mut settings = packs.settings();
        if let Some(p) = &self.platform {
            let table = crate::platform::bundled();
            let Some(known) = table.get(p) else {
                return Err(Error::Usage(table.unknown(p)));
            };
            settings.platform = Some(Setting::cli(known.id.clone()));
        }
        let mut project = Project::load(
            &self.paths(),
            self.stdin_filename.as_deref(),
            &packs.config_choice(),
            &settings,
        )?;
        if let Some(b) = baseline {
            project.set_baseline(Baseline::read(b)?);
        }
        let opts = self.options(default_types)?;
        for profile in project.profiles() {
            check_user_examples(&profile.engine)?;
        }
        Ok((project, opts))
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
    /// Al final, hallazgos por regla y por pack (en stderr con formatos para programas).
    #[arg(long)]
    pub statistics: bool,
    /// No imprimir el resumen final (solo los hallazgos).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Aplicar las correcciones seguras y escribir los archivos (la entrada estándar
    /// corregida va a la salida estándar).
    #[arg(long)]
    pub fix: bool,
    /// Mostrar como diff las correcciones seguras, sin escribir nada.
    #[arg(long)]
    pub diff: bool,
    /// Ocultar los hallazgos registrados en esta línea base.
    #[arg(long, value_name = "ARCHIVO")]
    pub baseline: Option<PathBuf>,
    /// Registrar los hallazgos actuales en una línea base y terminar.
    #[arg(long, value_name = "ARCHIVO", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Formato de salida: tabla o JSON (un arreglo, un objeto por publicación).
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Informe legible, en español.
    Text,
    /// Un documento JSON con las mismas cifras.
    Json,
    /// Una página HTML autónoma (gráficos, publicaciones para revisar, filtros).
    Html,
    /// Una fila por hallazgo; con -o, el resumen va en NOMBRE-resumen.csv.
    Csv,
    /// Un libro de Excel: hojas «Hallazgos» y «Resumen» (requiere -o).
    Xlsx,
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
    /// Escribir el informe en este archivo en vez de la salida estándar.
    #[arg(short = 'o', long = "output", value_name = "ARCHIVO")]
    pub output: Option<PathBuf>,
    /// Cuántas publicaciones con hallazgos lista el informe HTML (las más graves).
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub max_posts: usize,
    /// Ocultar los hallazgos registrados en esta línea base.
    #[arg(long, value_name = "ARCHIVO")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Tabla legible.
    Text,
    /// JSON.
    Json,
    /// Cada término literal de las reglas, uno por línea (para `rg -f`; vea bench/run.sh).
    Terms,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub packs: PackArgs,
    /// Formato de salida.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Output of `vigia words`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WordsFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct WordsArgs {
    /// Archivos o directorios; `-` lee la entrada estándar. Por omisión, `.`.
    #[arg(value_name = "RUTA")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub packs: PackArgs,
    /// Formato de salida: `apariciones<TAB>palabra` por línea, o JSON.
    #[arg(long, value_enum, default_value_t = WordsFormat::Text)]
    pub format: WordsFormat,
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
    /// No imprimir el resumen (en la salida de errores).
    #[arg(long, short = 'q')]
    pub quiet: bool,
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
        Command::Rules(args) => with_rules(&args.packs, |e| list_rules(e.rules(), args.format)),
        Command::Explain(args) => with_rules(&args.packs, |e| explain(e.rules(), &args.rule)),
        Command::TestRules(args) => with_rules(&args, test_rules),
        Command::Words(args) => run_words(args),
        Command::Config(args) => show_config(args),
        Command::Stats(args) => run_stats(args),
        Command::Lsp(args) => crate::lsp::run(args),
        Command::Completions(args) => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            crate::commands::generate::completions(&args, &mut out)?;
            out.flush()?;
            Ok(Status::Clean)
        }
        Command::Man(args) => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            let done = crate::commands::generate::man(&args, &mut out)?;
            out.flush()?;
            Ok(match done {
                Ok(()) => Status::Clean,
                Err(m) => {
                    print_error(&Error::Usage(m));
                    Status::Error
                }
            })
        }
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints an error to stderr; pack errors as annotated snippets of the YAML.
pub fn print_error(e: &Error) {
    let mut err = io::stderr().lock();
    let _ = match e {
        Error::Pack(list) | Error::Config(list) => {
            let renderer = report::human::renderer(stderr_color());
            for p in list {
                let _ = writeln!(err, "{}\n", report::human::render_pack_error(&renderer, p));
            }
            let what = if matches!(e, Error::Pack(_)) {
                "los packs de reglas"
            } else {
                "la configuración"
            };
            writeln!(err, "error: {} problema(s) en {what}", list.len())
        }
        other => writeln!(err, "error: {other}"),
    };
}

/// The project of the current directory (for `rules`, `explain`, `test-rules`).
fn load(packs: &PackArgs) -> Result<Project, Error> {
    Project::load(
        &[PathBuf::from(".")],
        None,
        &packs.config_choice(),
        &packs.settings(),
    )
}

/// Reports, once each, the rules that could not do their work in this run (a spelling rule
/// without a dictionary); returns whether there was any.
fn report_failures(project: &Project) -> bool {
    let mut seen: Vec<(String, String)> = Vec::new();
    for profile in project.profiles() {
        for rule in &profile.engine.rules().rules {
            if let Some(why) = rule.kind.failure() {
                let key = (rule.info.id.clone(), why);
                if !seen.contains(&key) {
                    let (id, why) = &key;
                    print_error(&Error::Usage(format!(
                        "la regla {id} no se aplicó: {why}; para revisar sin ella, use --ignore {id}"
                    )));
                    seen.push(key);
                }
            }
        }
    }
    !seen.is_empty()
}

/// [`report_failures`] for one engine.
fn report_failures_of(engine: &Engine) -> bool {
    let mut any = false;
    for rule in &engine.rules().rules {
        if let Some(why) = rule.kind.failure() {
            any = true;
            let id = &rule.info.id;
            print_error(&Error::Usage(format!(
                "la regla {id} no se aplicó: {why}; para revisar sin ella, use --ignore {id}"
            )));
        }
    }
    any
}

fn with_rules(
    packs: &PackArgs,
    f: impl FnOnce(&Engine) -> io::Result<Status>,
) -> io::Result<Status> {
    match load(packs) {
        Ok(project) => f(&project.profiles()[0].engine),
        Err(e) => {
            print_error(&e);
            Ok(Status::Error)
        }
    }
}

/// The examples of packs read from files (`--rules`, `packs:` of the configuration) must
/// behave before those packs check anything; bundled packs are tested by `cargo test`. Each
/// such pack is tested on its own, so a rule that a bundled rule overshadows still has its
/// examples checked (`vigia test-rules` shows the interactions). A failing example is a pack
/// error at its place.
fn check_user_examples(engine: &Engine) -> Result<(), Error> {
    let mut failures: Vec<crate::PackError> = Vec::new();
    for pack in &engine.rules().packs {
        let path = std::path::Path::new(&pack.path);
        if pack.bundled || !path.is_file() {
            continue;
        }
        // The pack with the lexicons read from files (the bundled ones always load).
        let mut sources: Vec<_> = engine
            .rules()
            .lexicons
            .values()
            .filter(|l| std::path::Path::new(&l.path).is_file())
            .map(|l| std::path::PathBuf::from(&l.path))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(crate::rules::pack::PackSource::Path)
            .collect();
        sources.push(crate::rules::pack::PackSource::Path(path.to_path_buf()));
        let alone = Engine::new(crate::rules::pack::load(&sources)?);
        for f in selftest::run(&alone).failures {
            failures.push(crate::PackError {
                path: f.location.path.clone(),
                source: std::fs::read_to_string(&f.location.path)
                    .ok()
                    .map(Into::into),
                line: f.location.line,
                column: f.location.column,
                message: format!("el ejemplo de [{}] no se cumple: {}", f.rule, f.problem),
            });
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Pack(failures))
    }
}

fn show_config(args: ConfigArgs) -> io::Result<Status> {
    let project = match Project::load(
        std::slice::from_ref(&args.path),
        None,
        &args.packs.config_choice(),
        &args.packs.settings(),
    ) {
        Ok(p) => p,
        Err(e) => {
            print_error(&e);
            return Ok(Status::Error);
        }
    };
    let profile = &project.profiles()[0];
    let mut out = io::BufWriter::new(io::stdout().lock());
    write!(out, "{}", profile.settings.to_yaml())?;
    out.flush()?;
    Ok(Status::Clean)
}

fn run_check(args: CheckArgs) -> io::Result<Status> {
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
fn exiting<T>(compiled: T) {
    std::mem::forget(compiled);
}

fn run_audit(args: AuditArgs) -> io::Result<Status> {
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
fn hidden_line(n: usize, file: &std::path::Path) -> String {
    format!(
        "Línea base: {} (registrados en {}).",
        count(n, "hallazgo oculto", "hallazgos ocultos"),
        file.display()
    )
}

/// Exit status after a run: 2 if an input failed, 1 for findings at or above `fail_on`.
fn exit_status(fail_on: FailOn, errored: bool, summary: &Summary) -> Status {
    if errored || summary.failed_inputs > 0 {
        Status::Error
    } else if fail_on.level().is_some_and(|l| summary.counts.reaches(l)) {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// `--write-baseline FILE`: records every current finding and exits 0 (2 on input errors).
fn write_baseline(
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
        count(n, "hallazgo", "hallazgos"),
        count(summary.files, "archivo", "archivos")
    );
    Ok(if errored || summary.failed_inputs > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}

/// `--fix` / `--diff`: applies safe fixes, then reports what remains (to stderr when the
/// fixed text of stdin goes to stdout; nothing with `--diff`).
fn run_fix(args: &CheckArgs, project: &Project, opts: &CheckOptions) -> io::Result<Status> {
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
        let applied = count(stats.fixes, "corrección", "correcciones");
        let files = count(stats.files, "archivo", "archivos");
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

fn run_stats(args: StatsArgs) -> io::Result<Status> {
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
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list_rules(set: &RuleSet, format: ListFormat) -> io::Result<Status> {
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
                    count(rules.len(), "regla", "reglas")
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
                count(set.rules.len(), "regla", "reglas"),
                count(set.packs.len(), "pack", "packs"),
            )?;
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn explain(set: &RuleSet, id: &str) -> io::Result<Status> {
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

fn test_rules(engine: &Engine) -> io::Result<Status> {
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

fn run_words(args: WordsArgs) -> io::Result<Status> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let project = match Project::load(
        &paths,
        None,
        &args.packs.config_choice(),
        &args.packs.settings(),
    ) {
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
            format!(
                "; {} no se {} revisar (vea los errores arriba)",
                count(report.failed_inputs, "entrada", "entradas"),
                if report.failed_inputs == 1 {
                    "pudo"
                } else {
                    "pudieron"
                }
            )
        } else {
            String::new()
        };
        eprintln!(
            "{} ({}) de {} en {}{unchecked}.",
            count(
                report.list.len(),
                "palabra desconocida",
                "palabras desconocidas"
            ),
            count(report.unknown, "aparición", "apariciones"),
            count(report.words, "palabra", "palabras"),
            count(report.files, "archivo", "archivos"),
        );
    }
    Ok(if errored || report.failed_inputs > 0 {
        Status::Error
    } else {
        Status::Clean
    })
}

/// The piece size for large files: `VIGIA_PIECE_BYTES` (for tests of the piece reading on
/// small files), else the default.
fn vigia_piece_bytes() -> usize {
    std::env::var("VIGIA_PIECE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(crate::check::DEFAULT_PIECE_BYTES)
}
