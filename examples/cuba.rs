//! brainstate's CUBA benchmark network (Vogels & Abbott 2005)
//!
//! `cargo run --release --example cuba -- [--variant brainstate|brian2] [--scale S]
//! [--duration 1s] [--seed N] [--json]` (add `--features plot` for a raster PNG).
//!
//! - `brainstate` (default): `benchmark/CUBA_2005.py` built eagerly — as `coba` but
//!   V_rest = −49 mV, weights 1.62 mS and −9.0 mS into Expon τ 5 / 10 ms with CUBA outputs of
//!   scale 1 V (so g·1 V·1 Ω is 1.62 mV per unit of g), 20 mA input. brainstate measures
//!   24.39 Hz over 10 s.
//! - `brian2`: Brian2's CUBA example — τ_m 20 ms, E_L −49, V_th −50, V_reset −60 mV (hard),
//!   refractory 5 ms, excitatory and inhibitory current traces (τ 5 / 10 ms) that jump by
//!   w_e = 60·0.27/10 mV and w_i = −20·4.5/10 mV per spike (written as 1.62 mS and −9 mS
//!   through R = 1 Ω and a CUBA scale of 1 V), V0 uniform in [V_reset, V_th], no external
//!   input, pairwise Bernoulli p = 0.02.

#[path = "common/mod.rs"]
mod common;
mod ei_network;

use std::error::Error;

use common::NetworkArgs;

fn main() -> Result<(), Box<dyn Error>> {
    let args = NetworkArgs::from_env("cuba", &["brainstate", "brian2"], "cuba_raster.png");
    ei_network::run::<ei_network::cuba::CubaNetwork>("cuba", &args)
}
