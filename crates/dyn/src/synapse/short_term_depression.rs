use neurodim_state::init::Constant;
use neurodim_state::{IntoShape, State, StepContext};
use neurodim_units::validate::time_constant;
use neurodim_units::{Probability, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::synapse::{check_input, decay_factor};

/// Parameters of [`Std`], with brainstate's defaults.
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
///     .short_term_plasticity(StdParams::default())
///     .add()?;
/// let g = net.monitor_state("E.syn.g", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let g: Vec<f64> = net.conductance_trace(g)?.trace(0).map(|g| g.value_in(nS)).collect();
/// // the first spike uses a fraction U = 0.07 of the resources: it delivers (1 − U) w
/// assert!((g[1] - 0.93).abs() < 1e-12);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StdParams {
    /// Recovery time constant `τ` (default 200 ms; > 0).
    pub tau: Time,
    /// Fraction `U` of resources used per spike, in [0, 1] (default 0.07).
    pub u: Probability,
}

impl Default for StdParams {
    fn default() -> Self {
        StdParams { tau: 200.0 * ms, u: Probability::new(0.07).expect("0.07 lies in [0, 1]") }
    }
}

/// Short-term depression (brainstate's `STD`):
///
/// `τ dx/dt = 1 − x` (exponential Euler), then for a spike `x ← x − U·x_old`; output
/// `x·spike`, the efficacy *after* depletion (kept): 0.93, 0.8649, 0.8045, … for
/// spikes in consecutive steps. State `"x"` (hidden, default 1).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::synapse::Std;
/// let mut std = Std::new(1, StdParams::default())?;
/// init_all(&mut std, None, 0)?;
/// let mut efficacy = [0.0];
/// std.update(&Environment::new(0.1 * ms)?.step(0), &[true], &mut efficacy)?;
/// assert!((efficacy[0] - 0.93).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Std {
    params: StdParams,
    x: State<f64>,
}

impl Std {
    /// An STD population of `shape` (`τ > 0`; `U` is a [`Probability`]).
    pub fn new(shape: impl IntoShape, params: StdParams) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        time_constant("tau", params.tau)?;
        Ok(Std { params, x: State::hidden(shape, Constant(1.0)) })
    }

    /// The parameters.
    pub fn params(&self) -> StdParams {
        self.params
    }

    /// The available resources x.
    pub fn x(&self) -> &[f64] {
        self.x.values()
    }

    /// One step with presynaptic `spikes`; writes `x·spike` into `efficacy`.
    pub fn update(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        efficacy: &mut [f64],
    ) -> Result<(), DynError> {
        let x = self.x.values_mut();
        check_input("x", x.len(), "presynaptic spikes", Some(spikes.len()))?;
        check_len("efficacy", x.len(), efficacy.len())?;
        let (k, tau, big_u) =
            (decay_factor(ctx.dt, self.params.tau), self.params.tau, self.params.u.get());
        for ((x, &spike), out) in x.iter_mut().zip(spikes).zip(efficacy.iter_mut()) {
            let s = if spike { 1.0 } else { 0.0 };
            let recovered = *x + (k * ((1.0 - *x) / tau)).value;
            *x = recovered - s * big_u * *x;
            *out = *x * s;
        }
        Ok(())
    }
}

neurodim_state::stateful_fields!(Std { state "x" => x });

#[cfg(test)]
mod tests {
    use crate::synapse::{StdParams, *};
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        let p = StdParams::default();
        assert_eq!((p.tau, p.u.get()), (200.0 * ms, 0.07));
    }

    #[test]
    fn a_zero_tau_is_refused() {
        assert!(Std::new(10, StdParams::default()).is_ok());
        assert!(Std::new(10, StdParams { tau: 0.0 * ms, ..StdParams::default() }).is_err());
    }

    #[test]
    fn params_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Std::new(1, StdParams::default())?.params(), StdParams::default());
        Ok(())
    }

    #[test]
    fn resources_start_full() -> Result<(), Box<dyn std::error::Error>> {
        let mut std = Std::new(2, StdParams::default())?;
        init_all(&mut std, None, 0)?;
        assert_eq!(std.x(), [1.0, 1.0]);
        Ok(())
    }

    #[test]
    fn efficacy_only_where_a_spike_arrives() -> Result<(), Box<dyn std::error::Error>> {
        let mut std = Std::new(2, StdParams::default())?;
        init_all(&mut std, None, 0)?;
        let mut efficacy = [0.0; 2];
        std.update(&Environment::new(0.1 * ms)?.step(0), &[true, false], &mut efficacy)?;
        assert!((efficacy[0] - 0.93).abs() < 1e-12 && efficacy[1] == 0.0);
        Ok(())
    }
}
