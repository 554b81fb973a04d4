//! The integration tests of `neurodim-state`, one module a file, linked into one test binary
//! (one link step instead of one per file).
//!
//! Run one file's tests with `cargo test -p neurodim-state --test it checkpoint::`.

mod checkpoint;
mod checkpoint_corruption;
mod checkpoint_files;
mod checkpoint_metadata;
mod delay;
mod finite_initial_values;
mod initialisers;
mod lifecycle;
mod stream_state;
