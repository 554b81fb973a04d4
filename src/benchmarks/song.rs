//! Song, Miller & Abbott (2000): one neuron, 1 000 Poisson inputs, additive STDP.

use neurodim_dyn::DynError;
use neurodim_dyn::connect::AllToAll;
use neurodim_dyn::input::PoissonSpike;
use neurodim_dyn::network::{Network, PopulationId};
use neurodim_dyn::neuron::{Lif, LifParams, SpikeReset};
use neurodim_dyn::output::Coba;
use neurodim_dyn::plasticity::Stdp;
use neurodim_dyn::synapse::ExponParams;
use neurodim_state::StreamKey;
use neurodim_state::init::{Initializer, Uniform};
use neurodim_units::{Conductance, Hz, mV, ms, nS};

use super::dt;

/// Song, Miller & Abbott's (2000) network with the parameters of Brian2's documented example of
/// it (`examples/synapses/STDP.py`): [`INPUTS`](Self::INPUTS) Poisson inputs at 15 Hz onto one
/// LIF neuron, `τ_m dV/dt = (E_L − V) + (g/g_L)(E_e − V)` with `τ_m = 10 ms`, `E_L = −74 mV`,
/// `E_e = 0 mV`, threshold −54 mV, reset to −60 mV, `g` an exponential synapse of 5 ms; `g_L` =
/// 10 nS, `Wmax = 0.01·g_L`, initial weights uniform in `[0, Wmax)` (stream `"song.w0"`);
/// additive STDP (`Stdp::additive`, `λ = 0.01`, `α = 1.05`, `τ₊ = τ₋ = 20 ms`) on the projection
/// [`PROJECTION`](Self::PROJECTION); no delay; dt = 0.1 ms. Initialised from `seed`.
///
/// ```
/// use neurodim::benchmarks::SongNetwork;
/// use neurodim::prelude::*;
/// let mut song = SongNetwork::build(1)?;
/// song.network.run_for(100.0 * ms)?;
/// assert_eq!(song.network.weights(SongNetwork::PROJECTION)?.len(), SongNetwork::INPUTS);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug)]
pub struct SongNetwork {
    /// The network, initialised.
    pub network: Network,
    /// The output neuron.
    pub cell: PopulationId,
    /// The bound of the weights.
    pub w_max: Conductance,
}

impl SongNetwork {
    /// The number of inputs.
    pub const INPUTS: usize = 1000;
    /// The plastic projection's name.
    pub const PROJECTION: &'static str = "song";

    /// The network, initialised from `seed` (the inputs' spikes and the initial weights).
    pub fn build(seed: u64) -> Result<Self, DynError> {
        let g_leak = 10.0 * nS;
        let w_max = 0.01 * g_leak;
        let mut network = Network::new(dt())?;
        let inputs =
            network.add_spike_source("inputs", PoissonSpike::new(Self::INPUTS, 15.0 * Hz)?)?;
        let params = LifParams {
            r: 1.0 / g_leak,
            tau: 10.0 * ms,
            v_rest: -74.0 * mV,
            v_th: -54.0 * mV,
            v_reset: -60.0 * mV,
            reset: SpikeReset::Hard,
        };
        let cell = network.add_population("cell", Lif::new(1, params)?)?;
        network
            .connect(Self::PROJECTION, inputs, cell)
            .rule(AllToAll::new())
            .weight(w_max)
            .synapse(ExponParams { tau: 5.0 * ms })
            .output(Coba::new(0.0 * mV)?)
            .stdp(Stdp { alpha: 1.05, ..Stdp::additive(w_max) })
            .add()?;
        network.init(seed)?;
        let mut rng = StreamKey::new(seed, "song.w0").rng();
        let w0 = Uniform::new(0.0 * nS, w_max)?.values(&[Self::INPUTS], &mut rng)?;
        network.set_weights(Self::PROJECTION, &w0)?;
        Ok(SongNetwork { network, cell, w_max })
    }

    /// The weights divided by `Wmax`, one per input.
    pub fn normalised_weights(&self) -> Result<Vec<f64>, DynError> {
        let weights = self.network.weights(Self::PROJECTION)?;
        Ok(weights.iter().map(|&w| (w / self.w_max).value).collect())
    }
}
