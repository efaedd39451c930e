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

mod pages;
mod run;
mod setup;

use pages::*;
use run::*;
use setup::*;

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

pub(super) fn stderr_color() -> bool {
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
