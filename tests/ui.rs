//! Compile-time checks of the `blocks!` macro and the builder API: every rule has a failing case
//! under `tests/ui/fail` (the macro) or `tests/ui/builder` (the builder),
//! with its expected compiler output, and every grammar form a passing case under `tests/ui/pass`.
//!
//! rustc's wording changes between versions, so the snapshots are checked only on the toolchain
//! they were taken with: `rust-toolchain.toml` pins it, and on any other the test is reported as
//! ignored.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr snapshots were taken with rustc 1.95"
)]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
    // The builder API's checks: the same mistakes, caught by its traits.
    cases.compile_fail("tests/ui/builder/*.rs");
}
