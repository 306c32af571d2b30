//! `flow!` compile tests: every `pass` case compiles and runs; every `fail` case is rejected with
//! the diagnostics committed next to it (`.stderr`). Regenerate with `TRYBUILD=overwrite`.

#[test]
fn macro_ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
