use core::ops::Range;

use neurodim_state::{StepContext, init_all, reset_all};
use neurodim_units::{Time, Voltage};

use crate::DynError;
use crate::network::linear_drive::{ExponLane, MAX_LANES};
use crate::network::monitors::record;
use crate::network::population::Population;
use crate::network::{Network, PopulationId};
#[cfg(feature = "parallel")]
use crate::parallel::in_parallel_step;
use crate::parallel::splits;
use crate::projection::current::{CurrentPathway, PathwaySource};
use crate::projection::group::SynapseGroup;

impl Network {
    /// Initialises every state from `seed` (each state draws from its own stream, keyed on the
    /// seed and its path) and restarts at step 0: nothing in flight, monitors cleared.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(7)?;
    /// assert_eq!(net.step_index(), 0);
    /// assert_eq!(net.neurons(pop).unwrap().v(), &[0.0 * mV]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn init(&mut self, seed: u64) -> Result<(), DynError> {
        init_all(self, None, seed)?;
        self.seed = seed;
        self.reseed_inputs();
        self.resume_at(0)
    }

    /// Restores the initial values of every hidden and short-term state (the V drawn at
    /// [`init`](Self::init), zero conductances, no spikes) and restarts at step 0.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(0)?;
    /// net.run(50, |_| {})?;
    /// net.reset()?;
    /// assert_eq!((net.step_index(), net.neurons(pop).unwrap().v()[0]), (0, 0.0 * mV));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reset(&mut self) -> Result<(), DynError> {
        reset_all(self)?;
        self.reseed_inputs();
        self.resume_at(0)
    }

    /// Restarts the streams of the Poisson inputs from the seed of the last `init`.
    fn reseed_inputs(&mut self) {
        let seed = self.seed;
        self.v_inputs.iter_mut().for_each(|(_, input)| input.reseed(seed));
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
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(0)?;
    /// net.resume_at(100)?;
    /// assert_eq!(net.time(), 100.0 * (0.1 * ms));
    /// net.run(10, |_| {})?;
    /// assert_eq!(net.step_index(), 110);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_at(&mut self, step: u64) -> Result<(), DynError> {
        let populations = &self.populations;
        let history = |p: PopulationId| populations[p.0].history.as_ref();
        for group in &mut self.groups {
            group.members.iter_mut().try_for_each(|m| m.restart(step, history(m.pre)))?;
        }
        self.deltas.iter_mut().try_for_each(|(_, d)| d.restart(step, history(d.pre)))?;
        self.clear_monitors();
        self.next_step = step;
        Ok(())
    }

    /// One step of `dt` (DESIGN §4): inputs (currents; Poisson counts) → projections deliver
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
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(0)?;
    /// net.run(109, |_| {})?;
    /// net.step()?; // step 109
    /// assert_eq!(net.spikes(pop).unwrap(), &[true]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn step(&mut self) -> Result<(), DynError> {
        #[cfg(feature = "parallel")]
        if let Some(pool) = self.pool.take() {
            let result = pool.install(|| in_parallel_step(|| self.step_once(true)));
            self.pool = Some(pool);
            return result;
        }
        self.step_once(false)
    }

    /// One step; with `parallel`, each stage covers the whole of a population large enough to
    /// be shared out between the threads, rather than a cache-sized tile.
    fn step_once(&mut self, parallel: bool) -> Result<(), DynError> {
        let ctx = self.env.step(self.next_step);
        let Network {
            populations,
            groups,
            deltas,
            currents,
            delta_inputs,
            v_inputs,
            spike_monitors,
            traces,
            ..
        } = self;
        populations.iter().try_for_each(Population::check_initialised)?;
        // What arrives now, for whole populations: spikes through the delay rings, Poisson
        // counts (their streams must not depend on the tiling below), voltage jumps.
        {
            let pops: &[_] = populations;
            let fired_of = |p: PopulationId| pops[p.0].fired.as_slice();
            for group in groups.iter_mut() {
                group.arrive(&ctx, fired_of)?;
            }
            for jumps in delta_inputs.iter_mut() {
                jumps.fill(Voltage::default());
            }
            for (post, pathway) in deltas.iter_mut() {
                let arrived = pathway.arrive(ctx.i, fired_of(pathway.pre))?;
                let jumps = &mut delta_inputs[post.0];
                jumps.iter_mut().zip(arrived).for_each(|(sum, &dv)| *sum += dv);
            }
            for (post, input) in v_inputs.iter_mut() {
                input.add_into(&ctx, &mut delta_inputs[post.0])?;
            }
        }
        // A current projection reads the whole `g` of its group: those groups are updated
        // first, then the projections compute `W·g`.
        let feeds_current = |currents: &[CurrentPathway], g: usize| {
            currents.iter().any(|current| current.reads_group(g))
        };
        for (g, group) in groups.iter_mut().enumerate() {
            if feeds_current(currents, g) {
                group.update_range(&ctx, 0..group.synapse.as_dyn().g().len())?;
            }
        }
        for current in currents.iter_mut() {
            match current.source {
                PathwaySource::Group(g) => current.communicate(groups[g].synapse.as_dyn().g()),
                PathwaySource::Potential(pre, gain) => {
                    current.communicate_potential(populations[pre.0].v(), gain)
                }
            }
        }
        // The rest is elementwise per neuron, so each population is stepped tile by tile, every
        // stage on a tile that stays in the cache: synapses decay and add their arrivals,
        // outputs fill the drive, neurons integrate.
        for (p, (population, jumps)) in populations.iter_mut().zip(delta_inputs.iter()).enumerate()
        {
            let post = PopulationId(p);
            let len = population.v().len();
            let tile_len = if parallel && splits(len) { len } else { TILE };
            // Exponential synapses with outputs linear in V (brainstate's COBA and CUBA): their
            // updates, outputs and the clearing of their arrivals in one pass per tile.
            let fused = population.takes_linear_drive() && {
                let mut members = groups.iter().enumerate().filter(|(_, g)| g.post == post);
                let count = members.clone().count();
                (1..=MAX_LANES).contains(&count)
                    && members
                        .all(|(g, group)| group.has_expon_lane() && !feeds_current(currents, g))
            };
            // With LIFRef neurons and current-based outputs only (brainstate's CUBA), the
            // neurons' update joins that pass: one loop per tile for the whole step.
            let whole = fused
                && population.steps_with_lanes()
                && currents.iter().all(|current| current.post != post);
            let tile_len = if whole { tile_len.max(WHOLE_STEP_TILE) } else { tile_len };
            for tile in tiles(len, tile_len) {
                if whole {
                    with_lanes(population, groups, &ctx, post, |population, lanes| {
                        population.step_with_lanes(&ctx, lanes, jumps, tile.clone())
                    })?;
                    continue;
                }
                if fused {
                    with_lanes(population, groups, &ctx, post, |population, lanes| {
                        population.fill_fused(&ctx, lanes, tile.clone())
                    })?;
                } else {
                    for (g, group) in groups.iter_mut().enumerate() {
                        if group.post == post && !feeds_current(currents, g) {
                            group.update_range(&ctx, tile.clone())?;
                        }
                    }
                    population.prepare(&ctx, tile.clone())?;
                    for group in groups.iter().filter(|group| group.post == post) {
                        population.add_output(
                            &group.output,
                            group.synapse.as_dyn().g(),
                            tile.clone(),
                        )?;
                    }
                }
                for current in currents.iter().filter(|current| current.post == post) {
                    population.add_output(&current.output, &current.g, tile.clone())?;
                }
                population.update(&ctx, jumps, tile)?;
            }
            if fused {
                groups
                    .iter_mut()
                    .filter(|group| group.post == post)
                    .for_each(SynapseGroup::mark_drained);
            }
            population.emit(&ctx)?;
        }
        record(&ctx, populations, groups, spike_monitors, traces)?;
        self.next_step += 1;
        Ok(())
    }

    /// Runs `steps` steps, calling `progress(k)` after the `k`-th.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(0)?;
    /// let mut last = 0;
    /// net.run(25, |k| last = k)?;
    /// assert_eq!((last, net.step_index()), (25, 25));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(
        &mut self,
        steps: u64,
        mut progress: impl FnMut(u64) + Send,
    ) -> Result<(), DynError> {
        let mut steps_on = |net: &mut Network, parallel: bool| {
            for k in 1..=steps {
                net.step_once(parallel)?;
                progress(k);
            }
            Ok(())
        };
        // One hand-over to the pool for the whole run, not one per step (~10 µs each).
        #[cfg(feature = "parallel")]
        if let Some(pool) = self.pool.take() {
            let result = pool.install(|| in_parallel_step(|| steps_on(self, true)));
            self.pool = Some(pool);
            return result;
        }
        steps_on(self, false)
    }

    /// Runs for `duration` (`round(duration / dt)` steps), calling `progress(k)` after the
    /// `k`-th step. Returns the number of steps run.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// net.init(0)?;
    /// assert_eq!(net.run_for(1.0 * ms, |_| {})?, 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_for(
        &mut self,
        duration: Time,
        progress: impl FnMut(u64) + Send,
    ) -> Result<u64, DynError> {
        let steps = self.env.steps_in(duration)?;
        self.run(steps, progress)?;
        Ok(steps)
    }
}

/// Runs `step` on `population` (`post`) with the [`ExponLane`]s of its synapse groups (one or
/// two exponential groups with outputs linear in V: the fused pass of
/// [`linear_drive`](crate::network::linear_drive)).
fn with_lanes(
    population: &mut Population,
    groups: &mut [SynapseGroup],
    ctx: &StepContext,
    post: PopulationId,
    step: impl FnOnce(&mut Population, &mut [ExponLane<'_>]) -> Result<(), DynError>,
) -> Result<(), DynError> {
    let mut members = groups.iter_mut().filter(|group| group.post == post);
    let mut lane = || members.next().map(|group| group.expon_lane(ctx.dt)).transpose();
    match (lane()?.flatten(), lane()?.flatten(), lane()?.flatten()) {
        (Some(first), None, None) => step(population, &mut [first]),
        (Some(first), Some(second), None) => step(population, &mut [first, second]),
        _ => Err(DynError::invalid(
            "fused synaptic pass",
            &population.name,
            "needs 1 or 2 exponential synapse groups with outputs linear in V",
        )),
    }
}

/// The neurons of a tile. Each stage of a tile is a call with its own checks and per-step
/// constants (tens of nanoseconds), so tiles must not be small; the ~10 arrays a COBA step
/// touches per neuron (V, last spike, two g, two arrivals, offset, slope, exp-Euler factors,
/// spikes) should stay in the L2 cache between stages. Measured on the COBA and CUBA networks
/// (4 000 neurons, `sim_s` medians of 5 runs): 64 → 0.31/0.23 s, 256 → 0.21/0.16 s,
/// 1 024 → 0.20/0.15 s, whole population → 0.22/0.17 s.
const TILE: usize = 1024;

/// The tile of a population stepped in one loop ([`Population::step_with_lanes`]): no array
/// passes between stages, so a tile only has to keep the potentials it updated in the L2 cache
/// for the spike-flag pass (a tile's six arrays of `f64`: 192 KiB), and fewer tiles cost fewer
/// per-tile set-ups. Measured on the CUBA network (4 000 neurons, criterion `network_step`):
/// 8.6–9.6 µs per step in tiles of 1 024, 8.3–8.8 in one tile.
const WHOLE_STEP_TILE: usize = 4096;

/// `0..len` cut into consecutive ranges of `tile` neurons (the last one shorter).
fn tiles(len: usize, tile: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len).step_by(tile).map(move |start| start..start.saturating_add(tile).min(len))
}
