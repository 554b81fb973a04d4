use neurodim_state::init::Constant;
use neurodim_state::{IntoShape, State, StepContext};
use neurodim_units::validate::time_constant;
use neurodim_units::{Probability, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::synapse::{check_input, decay_factor};

/// Parameters of [`Stp`], with brainstate's defaults.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let pre = net.add_spike_source("pre", SpikeTime::new(1, vec![0], vec![0.0 * ms])?)?;
/// let post = net.add_population("post", Lif::new(1, LifParams::default())?)?;
/// net.connect("E", pre, post)
///     .rule(OneToOne)
///     .weight(1.0 * nS)
///     .synapse(ExponParams { tau: 5.0 * ms })
///     .output(Coba::new(0.0 * mV)?)
///     .short_term_plasticity(StpParams::default())
///     .add()?;
/// let g = net.monitor_state("E.syn.g", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let g: Vec<f64> = net.conductance_trace(g)?.trace(0).map(|g| g.value_in(nS)).collect();
/// // the first spike delivers u·x·w after one step of facilitation (brainstate: 0.2005)
/// assert!((g[1] - 0.2005).abs() < 5e-5);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StpParams {
    /// Utilisation increment `U` per spike, in [0, 1] (default 0.15).
    pub u: Probability,
    /// Facilitation time constant `τ_f` (default 1500 ms; > 0).
    pub tau_f: Time,
    /// Depression (recovery) time constant `τ_d` (default 200 ms; > 0).
    pub tau_d: Time,
}

impl Default for StpParams {
    fn default() -> Self {
        StpParams {
            u: Probability::new(0.15).expect("0.15 lies in [0, 1]"),
            tau_f: 1500.0 * ms,
            tau_d: 200.0 * ms,
        }
    }
}

/// Short-term plasticity, facilitation and depression (brainstate's `STP`,
/// Tsodyks–Markram form as brainstate writes it):
///
/// `τ_f du/dt = −u`, `τ_d dx/dt = 1 − x` (exponential Euler), then for a spike
/// `u ← u + U(1 − u_old)`, `x ← x − u·x_old`; output `u·x·spike`.
///
/// As in brainstate, u starts at `U`, so the first spike already shows facilitation (brainstate,
/// kept). States `"x"` (default 1) and `"u"` (default `U`), hidden.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::synapse::Stp;
/// let mut stp = Stp::new(1, StpParams::default())?;
/// init_all(&mut stp, None, 0)?;
/// let mut efficacy = [0.0];
/// stp.update(&Environment::new(0.1 * ms)?.step(0), &[true], &mut efficacy)?;
/// assert!((efficacy[0] - 0.2005).abs() < 5e-5); // brainstate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Stp {
    params: StpParams,
    x: State<f64>,
    u: State<f64>,
}

impl Stp {
    /// An STP population of `shape` (`τ_f, τ_d > 0`; `U` is a [`Probability`]).
    pub fn new(shape: impl IntoShape, params: StpParams) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        time_constant("tau_f", params.tau_f)?;
        time_constant("tau_d", params.tau_d)?;
        Ok(Stp {
            params,
            x: State::hidden(shape.clone(), Constant(1.0)),
            u: State::hidden(shape, Constant(params.u.get())),
        })
    }

    /// The parameters.
    pub fn params(&self) -> StpParams {
        self.params
    }

    /// The available resources x.
    pub fn x(&self) -> &[f64] {
        self.x.values()
    }

    /// The utilisation u.
    pub fn u(&self) -> &[f64] {
        self.u.values()
    }

    /// One step with presynaptic `spikes`; writes `u·x·spike` into `efficacy`.
    pub fn update(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        efficacy: &mut [f64],
    ) -> Result<(), DynError> {
        let x = self.x.values_mut();
        check_input("x", x.len(), "presynaptic spikes", Some(spikes.len()))?;
        check_len("efficacy", x.len(), efficacy.len())?;
        let u = self.u.values_mut();
        let p = self.params;
        let (k_f, k_d) = (decay_factor(ctx.dt, p.tau_f), decay_factor(ctx.dt, p.tau_d));
        let big_u = p.u.get();
        let elements = x.iter_mut().zip(u.iter_mut()).zip(spikes).zip(efficacy.iter_mut());
        for (((x, u), &spike), out) in elements {
            let s = if spike { 1.0 } else { 0.0 };
            let u_decayed = *u + (k_f * (-*u / p.tau_f)).value;
            let x_recovered = *x + (k_d * ((1.0 - *x) / p.tau_d)).value;
            let u_new = u_decayed + s * big_u * (1.0 - *u);
            let x_new = x_recovered - s * u_new * *x;
            (*u, *x) = (u_new, x_new);
            *out = u_new * x_new * s;
        }
        Ok(())
    }
}

neurodim_state::stateful_fields!(Stp { state "x" => x, state "u" => u });

#[cfg(test)]
mod tests {
    use crate::synapse::{StpParams, *};
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        let p = StpParams::default();
        assert_eq!((p.u.get(), p.tau_f, p.tau_d), (0.15, 1500.0 * ms, 200.0 * ms));
    }

    #[test]
    fn a_zero_tau_f_is_refused() {
        assert!(Stp::new(10, StpParams::default()).is_ok());
        assert!(Stp::new(10, StpParams { tau_f: 0.0 * ms, ..StpParams::default() }).is_err());
    }

    #[test]
    fn params_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Stp::new(1, StpParams::default())?.params(), StpParams::default());
        Ok(())
    }

    #[test]
    fn resources_start_full() -> Result<(), Box<dyn std::error::Error>> {
        let mut stp = Stp::new(1, StpParams::default())?;
        init_all(&mut stp, None, 0)?;
        assert_eq!(stp.x(), [1.0]);
        Ok(())
    }

    #[test]
    fn u_starts_at_u() -> Result<(), Box<dyn std::error::Error>> {
        let mut stp = Stp::new(1, StpParams::default())?;
        init_all(&mut stp, None, 0)?;
        assert_eq!(stp.u(), [0.15]);
        Ok(())
    }

    #[test]
    fn efficacy_only_where_a_spike_arrives() -> Result<(), Box<dyn std::error::Error>> {
        let mut stp = Stp::new(2, StpParams::default())?;
        init_all(&mut stp, None, 0)?;
        let mut efficacy = [0.0; 2];
        stp.update(&Environment::new(0.1 * ms)?.step(0), &[true, false], &mut efficacy)?;
        assert!(efficacy[0] > 0.2 && efficacy[1] == 0.0);
        Ok(())
    }
}
