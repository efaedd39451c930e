/*!
vigia — a compliance linter for the social-media posts of a public agency.

It checks drafts and archives of posts against YAML rule packs that turn the agency's
social-media directive into checks: confidential data, political and religious propaganda,
offensive language, inclusive wording, grammar, channel misuse and clarity. The data flows
through the modules in order: [`input`] (files, encodings, front matter, prose regions) →
[`rules`] (packs compiled into matchers) → [`engine`] (findings per document) → [`report`]
(human, concise, JSON). [`check`] ties them together in parallel. [`spell`] holds the
Hunspell dictionary behind the `spelling` rule kind. [`lsp`] serves the same checks to
editors as a language server.
*/
#![forbid(unsafe_code)]

pub mod baseline;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod directive;
pub mod engine;
pub mod error;
pub mod finding;
pub mod fix;
pub mod input;
pub mod lang;
pub mod lsp;
pub mod measure;
pub mod platform;
pub mod project;
pub mod report;
pub mod rules;
pub mod spell;
pub mod suppress;
pub mod text;
pub mod words;

pub use check::{CheckOptions, check};
pub use engine::Engine;
pub use error::{Error, PackError};
pub use finding::Finding;
pub use input::Document;
pub use rules::{Level, RuleSet};

/// Loads the bundled packs plus `extra` pack paths.
pub fn load_rules(extra: &[std::path::PathBuf], bundled: bool) -> Result<RuleSet, Error> {
    let mut sources = if bundled {
        rules::bundled::sources()
    } else {
        Vec::new()
    };
    sources.extend(extra.iter().cloned().map(rules::pack::PackSource::Path));
    rules::pack::load(&sources)
}
