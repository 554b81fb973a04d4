//! Brunel's (2000) balanced random network of `iaf_psc_delta` neurons, with the parameters of
//! NEST's example `brunel_delta_nest.py`.

use neurodim_dyn::DynError;
use neurodim_dyn::connect::{ConnectionRule, FixedInDegree, SynapseDelays};
use neurodim_dyn::input::PoissonInput;
use neurodim_dyn::kernel::Neurons;
use neurodim_dyn::network::{Network, NetworkPrecision, PopulationId};
use neurodim_dyn::neuron::IafPscDeltaParams;
use neurodim_dyn::projection::Delta;
use neurodim_state::StreamKey;
use neurodim_units::{Frequency, Hz, Time, Voltage, mV, ms, pA, pF};

use super::dt;

/// Brunel's (2000) network in the asynchronous irregular state, as NEST's example
/// `brunel_delta_nest.py` builds it: `N_E = 4·order` excitatory and `N_I = order` inhibitory
/// [`IafPscDelta`](neurodim_dyn::neuron::IafPscDelta) neurons (`C_m` = 1 pF, `τ_m` = 20 ms,
/// `t_ref` = 2 ms, `E_L` = `V_reset` = `V(0)` = 0 mV, `V_th` = θ = 20 mV); every neuron
/// receives `C_E = int(0.1·N_E)` excitatory synapses of `J` = 0.1 mV and `C_I = int(0.1·N_I)`
/// inhibitory ones of `−g·J` (`g` = 5) from sources drawn at random with replacement (NEST's
/// `fixed_indegree`, self-connections allowed), all with NEST's delay of `D` = 1.5 ms
/// ([`SynapseDelays::nest`]); and an external drive of `C_E` independent Poisson sources at
/// `ν_ext = η·ν_th` (`η` = 2, `ν_th = θ/(J·C_E·τ_m)`), each spike a jump of `J`. dt = 0.1 ms.
///
/// NEST draws the external drive as one Poisson process of rate `C_E·ν_ext` per neuron (a
/// Poisson count of mean 2 per step); here it is the count of `C_E` sources, Binomial(`C_E`,
/// `ν_ext·dt`), whose variance is `1 − ν_ext·dt` (0.998) times the Poisson's.
///
/// ```
/// use neurodim::benchmarks::BrunelNetwork;
/// use neurodim::prelude::*;
/// let mut brunel = BrunelNetwork::<f64>::build(250, 1)?; // 1 000 E + 250 I
/// let spikes = brunel.network.monitor_spikes(brunel.exc)?;
/// brunel.network.run_for(200.0 * ms)?;
/// let rate = brunel.network.spike_monitor(spikes)?.num_spikes() as f64 / (1000.0 * 0.2);
/// assert!(rate > 5.0 && rate < 100.0, "{rate} Hz");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug)]
pub struct BrunelNetwork<F: NetworkPrecision = f64> {
    /// The network, initialised.
    pub network: Network<F>,
    /// The excitatory population `"E"`.
    pub exc: PopulationId,
    /// The inhibitory population `"I"`.
    pub inh: PopulationId,
}

impl<F: NetworkPrecision> BrunelNetwork<F> {
    /// NEST's example's order: 10 000 excitatory and 2 500 inhibitory neurons.
    pub const ORDER: usize = 2500;
    /// The excitatory weight `J`.
    pub const J: f64 = 0.1;
    /// The relative strength of inhibition `g`.
    pub const G: f64 = 5.0;
    /// The external rate relative to the threshold rate, `η`.
    pub const ETA: f64 = 2.0;

    /// The neuron parameters of NEST's example.
    pub fn neuron() -> IafPscDeltaParams {
        IafPscDeltaParams {
            c_m: 1.0 * pF,
            tau_m: 20.0 * ms,
            t_ref: 2.0 * ms,
            e_l: 0.0 * mV,
            v_reset: 0.0 * mV,
            v_th: 20.0 * mV,
            i_e: 0.0 * pA,
            v_min: None,
            refractory_input: false,
        }
    }

    /// The delay of every synapse, `D` = 1.5 ms (as NEST counts it).
    pub fn delay() -> Time {
        1.5 * ms
    }

    /// The rate of each of the `C_E` external sources, `ν_ext = η·θ/(J·C_E·τ_m)`.
    pub fn external_rate(c_e: usize) -> Frequency {
        let nu_th = 20.0 / (Self::J * c_e as f64 * 20.0); // per ms
        Self::ETA * nu_th * 1000.0 * Hz
    }

    /// The network of `4·order + order` neurons, its synapses drawn from `seed` (streams
    /// `"<projection>.conn"`), its Poisson drives seeded by `seed`, initialised.
    pub fn build(order: usize, seed: u64) -> Result<Self, DynError> {
        let (n_e, n_i) = (4 * order, order);
        let (c_e, c_i) = ((0.1 * n_e as f64) as usize, (0.1 * n_i as f64) as usize);
        let mut network = Network::<F>::with_precision(dt())?;
        let exc = network.add_population("E", Neurons::new(n_e, Self::neuron())?)?;
        let inh = network.add_population("I", Neurons::new(n_i, Self::neuron())?)?;
        let j: Voltage = Self::J * mV;
        let delays = SynapseDelays::nest(Self::delay(), dt())?;
        let sizes = [(exc, n_e), (inh, n_i)];
        for ((pre, n_pre), degree, weight, pre_name) in
            [(sizes[0], c_e, j, "E"), (sizes[1], c_i, -Self::G * j, "I")]
        {
            for ((post, n_post), post_name) in sizes.into_iter().zip(["E", "I"]) {
                let name = format!("{pre_name}{post_name}");
                let mut rng = StreamKey::new(seed, &format!("{name}.conn")).rng();
                let topology = FixedInDegree::new(degree).connect(n_pre, n_post, &mut rng)?;
                let delta = Delta::new(pre, post, topology.with_weight(weight)?);
                network.add_delta(&name, delta.with_delays(delays.clone()))?;
            }
        }
        let nu_ext = Self::external_rate(c_e);
        for ((population, n), name) in sizes.into_iter().zip(["Eext", "Iext"]) {
            let drive = PoissonInput::new(n, c_e as u64, nu_ext, j)?;
            network.add_poisson_to_v(name, population, drive)?;
        }
        network.init(seed)?;
        Ok(BrunelNetwork { network, exc, inh })
    }
}
