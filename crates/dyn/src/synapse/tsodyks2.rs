use neurodim_state::init::Constant;
use neurodim_state::{IntoShape, State, StepContext};
use neurodim_units::validate::{non_negative, time_constant};
use neurodim_units::{Probability, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::synapse::check_input;

/// Parameters of [`Tsodyks2`], with NEST's names and defaults (`tsodyks2_synapse`, NEST 3.10).
///
/// ```
/// use neurodim_dyn::synapse::Tsodyks2Params;
/// use neurodim_units::prelude::*;
/// let p = Tsodyks2Params::default();
/// assert_eq!((p.u.get(), p.tau_rec, p.tau_fac), (0.5, 800.0 * ms, 0.0 * ms));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tsodyks2Params {
    /// NEST's `U`: the use of resources by a spike, and the initial `u` (default 0.5).
    pub u: Probability,
    /// Recovery time constant `tau_rec` (default 800 ms; > 0).
    pub tau_rec: Time,
    /// Facilitation time constant `tau_fac` (default 0 ms: no facilitation; ≥ 0).
    pub tau_fac: Time,
}

impl Default for Tsodyks2Params {
    fn default() -> Self {
        Tsodyks2Params {
            u: Probability::new(0.5).expect("0.5 lies in [0, 1]"),
            tau_rec: 800.0 * ms,
            tau_fac: 0.0 * ms,
        }
    }
}

/// NEST's `tsodyks2_synapse` (Tsodyks & Markram 1997, Maass & Markram 2002): the efficacy of
/// each presynaptic neuron's synapses, updated at its spikes only. At a spike, `h` after the
/// previous one:
///
/// `x ← 1 + (x − x·u − 1)·e^{−h/τ_rec}`, `u ← U + u·(1 − U)·e^{−h/τ_fac}` (0 for `τ_fac` = 0),
///
/// then the spike transmits `x·u` times its weight (the first spike, with the initial
/// `x = 1`, `u = U`, transmits `U` times it). The depletion by a spike enters the next one's
/// `x − x·u`. Spike times are the ends of the steps that emit them, NEST's stamps. States:
/// `"x"` (1), `"u"` (`U`), `"last_spike"` (−1 ms: none yet).
///
/// ```
/// use neurodim_dyn::synapse::{Tsodyks2, Tsodyks2Params};
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut syn = Tsodyks2::new(1, Tsodyks2Params::default())?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(1.0 * ms)?;
/// let mut efficacy = [0.0];
/// syn.update(&env.step(10), &[true], &mut efficacy)?;
/// assert_eq!(efficacy[0], 0.5); // U
/// syn.update(&env.step(20), &[true], &mut efficacy)?;
/// // x = 1 + (1 − 0.5 − 1)·e^{−10/800}
/// assert!((efficacy[0] - 0.5 * (1.0 - 0.5 * (-10.0f64 / 800.0).exp())).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tsodyks2 {
    params: Tsodyks2Params,
    x: State<f64>,
    u: State<f64>,
    last_spike: State<Time>,
}

neurodim_state::stateful_fields!(Tsodyks2 {
    state "x" => x,
    state "u" => u,
    state "last_spike" => last_spike,
});

impl Tsodyks2 {
    /// The synapses of `shape` presynaptic neurons; NEST's rules on the parameters
    /// (`tau_rec > 0`, `tau_fac ≥ 0`; `U` is a probability by type).
    pub fn new(shape: impl IntoShape, params: Tsodyks2Params) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        time_constant("tau_rec", params.tau_rec)?;
        non_negative("tau_fac", params.tau_fac)?;
        neurodim_units::validate::finite("tau_fac", params.tau_fac)?;
        Ok(Tsodyks2 {
            params,
            x: State::hidden(shape.clone(), Constant(1.0)),
            u: State::hidden(shape.clone(), Constant(params.u.get())),
            last_spike: State::short_term(shape, Constant(-1.0 * ms)),
        })
    }

    /// The parameters.
    pub fn params(&self) -> Tsodyks2Params {
        self.params
    }

    /// The available resources `x`.
    pub fn x(&self) -> &[f64] {
        self.x.values()
    }

    /// The use `u`.
    pub fn u(&self) -> &[f64] {
        self.u.values()
    }

    /// Advances the synapses of the neurons that spiked at `ctx.t` (NEST's stamp of a spike of
    /// the previous step) and writes each one's efficacy `x·u` (0 for the others).
    pub fn update(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        efficacy: &mut [f64],
    ) -> Result<(), DynError> {
        let (x, u, last) = (self.x.values_mut(), self.u.values_mut(), self.last_spike.values_mut());
        check_input("x", x.len(), "presynaptic spikes", Some(spikes.len()))?;
        check_len("efficacy", x.len(), efficacy.len())?;
        let Tsodyks2Params { u: big_u, tau_rec, tau_fac } = self.params;
        let big_u = big_u.get();
        for (k, (&spike, out)) in spikes.iter().zip(efficacy.iter_mut()).enumerate() {
            *out = 0.0;
            if !spike {
                continue;
            }
            if last[k].value >= 0.0 {
                let h = ctx.t - last[k];
                let x_decay = (-(h / tau_rec).value).exp();
                let u_decay = if tau_fac.value == 0.0 { 0.0 } else { (-(h / tau_fac).value).exp() };
                x[k] = 1. + (x[k] - x[k] * u[k] - 1.) * x_decay;
                u[k] = big_u + u[k] * (1. - big_u) * u_decay;
            }
            *out = x[k] * u[k];
            last[k] = ctx.t;
        }
        Ok(())
    }
}
