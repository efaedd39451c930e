/*!
Loading the packs and the project a subcommand runs with, and reporting rule examples that
fail.
*/

use super::*;

/// The project of the current directory (for `rules`, `explain`, `test-rules`).
pub(super) fn load(packs: &PackArgs) -> Result<Project, Error> {
    load_at(&[PathBuf::from(".")], packs)
}

/// The project of `paths` (its `.vigia.yaml` found from them), with the packs of `packs`.
pub(super) fn load_at(paths: &[PathBuf], packs: &PackArgs) -> Result<Project, Error> {
    Project::load(paths, None, &packs.config_choice(), &packs.settings())
}

/// Reports, once each, the rules that could not do their work in this run (a spelling rule
/// without a dictionary); returns whether there was any.
pub(super) fn report_failures(project: &Project) -> bool {
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
pub(super) fn report_failures_of(engine: &Engine) -> bool {
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

pub(super) fn with_rules(
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
pub(super) fn check_user_examples(engine: &Engine) -> Result<(), Error> {
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

pub(super) fn show_config(args: ConfigArgs) -> io::Result<Status> {
    let project = match load_at(std::slice::from_ref(&args.path), &args.packs) {
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
