use core::ops::Div;

use neurodim_state::init::{Constant, Initializer, Zero};
use neurodim_state::{IntoShape, State, StepContext};
use neurodim_units::validate::{non_negative, positive};
use neurodim_units::{Concentration, Frequency, Time, mM, ms};

use crate::DynError;
use crate::neuron::StepWindow;
use crate::neuron::exp_euler_factor;
use crate::synapse::check_input;

/// A binding rate per transmitter concentration (SI: 1/(s·mol/m³)); usual unit 1/(ms·mM).
///
/// ```
/// use neurodim_dyn::synapse::RateConstant;
/// use neurodim_units::prelude::*;
/// let alpha: RateConstant = 0.98 / (ms * mM);
/// assert!(((alpha * (0.5 * mM)).value_in(kHz) - 0.49).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type RateConstant = <Frequency as Div<Concentration>>::Output;

/// Parameters of a [`Receptor`]; [`ReceptorParams::ampa`] and [`ReceptorParams::gaba_a`] are
/// brainstate's `AMPA` and `GABAa` defaults.
///
/// ```
/// use neurodim_dyn::synapse::Receptor;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// // AMPA with a transmitter pulse twice as long: more receptors open after a spike
/// let long = ReceptorParams { t_dur: 1.0 * ms, ..ReceptorParams::ampa() };
/// let env = Environment::new(0.1 * ms)?;
/// let mut open = Vec::new();
/// for params in [ReceptorParams::ampa(), long] {
///     let mut receptor = Receptor::new(1, params)?;
///     init_all(&mut receptor, None, 0)?;
///     for i in 0..10 {
///         receptor.update(&env.step(i), &[i == 0])?;
///     }
///     open.push(receptor.g()[0]);
/// }
/// assert!(open[1] > open[0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReceptorParams {
    /// Binding rate `α` (> 0).
    pub alpha: RateConstant,
    /// Unbinding rate `β` (> 0).
    pub beta: Frequency,
    /// Transmitter concentration `T` during a pulse (≥ 0).
    pub t_conc: Concentration,
    /// Pulse duration `T_dur` (≥ 0).
    pub t_dur: Time,
}

impl ReceptorParams {
    /// AMPA: `α = 0.98/(ms·mM)`, `β = 0.18/ms`, `T = 0.5 mM`, `T_dur = 0.5 ms`.
    pub fn ampa() -> Self {
        ReceptorParams {
            alpha: 0.98 / (ms * mM),
            beta: 0.18 / ms,
            t_conc: 0.5 * mM,
            t_dur: 0.5 * ms,
        }
    }

    /// GABAa: `α = 0.53/(ms·mM)`, `β = 0.18/ms`, `T = 1 mM`, `T_dur = 1 ms`.
    pub fn gaba_a() -> Self {
        ReceptorParams {
            alpha: 0.53 / (ms * mM),
            beta: 0.18 / ms,
            t_conc: 1.0 * mM,
            t_dur: 1.0 * ms,
        }
    }
}

/// A transmitter-gated receptor with first-order binding kinetics (brainstate's `AMPA` and
/// `GABAa`, which differ only in their defaults):
///
/// `dg/dt = α·[T](1 − g) − β·g`, with `[T] = T` during `T_dur` after each presynaptic spike
/// (the spike's own step included) and 0 otherwise.
///
/// `g` is the open fraction (dimensionless, output as is; the current comes from an output such
/// as [`Coba`](crate::output::Coba) with a maximal conductance). The pulse window counts steps
/// ([`StepWindow::below`]) rather than comparing float times. States: `"g"` (hidden, default 0)
/// and `"spike_arrival_time"` (short-term, −10⁷ ms).
///
/// ```
/// use neurodim_dyn::synapse::Receptor;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut ampa = Receptor::ampa(1)?;
/// init_all(&mut ampa, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// ampa.update(&env.step(0), &[true])?;
/// assert!((ampa.g()[0] - 0.04739).abs() < 5e-6); // brainstate
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Receptor {
    params: ReceptorParams,
    g: State<f64>,
    spike_arrival_time: State<Time>,
}

impl Receptor {
    /// A receptor population of `shape` with validated `params`.
    pub fn new(shape: impl IntoShape, params: ReceptorParams) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        let per_ms_mm = (params.alpha * ms * mM).value;
        if !(per_ms_mm.is_finite() && per_ms_mm > 0.0) {
            return Err(DynError::invalid("alpha", format!("{per_ms_mm} /(ms·mM)"), "must be > 0"));
        }
        positive("beta", params.beta)?;
        non_negative("T", params.t_conc)?;
        non_negative("T_dur", params.t_dur)?;
        Ok(Receptor {
            params,
            g: State::hidden(shape.clone(), Zero),
            spike_arrival_time: State::short_term(shape, Constant(-1e7 * ms)),
        })
    }

    /// AMPA receptors with brainstate's defaults ([`ReceptorParams::ampa`]).
    pub fn ampa(shape: impl IntoShape) -> Result<Self, DynError> {
        Receptor::new(shape, ReceptorParams::ampa())
    }

    /// GABAa receptors with brainstate's defaults ([`ReceptorParams::gaba_a`]).
    pub fn gaba_a(shape: impl IntoShape) -> Result<Self, DynError> {
        Receptor::new(shape, ReceptorParams::gaba_a())
    }

    /// Replaces the initialiser of g (default zero).
    pub fn with_g_initializer(mut self, init: impl Initializer<f64> + 'static) -> Self {
        self.g = State::hidden(self.g.shape().clone(), init);
        self
    }

    /// The parameters.
    pub fn params(&self) -> ReceptorParams {
        self.params
    }

    /// The open fraction g.
    pub fn g(&self) -> &[f64] {
        self.g.values()
    }

    /// One step: record the arrival of `pre_spikes` at `t`, then integrate g by exponential
    /// Euler with `J = −(α[T] + β)`.
    pub fn update(&mut self, ctx: &StepContext, pre_spikes: &[bool]) -> Result<(), DynError> {
        let g = self.g.values_mut();
        check_input("g", g.len(), "presynaptic spikes", Some(pre_spikes.len()))?;
        let arrival = self.spike_arrival_time.values_mut();
        let p = self.params;
        let (dt, t) = (ctx.dt, ctx.t);
        let pulse = StepWindow::below(p.t_dur, dt);
        // the two possible right-hand sides: transmitter present (rate α·T) or absent
        let step = |g: f64, rate_on: Frequency| {
            let f = rate_on * (1.0 - g) - p.beta * g;
            let j = -(rate_on + p.beta);
            g + (exp_euler_factor(dt, j) * f).value
        };
        let on = p.alpha * p.t_conc;
        let off = Frequency::default();
        for ((g, arrival), &spike) in g.iter_mut().zip(arrival.iter_mut()).zip(pre_spikes) {
            if spike {
                *arrival = t;
            }
            *g = step(*g, if pulse.contains(t - *arrival) { on } else { off });
        }
        Ok(())
    }
}

neurodim_state::stateful_fields!(Receptor { state "g" => g, state "spike_arrival_time" => spike_arrival_time });

#[cfg(test)]
mod tests {
    use crate::synapse::{ReceptorParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn ampa_and_gaba_a_parameters() {
        assert_eq!(ReceptorParams::ampa().t_dur, 0.5 * ms);
        assert_eq!(ReceptorParams::gaba_a().t_conc, 1.0 * mM);
    }

    #[test]
    fn ampa_transmitter_concentration() {
        assert_eq!(ReceptorParams::ampa().t_conc, 0.5 * mM);
    }

    #[test]
    fn gaba_a_binding_rate() {
        assert_eq!(ReceptorParams::gaba_a().alpha, 0.53 / (ms * mM));
    }

    #[test]
    fn ampa_receptors_have_ampa_params() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Receptor::ampa(1)?.params(), ReceptorParams::ampa());
        Ok(())
    }

    #[test]
    fn gaba_a_pulse_lasts_1_ms() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Receptor::gaba_a(1)?.params().t_dur, 1.0 * ms);
        Ok(())
    }

    #[test]
    fn g_initializer_sets_the_open_fraction() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = Receptor::ampa(1)?.with_g_initializer(Constant(0.5));
        init_all(&mut r, None, 0)?;
        assert_eq!(r.g()[0], 0.5);
        Ok(())
    }

    #[test]
    fn params_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Receptor::gaba_a(1)?.params(), ReceptorParams::gaba_a());
        Ok(())
    }

    #[test]
    fn closed_after_init() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = Receptor::gaba_a(2)?;
        init_all(&mut r, None, 0)?;
        assert_eq!(r.g(), [0.0, 0.0]);
        Ok(())
    }

    #[test]
    fn a_spike_opens_its_receptors_only() -> Result<(), Box<dyn std::error::Error>> {
        let mut r = Receptor::gaba_a(2)?;
        init_all(&mut r, None, 0)?;
        r.update(&Environment::new(0.1 * ms)?.step(0), &[true, false])?;
        assert!(r.g()[0] > 0.0 && r.g()[1] == 0.0);
        Ok(())
    }

    #[test]
    fn a_zero_unbinding_rate_is_refused() {
        assert!(Receptor::new(10, ReceptorParams::ampa()).is_ok());
        let bad = ReceptorParams { beta: 0.0 / ms, ..ReceptorParams::gaba_a() };
        assert!(Receptor::new(10, bad).is_err());
    }
}
