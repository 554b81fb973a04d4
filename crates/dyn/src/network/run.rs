use core::ops::Range;

use neurodim_state::{StepContext, init_all, reset_all};
use neurodim_units::{Time, Voltage};

use crate::DynError;
use crate::kernel::Par;
use crate::network::linear_drive::ExponChannel;
use crate::network::monitors::record_spikes;
use crate::network::plan::{NetworkPlan, StepPlan, plan};
use crate::network::population::Population;
use crate::network::stage_plan::{delivery_stages, poisson_stages};
use crate::network::{Network, NetworkPrecision, PopulationId};
use crate::projection::current::PathwayOrigin;
use crate::projection::group::SynapseGroup;

impl<F: NetworkPrecision> Network<F> {
    /// The step plan of every population: how each is stepped, decided from the network's
    /// structure and thread count (the plan its steps run on).
    ///
    /// See [`NetworkPlan`] for an example.
    pub fn plan(&self) -> NetworkPlan {
        let par = self.par();
        NetworkPlan {
            deliveries: delivery_stages(&self.groups, &self.deltas, &self.statics, par),
            poisson: poisson_stages(&self.groups, &self.v_inputs, &self.spike_devices, par),
            ..plan(&self.populations, &self.groups, &self.currents, par, self.env.dt())
        }
    }

    /// Makes the step plan if a change of structure or threads dropped it.
    fn ensure_plan(&mut self) {
        if self.plan.is_none() {
            self.plan = Some(self.plan());
        }
    }

    /// The parallelism of the network's steps: its pool's threads, or one.
    pub(crate) fn par(&self) -> Par {
        match core::num::NonZeroUsize::new(self.threads()) {
            Some(n) if n.get() > 1 => Par::Threads(n),
            _ => Par::Seq,
        }
    }

    /// Initialises every state from `seed` (each state draws from its own stream, keyed on the
    /// seed and its path) and restarts at step 0: nothing in flight, monitors cleared.
    pub fn init(&mut self, seed: u64) -> Result<(), DynError> {
        self.wire(seed)?;
        self.plan = Some(self.plan());
        init_all(self, None, seed)?;
        self.seed = seed;
        self.reseed_inputs();
        self.resume_at(0)
    }

    /// Restores the initial values of every hidden and short-term state (the V drawn at
    /// [`init`](Self::init), zero conductances, no spikes) and restarts at step 0.
    pub fn reset(&mut self) -> Result<(), DynError> {
        reset_all(self)?;
        self.reseed_inputs();
        self.resume_at(0)
    }

    /// Restarts the streams of the Poisson inputs and noise currents from the seed of the last
    /// `init`.
    fn reseed_inputs(&mut self) {
        let seed = self.seed;
        self.v_inputs.iter_mut().for_each(|(_, input)| input.reseed(seed));
        self.noise_currents.iter_mut().for_each(|(_, noise)| noise.reseed(seed));
        self.spike_devices.iter_mut().for_each(|device| device.reseed(seed));
        self.groups.iter_mut().flat_map(|g| &mut g.inputs).for_each(|input| input.reseed(seed));
        self.populations.iter_mut().for_each(|p| p.reseed(seed));
    }

    /// Continues from step `step` (`t = step · dt`), e.g. after restoring a checkpoint taken
    /// after `step` steps: the next step is `step`, monitors are cleared, and the spikes still
    /// in flight are rebuilt from the spike states — `"<pop>.spike"` (the last step) and, for
    /// populations read by delayed projections, `"<pop>.spike_history"` (the last `K + 1`
    /// steps). The random streams of Poisson inputs and spike sources are states too
    /// (`"<name>.rng"`), so `Checkpoint::capture`, `restore` and this call continue a run bit
    /// for bit, with or without delays or randomness.
    ///
    /// See [`checkpoint`](Self::checkpoint) for an example.
    pub fn resume_at(&mut self, step: u64) -> Result<(), DynError> {
        let populations = &self.populations;
        let history = |p: PopulationId| populations[p.0].history.as_ref();
        for group in &mut self.groups {
            group.members.iter_mut().try_for_each(|m| m.restart(step, history(m.pre)))?;
        }
        self.deltas.iter_mut().try_for_each(|(_, d)| d.restart(step, history(d.pre)))?;
        self.statics.iter_mut().try_for_each(|s| s.restart(step, history(s.pre())))?;
        self.clear_monitors();
        self.next_step = step;
        Ok(())
    }

    /// One step of `dt`: inputs (currents; Poisson counts; what spike devices sent NEST's
    /// delay ago) → projections deliver
    /// the spikes due now into their synapses (or voltage jumps) → synapses decay and add them →
    /// current projections compute `W·g` from those updated `g` → outputs (of synapses and current
    /// projections) fill each population's synaptic drive at the post-reset V → neurons integrate
    /// and spike → monitors record.
    ///
    /// A spike emitted in step `n` reaches a synapse of `k = round(d / dt)` steps of delay at
    /// the start of step `n + 1 + k`, so with no delay it acts on V in step `n + 1`, as in
    /// brainstate's COBA/CUBA examples. Allocates nothing (once monitors have room).
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = net.add_population("cell", Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() })?)?;
    /// net.set_current(cell, 1.5 * mA)?;
    /// net.init(0)?;
    /// let mut fired = Vec::new();
    /// while net.time() < 25.0 * ms {
    ///     let step = net.step_index();
    ///     net.step()?;
    ///     if net.spikes(cell)?[0] {
    ///         fired.push(step);
    ///     }
    /// }
    /// assert_eq!(fired, [109, 219]);
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn step(&mut self) -> Result<(), DynError> {
        self.run(1)
    }

    /// One step on the plan of the network, with its parallelism `par` (inside its pool).
    fn step_once(&mut self, par: Par) -> Result<(), DynError> {
        let ctx = self.env.step(self.next_step);
        let Network {
            populations,
            groups,
            deltas,
            currents,
            receptors,
            delta_inputs,
            statics,
            port_inputs,
            v_inputs,
            noise_currents,
            spike_devices,
            spike_monitors,
            plan,
            ..
        } = self;
        let plan = plan.as_ref().ok_or_else(|| {
            DynError::invalid("step plan", "none", "is made before the first step")
        })?;
        populations.iter().try_for_each(Population::check_initialised)?;
        // What arrives now, for whole populations: spikes through the delay rings, Poisson
        // counts (their streams are keyed by fixed blocks, not by the tiles below), voltage
        // jumps; each shared between the threads as the plan says.
        {
            let pops: &[_] = populations;
            let fired_of = |p: PopulationId| pops[p.0].fired.as_slice();
            for group in groups.iter_mut() {
                group.arrive(&ctx, fired_of, par)?;
            }
            for jumps in delta_inputs.iter_mut() {
                jumps.fill(Voltage::default());
            }
            for (post, pathway) in deltas.iter_mut() {
                let arrived = pathway.arrive(&ctx, fired_of(pathway.pre), fired_of(*post), par)?;
                let jumps = &mut delta_inputs[post.0];
                jumps.iter_mut().zip(arrived).for_each(|(sum, &dv)| *sum += dv);
            }
            for (post, input) in v_inputs.iter_mut() {
                input.add_into(&ctx, &mut delta_inputs[post.0], par)?;
            }
            for ports in port_inputs.iter_mut() {
                ports.iter_mut().for_each(|port| port.fill(0.0));
            }
            for pathway in statics.iter_mut() {
                let (pre, post) = (fired_of(pathway.pre()), fired_of(pathway.post));
                let port = &mut port_inputs[pathway.post.0][pathway.port];
                pathway.arrive_into(&ctx, pre, post, par, port)?;
            }
            for device in spike_devices.iter_mut() {
                let post = device.post.0;
                device.step(&ctx, &mut delta_inputs[post], &mut port_inputs[post], par)?;
            }
        }
        // Noise currents (their streams are keyed by fixed blocks, as the Poisson counts'),
        // summed with the external currents of their populations.
        for (_, noise) in noise_currents.iter_mut() {
            noise.advance(&ctx, par)?;
        }
        for (p, population) in populations.iter_mut().enumerate() {
            let into = noise_currents.iter().filter(|(post, _)| post.0 == p);
            population.sum_noise(&ctx, into.map(|(_, noise)| noise.current()))?;
        }
        // A current projection reads the whole `g` of its group: those groups are updated
        // first, then the projections compute `W·g`.
        for (group, _) in groups.iter_mut().zip(&plan.feeds_current).filter(|(_, feeds)| **feeds) {
            group.update_range(&ctx, 0..group.synapse.as_dyn().g().len(), par)?;
        }
        // Receptors take the spikes of the last step, as the delay rings did above.
        for receptors in receptors.iter_mut() {
            let spikes = &populations[receptors.pre.0].spikes.values()[receptors.neurons.clone()];
            receptors.receptor.update(&ctx, spikes)?;
        }
        for current in currents.iter_mut() {
            match current.source {
                PathwayOrigin::Group(g) => current.communicate(groups[g].synapse.as_dyn().g()),
                PathwayOrigin::Potential(pre, gain) => {
                    current.communicate_potential(populations[pre.0].v(), gain)
                }
                PathwayOrigin::Receptors(r) => {
                    current.communicate_fractions(receptors[r].receptor.g())
                }
            }
        }
        // The rest is elementwise per neuron, so each population is stepped tile by tile, every
        // stage on a tile that stays in the cache.
        let inputs = delta_inputs.iter().zip(port_inputs.iter());
        let stepped = populations.iter_mut().zip(inputs).zip(&plan.populations);
        for (p, ((population, (jumps, ports)), pop_plan)) in stepped.enumerate() {
            let ports = (!ports[0].is_empty()).then(|| [ports[0].as_slice(), ports[1].as_slice()]);
            let post = PopulationId(p, self.tag);
            for tile in tiles(population.len(), pop_plan.tile) {
                match pop_plan.step {
                    StepPlan::SpikeSource => break,
                    StepPlan::OneLoop { .. } => {
                        with_channels(population, groups, &ctx, post, |population, channels| {
                            population.step_with_channels(&ctx, channels, jumps, tile.clone(), par)
                        })?;
                        continue;
                    }
                    StepPlan::FusedSynapses { .. } => {
                        with_channels(population, groups, &ctx, post, |population, channels| {
                            population.fill_fused(&ctx, channels, tile.clone(), par)
                        })?;
                    }
                    StepPlan::Stagewise | StepPlan::Tangent => {
                        let own = groups.iter_mut().zip(&plan.feeds_current);
                        for (group, _) in own.filter(|(g, feeds)| g.post == post && !**feeds) {
                            group.update_range(&ctx, tile.clone(), par)?;
                        }
                        population.prepare(&ctx, tile.clone(), par)?;
                        for group in groups.iter().filter(|group| group.post == post) {
                            let g = group.synapse.as_dyn().g();
                            population.add_output(&group.output, g, tile.clone(), par)?;
                        }
                    }
                }
                for current in currents.iter().filter(|current| current.post == post) {
                    population.add_output(&current.output, &current.g, tile.clone(), par)?;
                }
                population.update(&ctx, jumps, ports, tile, par)?;
            }
            if matches!(pop_plan.step, StepPlan::OneLoop { .. } | StepPlan::FusedSynapses { .. }) {
                groups
                    .iter_mut()
                    .filter(|group| group.post == post)
                    .for_each(SynapseGroup::mark_drained);
            }
            population.emit(&ctx)?;
        }
        record_spikes(&ctx, populations, spike_monitors)?;
        self.record_traces(&ctx)?;
        self.record_weight_changes(&ctx)?;
        self.next_step += 1;
        Ok(())
    }

    /// Runs `steps` steps. Every [`FINITE_CHECK_STEPS`] steps (so at the end of every run at
    /// least that long) the states are checked to be finite: a potential or conductance that
    /// became NaN or infinite is a [`DynError::NonFiniteState`] naming it, never a silent result.
    pub fn run(&mut self, steps: u64) -> Result<(), DynError> {
        self.run_with_progress(steps, |_| {})
    }

    /// [`run`](Self::run), calling `progress(k)` after the `k`-th step (a progress bar, a
    /// stop watch).
    pub fn run_with_progress(
        &mut self,
        steps: u64,
        mut progress: impl FnMut(u64) + Send,
    ) -> Result<(), DynError> {
        self.check_run_length(steps)?;
        self.check_wired()?;
        self.ensure_plan();
        let par = self.par();
        let mut steps_on = |net: &mut Network<F>| {
            for k in 1..=steps {
                net.step_once(par)?;
                progress(k);
            }
            Ok::<(), DynError>(())
        };
        // One hand-over to the pool for the whole run, not one per step (~10 µs each).
        #[cfg(feature = "parallel")]
        if let Some(pool) = self.pool.take() {
            let result = pool.install(|| steps_on(self));
            self.pool = Some(pool);
            return result.and_then(|()| self.check_finite_every(steps));
        }
        steps_on(self)?;
        self.check_finite_every(steps)
    }

    /// After `steps` steps: [`check_finite`](Self::check_finite) once at least
    /// [`FINITE_CHECK_STEPS`] steps have been taken since the last check. The check reads every
    /// state once (about a fifth of a CUBA step at 4 000 neurons), so it is not paid by every
    /// call of [`step`](Self::step); a NaN or an infinity does not go away once there, so it is
    /// reported by every run of that many steps and within that many calls of `step`.
    fn check_finite_every(&mut self, steps: u64) -> Result<(), DynError> {
        self.steps_unchecked = self.steps_unchecked.saturating_add(steps);
        if self.steps_unchecked < FINITE_CHECK_STEPS {
            return Ok(());
        }
        self.steps_unchecked = 0;
        self.check_finite()
    }

    /// Every potential and conductance is finite, or the first that is not is a
    /// [`DynError::NonFiniteState`] naming it. [`run`](Self::run) calls it every
    /// [`FINITE_CHECK_STEPS`] steps.
    pub fn check_finite(&self) -> Result<(), DynError> {
        let step = self.next_step;
        for population in &self.populations {
            if let Some(index) = first_non_finite(population.v()) {
                let path = format!("{}.V", population.name);
                return Err(DynError::NonFiniteState { path, index, step });
            }
        }
        for group in &self.groups {
            if let Some(index) = first_non_finite(group.synapse.as_dyn().g()) {
                let path = format!("{}.syn.g", group.name);
                return Err(DynError::NonFiniteState { path, index, step });
            }
        }
        Ok(())
    }

    /// Runs for `duration`: `round(duration / dt)` steps, returned.
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = net.add_population("cell", Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() })?)?;
    /// net.set_current(cell, 1.5 * mA)?;
    /// let spikes = net.monitor_spikes(cell)?;
    /// net.init(0)?;
    /// assert_eq!(net.run_for(25.0 * ms)?, 250); // round(25 ms / 0.1 ms) steps
    /// assert_eq!(net.spike_monitor(spikes)?.spike_steps(), [109, 219]); // brainstate's LIF test cell
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn run_for(&mut self, duration: Time) -> Result<u64, DynError> {
        self.run_for_with_progress(duration, |_| {})
    }

    /// [`run_for`](Self::run_for), calling `progress(k)` after the `k`-th step.
    pub fn run_for_with_progress(
        &mut self,
        duration: Time,
        progress: impl FnMut(u64) + Send,
    ) -> Result<u64, DynError> {
        let steps = self.env.steps_in(duration)?;
        self.run_with_progress(steps, progress)?;
        Ok(steps)
    }
}

/// Runs `step` on `population` (`post`) with the [`ExponChannel`]s of its synapse groups (one or
/// two exponential groups with outputs linear in V: the fused pass of
/// [`linear_drive`](crate::network::linear_drive)).
fn with_channels<F: NetworkPrecision>(
    population: &mut Population<F>,
    groups: &mut [SynapseGroup<F>],
    ctx: &StepContext,
    post: PopulationId,
    step: impl FnOnce(&mut Population<F>, &mut [ExponChannel<'_, F>]) -> Result<(), DynError>,
) -> Result<(), DynError> {
    let mut members = groups.iter_mut().filter(|group| group.post == post);
    let mut channel = || members.next().map(|group| group.expon_channel(ctx.dt)).transpose();
    match (channel()?.flatten(), channel()?.flatten(), channel()?.flatten()) {
        (Some(first), None, None) => step(population, &mut [first]),
        (Some(first), Some(second), None) => step(population, &mut [first, second]),
        _ => Err(DynError::invalid(
            "fused synaptic pass",
            &population.name,
            "needs 1 or 2 exponential synapse groups with outputs linear in V",
        )),
    }
}

/// `0..len` cut into consecutive ranges of `tile` neurons (the last one shorter).
fn tiles(len: usize, tile: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len).step_by(tile).map(move |start| start..start.saturating_add(tile).min(len))
}

/// How many steps may pass between two checks that the states are finite (see
/// [`Network::run`]).
pub const FINITE_CHECK_STEPS: u64 = 64;

/// The index of the first value that is NaN or infinite. A pass of independent sums of
/// `x − x` (0 for a finite `x`, NaN otherwise) first, which the compiler vectorises: at a few
/// hundred nanoseconds for a population of thousands it can run after every `run`, even of one
/// step; only a population that holds a non-finite value is searched element by element.
fn first_non_finite<Q: neurodim_state::StateValue>(values: &[Q]) -> Option<usize> {
    const LANES: usize = 8;
    let mut sums = [0.0f64; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (sum, x) in sums.iter_mut().zip(chunk) {
            let x = x.to_si();
            #[allow(clippy::eq_op)] // x − x: 0 for a finite x, NaN otherwise — the test itself
            {
                *sum += x - x;
            }
        }
    }
    let rest_finite = rest.iter().all(|x| x.to_si().is_finite());
    if sums.iter().all(|sum| *sum == 0.0) && rest_finite {
        return None;
    }
    values.iter().position(|x| !x.to_si().is_finite())
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::network::Network;
    use crate::neuron::{Lif, LifParams, LifRef, LifRefParams};

    use crate::network::test_cells::lif_test_cell;

    #[test]
    fn plan_names_the_model() {
        let mut net = Network::new(0.1 * ms).unwrap();
        net.add_population("N", LifRef::new(10, LifRefParams::default()).unwrap()).unwrap();
        assert_eq!(net.plan().populations[0].model, "LIFRef");
    }

    #[test]
    fn init_restarts_at_step_zero_with_the_initial_v() {
        let (mut net, pop) = lif_test_cell();
        net.init(7).unwrap();
        assert_eq!(net.step_index(), 0);
        assert_eq!(net.neurons(pop).unwrap().v(), &[0.0 * mV]);
    }

    #[test]
    fn reset_restores_the_initial_values() {
        let (mut net, pop) = lif_test_cell();
        net.init(0).unwrap();
        net.run(50).unwrap();
        net.reset().unwrap();
        assert_eq!((net.step_index(), net.neurons(pop).unwrap().v()[0]), (0, 0.0 * mV));
    }

    #[test]
    fn resume_at_continues_from_the_given_step() {
        let (mut net, _) = lif_test_cell();
        net.init(0).unwrap();
        net.resume_at(100).unwrap();
        assert_eq!(net.time(), 100.0 * (0.1 * ms));
        net.run(10).unwrap();
        assert_eq!(net.step_index(), 110);
    }

    #[test]
    fn step_emits_the_spike_of_step_109() {
        let (mut net, pop) = lif_test_cell();
        net.init(0).unwrap();
        net.run(109).unwrap();
        net.step().unwrap(); // step 109
        assert_eq!(net.spikes(pop).unwrap(), &[true]);
    }

    #[test]
    fn run_counts_its_steps_and_reports_progress() {
        let (mut net, _) = lif_test_cell();
        net.init(0).unwrap();
        net.run(25).unwrap();
        assert_eq!(net.step_index(), 25);
        let mut last = 0;
        net.run_with_progress(25, |k| last = k).unwrap();
        assert_eq!(last, 25);
        assert_eq!(net.run_for(1.0 * ms).unwrap(), 10);
    }

    #[test]
    fn check_finite_accepts_a_driven_population() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Lif::new(2, LifParams::default()).unwrap()).unwrap();
        net.set_current(e, 1.0 * mA).unwrap();
        net.init(0).unwrap();
        net.step().unwrap();
        net.check_finite().unwrap();
    }
}
