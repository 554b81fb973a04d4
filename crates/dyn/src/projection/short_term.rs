use neurodim_state::{Delay, Shape, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::Time;

use crate::DynError;
use crate::synapse::{
    Std, StdParams, Stp, StpParams, Tsodyks, Tsodyks2, Tsodyks2Params, TsodyksParams,
};

/// Short-term plasticity of an [`AlignPost`](crate::projection::AlignPost) projection
/// (brainstate's `STP` and `STD`, placed before the connectivity): one state per presynaptic
/// neuron, stepped every step with that neuron's spikes, whose efficacy scales what a spike
/// delivers — a spike of neuron `j` adds `w_ij · e_j` to the conductance increments of its
/// targets instead of `w_ij`, with
///
/// - [`Stp`](ShortTermPlasticity::Stp) (Tsodyks–Markram): `u ← u·e^{−dt/τ_f} + U·(1 − u)·s`,
///   `x ← 1 + (x − 1)·e^{−dt/τ_d} − u·x·s`, `e = u·x·s`;
/// - [`Std`](ShortTermPlasticity::Std) (depression only): `x ← 1 + (x − 1)·e^{−dt/τ} − U·x·s`,
///   `e = x·s`;
///
/// `s` the spike (0 or 1), each decay one exponential-Euler step of `dt` (see
/// [`Stp`](crate::synapse::Stp) and [`Std`](crate::synapse::Std)). A spike of step `n` is
/// taken at the start of step `n + 1`: the states are stepped then, and the efficacy travels
/// with the spike through its delay. The states are the projection's, `"<projection>.stp.u"`,
/// `"<projection>.stp.x"` (checkpointed with the efficacies of spikes still in flight,
/// `"<projection>.stp.efficacy_history"`); projections that merge onto one synapse state keep
/// their own plasticity.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_dyn::projection::ShortTermPlasticity;
/// let stp: ShortTermPlasticity = StpParams::default().into();
/// assert_eq!(stp, ShortTermPlasticity::Stp(StpParams::default()));
/// assert_ne!(stp, StdParams::default().into());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShortTermPlasticity {
    /// Facilitation and depression ([`Stp`](crate::synapse::Stp)).
    Stp(StpParams),
    /// Depression only ([`Std`](crate::synapse::Std)).
    Std(StdParams),
    /// NEST's `tsodyks_synapse` ([`Tsodyks`]): each spike transmits `Δy` times its weight.
    Tsodyks(TsodyksParams),
    /// NEST's `tsodyks2_synapse` ([`Tsodyks2`]): each spike transmits `x·u` times its weight.
    Tsodyks2(Tsodyks2Params),
}

impl From<TsodyksParams> for ShortTermPlasticity {
    fn from(params: TsodyksParams) -> Self {
        ShortTermPlasticity::Tsodyks(params)
    }
}

impl From<Tsodyks2Params> for ShortTermPlasticity {
    fn from(params: Tsodyks2Params) -> Self {
        ShortTermPlasticity::Tsodyks2(params)
    }
}

impl From<StpParams> for ShortTermPlasticity {
    fn from(params: StpParams) -> Self {
        ShortTermPlasticity::Stp(params)
    }
}

impl From<StdParams> for ShortTermPlasticity {
    fn from(params: StdParams) -> Self {
        ShortTermPlasticity::Std(params)
    }
}

/// The model's state, one element per presynaptic neuron.
#[derive(Debug, Clone)]
enum EfficacyModel {
    Stp(Stp),
    Std(Std),
    Tsodyks(Tsodyks),
    Tsodyks2(Tsodyks2),
}

/// The short-term plasticity of one pathway: its state, the efficacies of the step, and those
/// of the spikes still in flight (to rebuild the delay ring on resume).
#[derive(Debug, Clone)]
pub(crate) struct PathwayPlasticity {
    model: EfficacyModel,
    /// The spike flags of the sources in the step being taken.
    spikes: Vec<bool>,
    /// The efficacy of each source's spike in that step (0 without a spike).
    efficacy: Vec<f64>,
    /// The efficacy of each spiking source, in the order of the spike list.
    scales: Vec<f64>,
    /// The efficacies of the last `K` steps' spikes, `K` the pathway's longest delay.
    history: Delay<f64>,
}

impl PathwayPlasticity {
    /// The plasticity of `n_pre` sources whose spikes travel at most `max_delay_steps`.
    pub(crate) fn new(
        kind: ShortTermPlasticity,
        n_pre: usize,
        max_delay_steps: usize,
        dt: Time,
    ) -> Result<Self, DynError> {
        let shape = Shape::vector(n_pre)?;
        let model = match kind {
            ShortTermPlasticity::Stp(params) => {
                EfficacyModel::Stp(Stp::new(shape.clone(), params)?)
            }
            ShortTermPlasticity::Std(params) => {
                EfficacyModel::Std(Std::new(shape.clone(), params)?)
            }
            ShortTermPlasticity::Tsodyks(params) => {
                EfficacyModel::Tsodyks(Tsodyks::new(shape.clone(), params)?)
            }
            ShortTermPlasticity::Tsodyks2(params) => {
                EfficacyModel::Tsodyks2(Tsodyks2::new(shape.clone(), params)?)
            }
        };
        let mut history = Delay::new(shape, dt)?;
        history.register_steps("in flight", max_delay_steps)?;
        Ok(PathwayPlasticity {
            model,
            spikes: vec![false; n_pre],
            efficacy: vec![0.0; n_pre],
            scales: Vec::with_capacity(n_pre),
            history,
        })
    }

    /// Steps the states with the spikes of step `ctx.i − 1` (`sources`, indices into the
    /// pathway's sources) and returns the efficacy of each, in the order of `sources`.
    pub(crate) fn take_spikes(
        &mut self,
        ctx: &StepContext,
        sources: &[u32],
    ) -> Result<&[f64], DynError> {
        self.spikes.fill(false);
        for &k in sources {
            self.spikes[k as usize] = true;
        }
        match &mut self.model {
            EfficacyModel::Stp(stp) => stp.update(ctx, &self.spikes, &mut self.efficacy)?,
            EfficacyModel::Std(std) => std.update(ctx, &self.spikes, &mut self.efficacy)?,
            EfficacyModel::Tsodyks(m) => m.update(ctx, &self.spikes, &mut self.efficacy)?,
            EfficacyModel::Tsodyks2(m) => m.update(ctx, &self.spikes, &mut self.efficacy)?,
        }
        if let Some(previous) = ctx.i.checked_sub(1) {
            self.history.push(previous, &self.efficacy)?;
        }
        self.scales.clear();
        self.scales.extend(sources.iter().map(|&k| self.efficacy[k as usize]));
        Ok(&self.scales)
    }

    /// The efficacies of the spikes of step `m`, read at step `at` (`at − m` at most the
    /// longest delay).
    pub(crate) fn efficacy_of(&self, at: u64, m: u64) -> Result<&[f64], DynError> {
        Ok(self.history.read_step(at, (at - m) as usize)?)
    }
}

impl Stateful for PathwayPlasticity {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        match &self.model {
            EfficacyModel::Stp(stp) => stp.visit_states(visitor),
            EfficacyModel::Std(std) => std.visit_states(visitor),
            EfficacyModel::Tsodyks(m) => m.visit_states(visitor),
            EfficacyModel::Tsodyks2(m) => m.visit_states(visitor),
        }
        visitor.state("efficacy_history", &self.history);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        match &mut self.model {
            EfficacyModel::Stp(stp) => stp.visit_states_mut(visitor),
            EfficacyModel::Std(std) => std.visit_states_mut(visitor),
            EfficacyModel::Tsodyks(m) => m.visit_states_mut(visitor),
            EfficacyModel::Tsodyks2(m) => m.visit_states_mut(visitor),
        }
        visitor.state("efficacy_history", &mut self.history);
    }
}
