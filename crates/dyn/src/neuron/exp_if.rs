use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{Precision, Shape, State, StateKind, StepContext};
use neurodim_units::validate::{finite, non_negative, positive, time_constant};
use neurodim_units::{Resistance, Time, Voltage, mV, ms, ohm};

use crate::DynError;
use crate::kernel::{
    NeuronInput, NeuronInputs, NeuronModel, Neurons, ParameterVisitor, PerElement,
};
use crate::neuron::check_above;
use crate::neuron::{StepWindow, exp_euler_factor_in, record_spike_times, stored_state, v_state};

/// Parameters of [`ExpIf`], with the defaults of brainpy's `ExpIF` (Fourcaud-Trocmé et al.
/// 2003).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // the rheobase: V stays below V_T while R·I < V_T − V_rest − Δ_T = 1.62 mV
/// let mut net = Network::new(0.05 * ms)?;
/// let below = net.add_population("below", ExpIf::new(1, ExpIfParams::default())?)?;
/// let above = net.add_population("above", ExpIf::new(1, ExpIfParams::default())?)?;
/// net.set_current(below, 1.5 * mA)?; // R = 1 Ω
/// net.set_current(above, 2.0 * mA)?;
/// let (s_below, s_above) = (net.monitor_spikes(below)?, net.monitor_spikes(above)?);
/// net.init(0)?;
/// net.run_for(200.0 * ms)?;
/// assert_eq!(net.spike_monitor(s_below)?.num_spikes(), 0);
/// assert!(net.spike_monitor(s_above)?.num_spikes() > 0);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpIfParams {
    /// Membrane resistance `R` (default 1 Ω; > 0).
    pub r: Resistance,
    /// Membrane time constant `τ` (default 10 ms; > 0).
    pub tau: Time,
    /// Refractory period `τ_ref` (default 1.7 ms; ≥ 0).
    pub tau_ref: Time,
    /// Resting potential `V_rest` (default −65 mV).
    pub v_rest: Voltage,
    /// Reset potential `V_reset` (default −68 mV).
    pub v_reset: Voltage,
    /// Spike detection threshold `V_th` (default −30 mV; > `V_reset`).
    pub v_th: Voltage,
    /// Threshold of the exponential upswing `V_T` (default −59.9 mV).
    pub v_t: Voltage,
    /// Sharpness of the upswing `Δ_T` (default 3.48 mV; > 0).
    pub delta_t: Voltage,
}

impl Default for ExpIfParams {
    fn default() -> Self {
        ExpIfParams {
            r: 1.0 * ohm,
            tau: 10.0 * ms,
            tau_ref: 1.7 * ms,
            v_rest: -65.0 * mV,
            v_reset: -68.0 * mV,
            v_th: -30.0 * mV,
            v_t: -59.9 * mV,
            delta_t: 3.48 * mV,
        }
    }
}

impl ExpIfParams {
    fn checked(self) -> Result<Self, DynError> {
        positive("R", self.r)?;
        time_constant("tau", self.tau)?;
        non_negative("tau_ref", self.tau_ref)?;
        finite("V_rest", self.v_rest)?;
        finite("V_reset", self.v_reset)?;
        finite("V_th", self.v_th)?;
        finite("V_T", self.v_t)?;
        positive("delta_T", self.delta_t)?;
        check_above(("V_th", self.v_th), ("V_reset", self.v_reset), "must be > V_reset")?;
        Ok(self)
    }
}

/// Exponential integrate-and-fire neurons (not in brainstate 0.1.0; brainpy's `ExpIF`):
///
/// `τ dV/dt = −(V − V_rest) + Δ_T·e^((V − V_T)/Δ_T) + R·I(V)`,
///
/// integrated by exponential Euler with the exact `J = (−1 + e^((V − V_T)/Δ_T) + R·slope)/τ`.
/// A neuron spikes when `V ≥ V_th`; at the start of the next update V is set to `V_reset` and
/// held there while the spike is `k` steps old with `k·dt < τ_ref` ([`StepWindow::below`]).
/// dt must resolve the upswing: a step that overflows the exponential gives a non-finite V.
/// States `"V"` (hidden, default `V_rest`) and `"last_spike_time"` (short-term, −10⁷ ms).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::neuron::Drive;
/// let mut pop = ExpIf::new(1, ExpIfParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.05 * ms)?;
/// let (mut spikes, mut count) = ([false], 0);
/// for i in 0..2000 {
///     pop.update(&env.step(i), &Drive::current(10.0 * mA), &mut spikes)?;
///     count += spikes[0] as usize;
/// }
/// assert!(count > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type ExpIf = Neurons<ExpIfParams>;

/// The state of an [`ExpIf`] population: `"V"` (hidden) and `"last_spike_time"` (short-term,
/// `f64` in either precision).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let mut pop = ExpIf::new(3, ExpIfParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["V", "last_spike_time"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExpIfState<F: Precision> {
    pub(crate) v: State<F::Stored<Voltage>>,
    pub(crate) last_spike_time: State<Time>,
}

neurodim_state::stateful_fields!(ExpIfState<F: Precision> {
    state "V" => v,
    state "last_spike_time" => last_spike_time,
});
v_state!(ExpIfState);

/// The constants of an [`ExpIf`] neuron for a step of `dt` (SI base units).
///
/// Derived once per `dt` by the model's `consts`; see [`NeuronModel`](crate::kernel::NeuronModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpIfConsts<F> {
    dt: F,
    r: F,
    tau: F,
    v_rest: F,
    v_reset: F,
    v_th: F,
    v_t: F,
    delta_t: F,
    refractory: StepWindow,
}

impl<F: Precision> ExpIfConsts<F> {
    /// One exponential-Euler step from `v`, with the exact Jacobian.
    #[inline(always)]
    fn integrate(&self, has_slope: bool, v: F, input: &NeuronInput<F>) -> F {
        let upswing = ((v - self.v_t) / self.delta_t).exp();
        let (current, synaptic_j) = if has_slope {
            (input.current + input.slope * v, self.r * input.slope)
        } else {
            (input.current, F::zero())
        };
        let f = (-(v - self.v_rest) + self.delta_t * upswing + self.r * current) / self.tau;
        let j = (upswing - F::one() + synaptic_j) / self.tau;
        v + exp_euler_factor_in(self.dt, j) * f
    }

    /// V at the start of an update: `V_reset` if it spiked.
    #[inline(always)]
    fn reset(&self, v: F) -> F {
        if v >= self.v_th { self.v_reset } else { v }
    }
}

impl NeuronModel for ExpIfParams {
    const NAME: &'static str = "ExpIF";
    type Consts<F: Precision> = ExpIfConsts<F>;
    type State<F: Precision> = ExpIfState<F>;
    type Chunk<'a, F: Precision> = (&'a mut [F::Stored<Voltage>], &'a mut [Time]);

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau", self.tau, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        self.checked().map(|_| ())
    }

    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("R", &mut self.r);
        visitor.value("tau", &mut self.tau);
        visitor.value("tau_ref", &mut self.tau_ref);
        visitor.value("V_rest", &mut self.v_rest);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_T", &mut self.v_t);
        visitor.value("delta_T", &mut self.delta_t);
    }

    fn consts<F: Precision>(&self, dt: Time) -> ExpIfConsts<F> {
        let f = |x: f64| F::of(x);
        ExpIfConsts {
            dt: f(dt.value),
            r: f(self.r.value),
            tau: f(self.tau.value),
            v_rest: f(self.v_rest.value),
            v_reset: f(self.v_reset.value),
            v_th: f(self.v_th.value),
            v_t: f(self.v_t.value),
            delta_t: f(self.delta_t.value),
            refractory: StepWindow::below(self.tau_ref, dt),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> ExpIfState<F> {
        ExpIfState {
            v: stored_state::<F, _>(StateKind::Hidden, shape.clone(), Constant(self.v_rest)),
            last_spike_time: State::short_term(shape, Constant(-1e7 * ms)),
        }
    }

    fn chunk<F: Precision>(state: &mut ExpIfState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
        (&mut state.v.values_mut()[range.clone()], &mut state.last_spike_time.values_mut()[range])
    }

    fn reset<F: Precision, C: PerElement<ExpIfConsts<F>>>(consts: C, chunk: Self::Chunk<'_, F>) {
        for (i, v) in chunk.0.iter_mut().enumerate() {
            *v = F::store(consts.at(i).reset(F::load(*v)));
        }
    }

    #[inline(always)]
    fn update<F, const RESET: bool, C, I>(
        consts: C,
        (v, last): Self::Chunk<'_, F>,
        mut inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) where
        F: Precision,
        C: PerElement<ExpIfConsts<F>>,
        I: NeuronInputs<F>,
    {
        let t = ctx.t;
        let neurons = v.iter_mut().zip(last.iter()).zip(spikes.iter_mut());
        for (i, ((v, last), spike)) in neurons.enumerate() {
            let c = consts.at(i);
            let input = inputs.take(i);
            let v0 = F::load(*v);
            let start = if RESET { c.reset(v0) } else { v0 };
            let next = if c.refractory.contains(t - *last) {
                start
            } else {
                c.integrate(I::HAS_SLOPE, start, &input) + input.delta
            };
            *v = F::store(next);
            *spike = next >= c.v_th;
        }
        record_spike_times(spikes, last, t);
    }
}

impl<F: Precision> Neurons<ExpIfParams, F> {
    /// The time of each neuron's last spike (−10⁷ ms before the first).
    pub fn last_spike_time(&self) -> &[Time] {
        self.state().last_spike_time.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::neuron::{ExpIfParams, *};
    use neurodim_state::init_all;
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        let p = ExpIfParams::default();
        assert_eq!((p.v_t, p.delta_t), (-59.9 * mV, 3.48 * mV));
    }

    #[test]
    fn no_spike_yet() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = ExpIf::new(1, ExpIfParams::default())?;
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.last_spike_time()[0], -1e7 * ms);
        Ok(())
    }
}
