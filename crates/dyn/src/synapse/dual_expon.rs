use core::ops::Range;
use std::sync::Arc;

use neurodim_state::init::{Initializer, Zero};
use neurodim_state::{Precision, Shape, State, StateKind, StateValue};
use neurodim_units::validate::{finite_number, time_constant};
use neurodim_units::{Conductance, ConductanceRate, DisplayField, Frequency, Time, ms};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::kernel::{PerElement, SynapseModel, SynapseState, Synapses};
use crate::neuron::stored_state;
use crate::synapse::decay_factor;

/// Parameters of [`DualExpon`], with brainstate's defaults.
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
///     .synapse(DualExponParams { tau_decay: 10.0 * ms, tau_rise: 1.0 * ms, a: None })
///     .output(Coba::new(0.0 * mV)?)
///     .add()?;
/// let g = net.monitor_state("E.syn.g", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let g: Vec<f64> = net.conductance_trace(g)?.trace(0).map(|g| g.value_in(nS)).collect();
/// // with the default normalisation a spike's conductance peaks at the weight, here after
/// // τ_d τ_r / (τ_d − τ_r) · ln(τ_d / τ_r) ≈ 2.56 ms
/// let peak = (0..g.len()).max_by(|&a, &b| g[a].total_cmp(&g[b])).unwrap_or(0);
/// assert!((peak as i64 - 27).abs() <= 1, "{peak}");
/// assert!((g[peak] - 1.0).abs() < 0.01, "{}", g[peak]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DualExponParams {
    /// Decay time constant `τ_d` (default 10 ms; > 0).
    pub tau_decay: Time,
    /// Rise time constant `τ_r` (default 1 ms; > 0 and ≠ `τ_d`).
    pub tau_rise: Time,
    /// Normalisation `A` (dimensionless); `None` (the default) chooses the `A` for which a unit
    /// pulse peaks at 1: `A = τ_d/(τ_d − τ_r) · (τ_r/τ_d)^(τ_r/(τ_r − τ_d))`.
    pub a: Option<f64>,
}

impl Default for DualExponParams {
    fn default() -> Self {
        DualExponParams { tau_decay: 10.0 * ms, tau_rise: 1.0 * ms, a: None }
    }
}

impl DualExponParams {
    /// The normalisation `A`: as given, or the one for which a unit pulse peaks at 1.
    pub fn normalisation(&self) -> f64 {
        match self.a {
            Some(a) => a,
            None => {
                let (tau_d, tau_r) = (self.tau_decay, self.tau_rise);
                let ratio = (tau_r / tau_d).value;
                (tau_d / (tau_d - tau_r)).value * ratio.powf((tau_r / (tau_r - tau_d)).value)
            }
        }
    }

    /// brainstate's output coefficient `a = (τ_d − τ_r)/(τ_r τ_d) · A` (a frequency).
    pub fn coefficient(&self) -> Frequency {
        let (tau_d, tau_r) = (self.tau_decay, self.tau_rise);
        (tau_d - tau_r) / tau_r / tau_d * self.normalisation()
    }
}

/// A difference of two exponentials (brainstate's `DualExpon`):
///
/// `τ_r dg_r/dt = −g_r`, `τ_d dg_d/dt = −g_d`, then both `+= Δg`.
///
/// The conductance outputs read (in a network, or through
/// [`ConductanceSynapse::g`](crate::synapse::ConductanceSynapse::g)) is `g = A·(g_d − g_r)`,
/// in siemens: with the default `A` a pulse of `w` peaks at exactly `w`, as NEST's beta-function
/// synapses do. brainstate's own output, [`output`](Synapses::output), is
/// `a·(g_d − g_r)` with `a = (τ_d − τ_r)/(τ_r τ_d) · A`: a conductance *per time*
/// ([`ConductanceRate`], mS/ms for increments in mS), which no output can turn into a current,
/// so the network uses `g`. States `"g_rise"`, `"g_decay"` and `"g"` (hidden, default 0). The
/// [`Synapses`] of [`DualExponParams`].
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::synapse::{ConductanceSynapse, DualExpon};
/// let mut syn = DualExpon::new(1, DualExponParams::default())?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.01 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * nS]))?;
/// let mut peak = 0.0 * nS;
/// for i in 1..2000 {
///     syn.update(&env.step(i), None)?;
///     peak = peak.max(syn.g()[0]);
/// }
/// assert!((peak.value_in(nS) - 1.0).abs() < 1e-3); // the peak is the weight
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type DualExpon = Synapses<DualExponParams>;

/// The state of [`DualExpon`]: the two stages and the conductance `g = A·(g_d − g_r)`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_dyn::synapse::DualExpon;
/// let syn = DualExpon::new(3, DualExponParams::default())?;
/// let paths: Vec<_> = list_states(&syn).into_iter().map(|s| s.path).collect();
/// assert_eq!(paths, ["g_rise", "g_decay", "g"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DualExponState<F: Precision> {
    g_rise: State<F::Stored<Conductance>>,
    g_decay: State<F::Stored<Conductance>>,
    g: State<F::Stored<Conductance>>,
}

neurodim_state::stateful_fields!(DualExponState<F: Precision> {
    state "g_rise" => g_rise,
    state "g_decay" => g_decay,
    state "g" => g,
});

impl<F: Precision> SynapseState<F> for DualExponState<F> {
    fn shape(&self) -> &Shape {
        self.g.shape()
    }

    fn conductance(&self) -> &[F::Stored<Conductance>] {
        self.g.values()
    }
}

/// The constants of [`DualExpon`] for one `dt` (times in seconds).
///
/// Derived once per `dt` by the model's `consts`; see [`SynapseModel`](crate::kernel::SynapseModel)
/// for an example of a model's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DualExponConsts<F> {
    /// `dt·exprel(−dt/τ_r)`.
    pub k_rise: F,
    /// `dt·exprel(−dt/τ_d)`.
    pub k_decay: F,
    /// `τ_r`.
    pub tau_rise: F,
    /// `τ_d`.
    pub tau_decay: F,
    /// The normalisation `A`.
    pub a: F,
}

impl SynapseModel for DualExponParams {
    const NAME: &'static str = "DualExpon";
    type Consts<F: Precision> = DualExponConsts<F>;
    type State<F: Precision> = DualExponState<F>;
    type Chunk<'a, F: Precision> = (
        &'a mut [F::Stored<Conductance>],
        &'a mut [F::Stored<Conductance>],
        &'a mut [F::Stored<Conductance>],
    );

    /// `τ_d, τ_r > 0`, `τ_d ≠ τ_r`, `A` finite if given.
    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        neurodim_units::validate::time_step("tau_rise", self.tau_rise, dt)?;
        neurodim_units::validate::time_step("tau_decay", self.tau_decay, dt)?;
        Ok(())
    }

    fn validate(&self) -> Result<(), DynError> {
        let tau_d = time_constant("tau_decay", self.tau_decay)?;
        let tau_r = time_constant("tau_rise", self.tau_rise)?;
        if tau_d == tau_r {
            return Err(DynError::invalid(
                "tau_decay",
                format!("{} (tau_rise = {})", tau_d.display(), tau_r.display()),
                "must differ from tau_rise",
            ));
        }
        if let Some(a) = self.a {
            finite_number("A", a)?;
        }
        Ok(())
    }

    fn consts<F: Precision>(&self, dt: Time) -> DualExponConsts<F> {
        DualExponConsts {
            k_rise: F::of(decay_factor(dt, self.tau_rise).value),
            k_decay: F::of(decay_factor(dt, self.tau_decay).value),
            tau_rise: F::of(self.tau_rise.value),
            tau_decay: F::of(self.tau_decay.value),
            a: F::of(self.normalisation()),
        }
    }

    fn state<F: Precision>(&self, shape: Shape) -> DualExponState<F> {
        let zero = || stored_state::<F, _>(StateKind::Hidden, shape.clone(), Zero);
        DualExponState { g_rise: zero(), g_decay: zero(), g: zero() }
    }

    fn chunk<F: Precision>(
        state: &mut DualExponState<F>,
        range: Range<usize>,
    ) -> Self::Chunk<'_, F> {
        (
            &mut state.g_rise.values_mut()[range.clone()],
            &mut state.g_decay.values_mut()[range.clone()],
            &mut state.g.values_mut()[range],
        )
    }

    /// `g_r ← g_r + k_r·(−g_r/τ_r) + Δg`, `g_d ← g_d + k_d·(−g_d/τ_d) + Δg`,
    /// `g ← A·(g_d − g_r)`.
    #[inline(always)]
    fn update<F: Precision, I: PerElement<F>>(
        c: &DualExponConsts<F>,
        (rise, decay, g): Self::Chunk<'_, F>,
        increment: I,
    ) {
        let DualExponConsts { k_rise, k_decay, tau_rise, tau_decay, a } = *c;
        for (i, ((r, d), g)) in rise.iter_mut().zip(decay.iter_mut()).zip(g.iter_mut()).enumerate()
        {
            let (r_old, d_old) = (F::load(*r), F::load(*d));
            let dg = increment.at(i);
            let r_new = (r_old + k_rise * (-r_old / tau_rise)) + dg;
            let d_new = (d_old + k_decay * (-d_old / tau_decay)) + dg;
            (*r, *d) = (F::store(r_new), F::store(d_new));
            *g = F::store(a * (d_new - r_new));
        }
    }
}

impl<F: Precision> Synapses<DualExponParams, F> {
    /// Replaces the initialiser of both stages (default zero); `g` starts at 0 either way.
    pub fn with_g_initializer(
        mut self,
        init: impl Initializer<Conductance> + Clone + 'static,
    ) -> Self {
        let state = self.state_mut();
        for x in [&mut state.g_rise, &mut state.g_decay] {
            let init = F::stored_initializer(Arc::new(init.clone()));
            *x = State::shared(x.kind(), x.shape().clone(), init);
        }
        self
    }

    /// brainstate's output coefficient `a = (τ_d − τ_r)/(τ_r τ_d) · A`.
    pub fn coefficient(&self) -> Frequency {
        self.params().coefficient()
    }

    /// brainstate's output of element `i`, `a · (g_d − g_r)` (a conductance per time).
    pub fn output(&self, i: usize) -> ConductanceRate {
        let state = self.state();
        let (d, r) = (F::load(state.g_decay.values()[i]), F::load(state.g_rise.values()[i]));
        self.coefficient() * Conductance::from_si((d - r).wide())
    }

    /// Writes brainstate's output of every element into `out` (same length as the state).
    pub fn output_into(&self, out: &mut [ConductanceRate]) -> Result<(), DynError> {
        check_len("output", self.state().g_decay.values().len(), out.len())?;
        out.iter_mut().enumerate().for_each(|(i, o)| *o = self.output(i));
        Ok(())
    }

    /// The rise stage `g_r` (siemens).
    pub fn g_rise(&self) -> &[F::Stored<Conductance>] {
        self.state().g_rise.values()
    }

    /// The decay stage `g_d` (siemens).
    pub fn g_decay(&self) -> &[F::Stored<Conductance>] {
        self.state().g_decay.values()
    }
}

#[cfg(test)]
mod tests {
    use crate::synapse::{DualExponParams, *};
    use neurodim_state::init::Constant;
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn brainstate_defaults() {
        let p = DualExponParams::default();
        assert_eq!((p.tau_decay, p.tau_rise, p.a), (10.0 * ms, 1.0 * ms, None));
    }

    #[test]
    fn normalisation_for_a_unit_peak() {
        // τ_d = 10 ms, τ_r = 1 ms: A = 10/9 · 0.1^(−1/9)
        let a = DualExponParams::default().normalisation();
        assert!((a - 10.0 / 9.0 * 0.1f64.powf(-1.0 / 9.0)).abs() < 1e-15);
    }

    #[test]
    fn coefficient_of_the_params() {
        let p = DualExponParams { a: Some(1.0), ..DualExponParams::default() };
        assert!((p.coefficient().value_in(kHz) - 0.9).abs() < 1e-12);
        assert!((DualExponParams::default().coefficient().value_in(kHz) - 1.29155).abs() < 1e-5);
    }

    #[test]
    fn g_initializer_leaves_no_output() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn =
            DualExpon::new(1, DualExponParams::default())?.with_g_initializer(Constant(1.0 * nS));
        init_all(&mut syn, None, 0)?;
        assert_eq!(syn.output(0), ConductanceRate::default());
        Ok(())
    }

    #[test]
    fn output_after_a_pulse() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = DualExpon::new(1, DualExponParams::default())?;
        init_all(&mut syn, None, 0)?;
        let env = Environment::new(0.1 * ms)?;
        syn.update(&env.step(0), Some(&[1.0 * mS]))?;
        syn.update(&env.step(1), None)?;
        assert!(syn.output(0).value_in(mS / ms) > 0.0);
        Ok(())
    }

    #[test]
    fn output_into_checks_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = DualExpon::new(2, DualExponParams::default())?;
        init_all(&mut syn, None, 0)?;
        let mut out = [ConductanceRate::default(); 2];
        syn.output_into(&mut out)?;
        assert!(syn.output_into(&mut [ConductanceRate::default(); 3]).is_err());
        Ok(())
    }

    #[test]
    fn g_rise_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = DualExpon::new(1, DualExponParams::default())?;
        init_all(&mut syn, None, 0)?;
        assert_eq!(syn.g_rise(), [0.0 * mS]);
        Ok(())
    }

    #[test]
    fn g_decay_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut syn = DualExpon::new(1, DualExponParams::default())?;
        init_all(&mut syn, None, 0)?;
        assert_eq!(syn.g_decay(), [0.0 * mS]);
        Ok(())
    }

    #[test]
    fn coefficient_of_the_synapses() -> Result<(), Box<dyn std::error::Error>> {
        let syn = DualExpon::new(1, DualExponParams::default())?;
        assert!((syn.coefficient().value_in(kHz) - 1.29155).abs() < 1e-5);
        Ok(())
    }
}
