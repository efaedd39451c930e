//! Engine snapshots: the human output of the bundled packs on every draft in `fixtures/`, one
//! snapshot per fixture (`tests/snapshots/`). Reviewing a pack change = reviewing these diffs
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test snapshots`).

use std::sync::OnceLock;

use vigia::check::document_from_bytes;
use vigia::input::Format;
use vigia::report::human;
use vigia::{Engine, load_rules};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(load_rules(&[], true).expect("bundled packs load")))
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.{md,txt}", |path| {
        let bytes = std::fs::read(path).unwrap();
        let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let doc = document_from_bytes(&name, &bytes, Format::from_path(path), None).unwrap();
        let renderer = human::renderer(false);
        let out: Vec<String> = engine()
            .lint(&doc)
            .iter()
            .map(|f| human::render(&renderer, &doc, f))
            .collect();
        insta::assert_snapshot!(out.join("\n\n"));
    });
}
