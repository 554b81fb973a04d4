//! brainstate's COBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007)
//!
//! `cargo run --release --example coba -- [--variant brainstate|brette] [--scale S]
//! [--duration 1s] [--seed N] [--json]` (add `--features plot` for a raster PNG).
//!
//! The network and its variants are `neurodim::benchmarks::CobaNetwork`'s; this program adds
//! the flags, a progress bar on stderr and the report (`--json`: one JSON object on stdout).

mod common;

use std::error::Error;

use common::NetworkArgs;
use neurodim::benchmarks::{Builder, CobaNetwork};

fn main() -> Result<(), Box<dyn Error>> {
    let args = NetworkArgs::from_env(CobaNetwork::NAME, CobaNetwork::VARIANTS, "coba_raster.png");
    common::run::run::<CobaNetwork>(&args)
}
