//! The integration tests of `neurodim`, one module a file, linked into one test binary (one
//! link step instead of one per file). `tests/network_alloc.rs` stays its own binary: it
//! installs a counting global allocator, which must not see the other tests.
//!
//! Run one file's tests with `cargo test --test it network_rates::`. proptest keeps the failing
//! cases it finds in `tests/proptest-regressions/<module>.txt` (its default for a test crate with
//! a `main.rs`), and replays them first.

// The `coba` and `cuba` examples' modules, shared by the network tests and `example_flags`
// (at the crate root, where their `crate::` paths point).
#[path = "../../examples/common/mod.rs"]
mod common;
#[path = "../../examples/ei_network/mod.rs"]
mod ei_network;

mod custom_model;
mod example_flags;
mod io;
mod io_faults;
mod models_match_exp_euler;
mod network_checkpoint_streams;
mod network_encoder;
mod network_inputs;
mod network_precision;
mod network_rates;
mod network_reliability;
mod network_schedule;
mod network_threads;
