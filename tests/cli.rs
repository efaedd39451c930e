//! Command-line snapshots (trycmd): each `tests/cmd/*.toml` runs `vigia` and compares its
//! output and exit code. Regenerate with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
