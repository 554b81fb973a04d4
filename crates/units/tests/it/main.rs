//! The integration tests of `neurodim-units`, one module a file, linked into one test binary
//! (one link step instead of one per file). `tests/compile_fail.rs` (trybuild) stays its own.
//!
//! Run one file's tests with `cargo test -p neurodim-units --test it properties::`.

mod properties;
mod quantities;
