/*!
A run's project: the configuration that applies to each checked path, and the per-document
steps around the engine.

Each path given on the command line gets the nearest `.vigia.yaml` at or above it (or the
file of `--config`, or none with `--no-config`); paths sharing a file share one compiled
[`Profile`] and engine. For each document the project fills in the configured platform when
the document names none, lints with the levels of the overrides matching its path and with
its suppressions (both applied before overlaps are resolved), reports suppressions that did
nothing, and finally hides findings recorded in the baseline, counting them.
*/

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::baseline::{self, Baseline};
use crate::check::Lint;
use crate::config::{self, Profile, Settings};
use crate::error::Error;
use crate::finding::Finding;
use crate::input::Document;
use crate::suppress::Suppressions;

/// Which configuration file to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `.vigia.yaml` at or above each checked path.
    Discover,
    /// This file for every path (`--config`).
    File(PathBuf),
    /// None: defaults and the command line only (`--no-config`).
    Ignore,
}

/// The profiles of a run and which paths they apply to.
#[derive(Debug)]
pub struct Project {
    profiles: Vec<Profile>,
    /// (absolute path given, profile), longest path first.
    scopes: Vec<(PathBuf, usize)>,
    /// Profile of standard input.
    stdin: usize,
    baseline: Option<Baseline>,
    hidden: AtomicUsize,
}

impl Project {
    /// Finds, reads and compiles the configuration of every path; `cli` is laid over each.
    /// `stdin_name` (from `--stdin-filename`) places standard input for the search.
    pub fn load(
        paths: &[PathBuf],
        stdin_name: Option<&str>,
        choice: &ConfigChoice,
        cli: &Settings,
    ) -> Result<Project, Error> {
        let mut files: Vec<Option<PathBuf>> = Vec::new();
        let mut profiles: Vec<Profile> = Vec::new();
        let mut profile_of = |file: Option<PathBuf>| -> Result<usize, Error> {
            if let Some(i) = files.iter().position(|f| *f == file) {
                return Ok(i);
            }
            let mut settings = match &file {
                Some(f) => Settings::from_file(f)?,
                None => Settings::default(),
            };
            settings.update(cli.clone());
            profiles.push(settings.compile()?);
            files.push(file);
            Ok(profiles.len() - 1)
        };
        let find = |start: &Path| match choice {
            ConfigChoice::Discover => config::discover(start),
            ConfigChoice::File(f) => Some(f.clone()),
            ConfigChoice::Ignore => None,
        };
        let mut scopes = Vec::new();
        let mut stdin = None;
        for p in paths {
            if p.as_os_str() == "-" {
                let start = stdin_name
                    .map(Path::new)
                    .and_then(Path::parent)
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                stdin = Some(profile_of(find(start))?);
            } else {
                let i = profile_of(find(p))?;
                scopes.push((config::absolute(p), i));
            }
        }
        let stdin = match stdin {
            Some(i) => i,
            None if !scopes.is_empty() => 0,
            None => profile_of(find(Path::new(".")))?,
        };
        scopes.sort_by_key(|(p, _)| std::cmp::Reverse(p.components().count()));
        Ok(Project {
            profiles,
            scopes,
            stdin,
            baseline: None,
            hidden: AtomicUsize::new(0),
        })
    }

    /// Hides the findings recorded in `baseline` from now on.
    /// Whether findings carry suggestions, in every profile (see
    /// [`crate::Engine::set_suggestions`]).
    pub fn set_suggestions(&mut self, on: bool) {
        for p in &mut self.profiles {
            p.engine.set_suggestions(on);
        }
    }

    pub fn set_baseline(&mut self, baseline: Baseline) {
        self.baseline = Some(baseline);
    }

    /// Findings hidden by the baseline so far.
    pub fn hidden(&self) -> usize {
        self.hidden.load(Ordering::Relaxed)
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profile of a document's path (`-` is standard input).
    pub fn profile_for(&self, path: &Path) -> &Profile {
        if path.as_os_str() == "-" || self.profiles.len() == 1 {
            return &self.profiles[self.stdin];
        }
        let abs = config::absolute(path);
        let i = self
            .scopes
            .iter()
            .find(|(p, _)| abs.starts_with(p))
            .map_or(self.stdin, |(_, i)| *i);
        &self.profiles[i]
    }

    /// The findings of `doc` after levels and suppressions, before the baseline.
    pub fn lint_unfiltered(&self, doc: &Document) -> Vec<Finding> {
        let path = Path::new(&doc.origin.path);
        let profile = self.profile_for(path);
        let engine = &profile.engine;
        let levels = profile.for_path(path);
        let known = |id: &str| {
            crate::rules::Selector::new(id)
                .is_ok_and(|s| profile.known.iter().any(|k| s.matches_id(k)))
        };
        let mut sup = Suppressions::parse(doc, &known);
        if sup.is_empty() && levels.is_default() {
            return engine.lint(doc);
        }
        let lines = doc.lines();
        let mut findings = engine.lint_filtered(doc, &mut |f| {
            let Some(level) = levels.level(&f.rule) else {
                return false;
            };
            f.level = level;
            sup.is_empty() || !sup.suppresses(&f.rule, f.span.start, lines.line_of(f.span.start))
        });
        if !sup.is_empty() {
            findings.extend(sup.report(engine.rules(), &|r| levels.level(r)));
            findings.sort_by_key(|f| (f.span.start, f.span.end));
        }
        findings
    }
}

impl Lint for Project {
    fn wants(&self, path: &Path) -> bool {
        !self.profile_for(path).excluded(path)
    }

    fn prepare(&self, doc: &mut Document) {
        if doc.meta.platform.is_none() {
            let path = Path::new(&doc.origin.path);
            let profile = self.profile_for(path);
            doc.meta.platform = profile.for_path(path).platform().map(str::to_string);
        }
    }

    fn lint(&self, doc: &Document) -> Vec<Finding> {
        let mut findings = self.lint_unfiltered(doc);
        if let Some(b) = &self.baseline
            && !findings.is_empty()
        {
            let prints = baseline::fingerprints(doc, &findings);
            let before = findings.len();
            let mut keep = prints.iter().map(|fp| !b.contains(fp));
            findings.retain(|_| keep.next().unwrap_or(true));
            self.hidden
                .fetch_add(before - findings.len(), Ordering::Relaxed);
        }
        findings
    }
}
