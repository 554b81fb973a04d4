//! brainstate's COBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007)
//!
//! `cargo run --release --example coba -- [--variant brainstate|brette] [--scale S]
//! [--duration 1s] [--seed N] [--json]` (add `--features plot` for a raster PNG).
//!
//! - `brainstate` (default): brainstate's `benchmark/COBA_2005.py` built eagerly — one LIFRef
//!   population of 4 000·scale neurons (E first), soft reset, V0 ~ Normal(−55, 2) mV, every
//!   neuron fed 20 mA through R = 1 Ω; E→all and I→all with exactly 80 targets per source,
//!   0.6 mS and 6.7 mS, Expon τ 5 / 10 ms, COBA E 0 / −80 mV. With brainstate's units
//!   (mS·mV = µA against 20 mA) the recurrent input is weak and the rate is near the
//!   uncoupled 53 Hz: brainstate measures 50.71 Hz over 1 s and 50.61 Hz over 10 s.
//! - `brette`: the same network in the benchmark's physical units — C 200 pF, gL 10 nS
//!   (R = 1/gL = 100 MΩ, τ = C/gL = 20 ms), hard reset, 6 nS and 67 nS, a 200 pA drive
//!   (R·I = 20 mV, as above), V0 ~ Normal(−55, 5) mV, pairwise Bernoulli p = 80/N.

#[path = "common/mod.rs"]
mod common;
mod ei_network;

use std::error::Error;

use common::NetworkArgs;

fn main() -> Result<(), Box<dyn Error>> {
    let args = NetworkArgs::from_env("coba", &["brainstate", "brette"], "coba_raster.png");
    ei_network::run::<ei_network::coba::CobaNetwork>("coba", &args)
}
