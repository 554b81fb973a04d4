//! The integration tests of `neurodim-dyn`, one module a file, linked into one test binary (one
//! link step instead of one per file). `tests/rate_alloc.rs` stays its own binary: it installs
//! a counting global allocator, which must not see the other tests.
//!
//! Run one file's tests with `cargo test -p neurodim-dyn --test it neurons::`.

mod common;
mod connect_delays;
mod connect_errors;
mod connect_propagate;
mod connect_rules;
mod inputs;
mod integrate;
mod monitors;
mod nest_closed_forms;
mod nest_conventions;
mod nest_current_devices;
mod nest_neurons;
mod nest_recorders;
mod nest_spike_devices;
mod nest_synapses;
mod nest_testsuite;
mod network_current;
mod network_current_potential;
mod network_fused;
mod network_mg_block;
mod neurons;
mod outputs;
mod plasticity;
mod plasticity_nest;
mod rate_errors;
mod rate_properties;
mod rate_shapes;
mod rate_values;
mod static_synapses;
mod surrogate;
mod synapses;
