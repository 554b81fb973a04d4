//! The integration tests of `neurodim`, one module a file, linked into one test binary (one
//! link step instead of one per file). `tests/network_alloc.rs` stays its own binary: it
//! installs a counting global allocator, which must not see the other tests.
//!
//! Run one file's tests with `cargo test --test it network_rates::`. proptest keeps the failing
//! cases it finds in `tests/proptest-regressions/<module>.txt` (its default for a test crate with
//! a `main.rs`), and replays them first.

#[cfg(feature = "benchmarks")]
mod brunel;
mod common;
mod custom_model;
#[cfg(feature = "benchmarks")]
mod example_flags;
mod io;
mod io_faults;
mod models_match_exp_euler;
mod network_checkpoint_streams;
mod network_encoder;
mod network_inputs;
#[cfg(feature = "benchmarks")]
mod network_precision;
#[cfg(feature = "benchmarks")]
mod network_rates;
mod network_reliability;
mod network_schedule;
#[cfg(feature = "benchmarks")]
mod network_threads;
#[cfg(feature = "benchmarks")]
mod stdp_song;
