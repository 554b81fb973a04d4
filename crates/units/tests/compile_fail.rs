//! Dimension errors are compile errors, and the common ones read well. The expected compiler
//! output is pinned in `tests/compile_fail/*.stderr` (the toolchain is pinned too); regenerate
//! with `TRYBUILD=overwrite cargo test -p neurodim-units --test compile_fail` after reading
//! the diff.

#[test]
fn dimension_errors_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}
