//! brainstate's CUBA benchmark network (Vogels & Abbott 2005)
//!
//! `cargo run --release --example cuba -- [--variant brainstate|brian2] [--scale S]
//! [--duration 1s] [--seed N] [--json]` (add `--features plot` for a raster PNG).
//!
//! The network and its variants are `neurodim::benchmarks::CubaNetwork`'s; this program adds
//! the flags, a progress bar on stderr and the report (`--json`: one JSON object on stdout).

mod common;

use std::error::Error;

use common::NetworkArgs;
use neurodim::benchmarks::{Builder, CubaNetwork};

fn main() -> Result<(), Box<dyn Error>> {
    let args = NetworkArgs::from_env(CubaNetwork::NAME, CubaNetwork::VARIANTS, "cuba_raster.png");
    common::run::run::<CubaNetwork>(&args)
}
