use neurodim_units::{Conductance, Current, DisplayField, Voltage, ms};

use crate::DynError;
use crate::input::poisson_draw::spike_probability;
use crate::input::{CurrentWaveform, DelayedCurrent, NoiseCurrent, PoissonInput};
use crate::network::build::check_size;
use crate::network::noise::NoiseFeed;
use crate::network::poisson::PoissonFeed;
use crate::network::population::ExternalCurrent;
use crate::network::timing_conventions::NEST_DEFAULT_DELAY_MS;
use crate::network::{Network, NetworkPrecision, PopulationId, TimingConventions};
use crate::projection::group::Arrival;

/// Inputs: external currents, noise currents and Poisson inputs.
impl<F: NetworkPrecision> Network<F> {
    /// Sets a constant external current into every neuron of `population` (default 0 A).
    pub fn set_current(
        &mut self,
        population: PopulationId,
        current: Current,
    ) -> Result<(), DynError> {
        neurodim_units::validate::finite("current", current)?;
        self.target_mut(population)?.current = ExternalCurrent::All(current);
        self.fingerprint.text("current").count(population.0).real(current.value);
        Ok(())
    }

    /// Sets a constant external current per neuron of `population` (one per neuron, finite).
    pub fn set_currents(
        &mut self,
        population: PopulationId,
        currents: Vec<Current>,
    ) -> Result<(), DynError> {
        for &current in &currents {
            neurodim_units::validate::finite("current", current)?;
        }
        check_size("external currents", self.target(population)?.len(), currents.len())?;
        let fingerprint = self.fingerprint.text("currents").count(population.0);
        currents.iter().for_each(|current| {
            fingerprint.real(current.value);
        });
        self.target_mut(population)?.current = ExternalCurrent::Each(currents);
        Ok(())
    }

    /// Sets an external current that follows `waveform` in time, the same into every neuron
    /// of `population` (e.g. a [`StepCurrent`](crate::input::StepCurrent)). Under NEST's
    /// [`TimingConventions`](crate::network::TimingConventions) the waveform is a current
    /// generator's recorded current, delivered over NEST's default delay of 1 ms
    /// ([`DelayedCurrent::nest`](crate::input::DelayedCurrent::nest)); wrap it in a
    /// `DelayedCurrent` of another delay to state one.
    ///
    /// See [`StepCurrent`](crate::input::StepCurrent) for an example.
    pub fn set_current_waveform(
        &mut self,
        population: PopulationId,
        waveform: impl CurrentWaveform<Current> + 'static,
    ) -> Result<(), DynError> {
        self.target(population)?;
        let waveform: Box<dyn CurrentWaveform<Current>> = match self.conventions {
            TimingConventions::Brainstate => Box::new(waveform),
            TimingConventions::Nest => {
                Box::new(DelayedCurrent::nest(waveform, NEST_DEFAULT_DELAY_MS * ms, self.dt())?)
            }
        };
        let fingerprint = self.fingerprint.text("current waveform").count(population.0);
        fingerprint.parameters(|hasher| waveform.hash_parameters(hasher));
        self.target_mut(population)?.current = ExternalCurrent::Waveform(waveform);
        Ok(())
    }

    /// Adds the noise current `noise` under `name` into every neuron of `population`, on top
    /// of its external current (constant, per neuron, or a waveform) and of any other noise
    /// current: NEST's `noise_generator` connected to each neuron (see [`NoiseCurrent`] for
    /// when it draws and what), reaching every model that takes an external current. Each
    /// block of [`POISSON_BLOCK`](crate::input::POISSON_BLOCK) neurons draws from a stream of
    /// its own, stream `b` of `StreamKey::new(seed, name)`
    /// ([`StreamArray::key_of`](neurodim_state::StreamArray::key_of)), in the order of its
    /// neurons, so that any number of threads draws the same values; the streams restart at
    /// [`init`](Self::init) and [`reset`](Self::reset). The current it adds to each neuron in
    /// the step is the short-term state `"<name>.I"` (recordable with
    /// [`monitor_state`](Self::monitor_state)) and the streams' positions `"<name>.rng"`, so
    /// checkpoints keep both: a run restored between two draws holds the values drawn.
    ///
    /// Errors: `name` not new, `population` a spike source or of another network, `noise` made
    /// for a time step other than the network's.
    ///
    /// See [`NoiseCurrent`] for an example.
    pub fn add_noise_current(
        &mut self,
        name: &str,
        population: PopulationId,
        noise: NoiseCurrent,
    ) -> Result<(), DynError> {
        self.check_new_name(name)?;
        let target = self.target(population)?;
        if noise.time_step() != self.dt() {
            return Err(DynError::invalid(
                "NoiseCurrent time step",
                format_args!(
                    "{} (network dt {})",
                    noise.time_step().display(),
                    self.dt().display()
                ),
                "must be the network's dt",
            ));
        }
        let feed = NoiseFeed::new(name.to_string(), noise, target.shape().clone());
        let target = self.target_mut(population)?;
        if target.noise_sum.is_empty() {
            target.noise_sum = vec![Current::default(); target.len()];
        }
        let fingerprint = self.fingerprint.text("noise current").text(name).count(population.0);
        fingerprint.debug(feed.noise());
        self.noise_currents.push((population, feed));
        Ok(())
    }

    /// Adds `input` under `name` into the V of `population`: each step, `count · weight` per
    /// neuron, added after integration like a [`Delta`](crate::projection::Delta) projection's jumps (a neuron held
    /// refractory ignores them, as brainstate's `poisson_input` with a refractory mask). The
    /// counts of each block of [`POISSON_BLOCK`](crate::input::POISSON_BLOCK) targets draw
    /// from a stream of their own, stream `b` of `StreamKey::new(seed, name)`
    /// ([`StreamArray::key_of`](neurodim_state::StreamArray::key_of)), so that any number of
    /// threads draws the same counts; the streams restart at [`init`](Self::init) and
    /// [`reset`](Self::reset), and their positions are the short-term state `"<name>.rng"`,
    /// so checkpoints keep them.
    ///
    /// See [`PoissonInput`] for an example.
    pub fn add_poisson_to_v(
        &mut self,
        name: &str,
        population: PopulationId,
        input: PoissonInput<Voltage>,
    ) -> Result<(), DynError> {
        self.check_new_name(name)?;
        // `freq · dt ≤ 1` is checked now rather than at the first step
        spike_probability("PoissonInput freq · dt", input.freq(), self.dt())?;
        let len = self.target(population)?.len();
        check_size("Poisson input size (the population)", len, input.size())?;
        if self.delta_inputs[population.0].is_empty() {
            self.delta_inputs[population.0] = vec![Voltage::default(); len];
        }
        self.fingerprint.text("poisson to v").text(name).count(population.0).debug(&input);
        self.v_inputs.push((population, PoissonFeed::new(name.to_string(), input)));
        Ok(())
    }

    /// Adds `input` under `name` into the synapse state of `projection` (the state it created
    /// or joined): each step, `count · weight` per post neuron, added with the spikes arriving
    /// in that step (brainstate's `PoissonInput` into `g`). Streams as for
    /// [`add_poisson_to_v`](Self::add_poisson_to_v).
    pub fn add_poisson_to_g(
        &mut self,
        name: &str,
        projection: &str,
        input: PoissonInput<Conductance>,
    ) -> Result<(), DynError> {
        self.check_new_name(name)?;
        // `freq · dt ≤ 1` is checked now rather than at the first step
        spike_probability("PoissonInput freq · dt", input.freq(), self.dt())?;
        let group = self
            .groups
            .iter()
            .position(|g| g.members.iter().any(|m| m.name == projection))
            .ok_or_else(|| {
                DynError::invalid(
                    "projection",
                    format!("{projection:?}"),
                    "must name an AlignPost projection of this network",
                )
            })?;
        let len = self.populations[self.groups[group].post.0].len();
        check_size("Poisson input size (the post population)", len, input.size())?;
        self.fingerprint.text("poisson to g").text(name).text(projection).debug(&input);
        let input = input.stored_as::<Arrival<F>>()?;
        self.groups[group].inputs.push(PoissonFeed::new(name.to_string(), input));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::connect::OneToOne;
    use crate::input::{PoissonInput, StepCurrent};
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::output::Coba;
    use crate::projection::{AlignPost, OutputKind};
    use crate::synapse::ExponParams;

    #[test]
    fn currents_must_be_finite_and_one_per_neuron() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Lif::new(2, LifParams::default()).unwrap()).unwrap();
        net.set_current(e, 20.0 * mA).unwrap();
        assert!(net.set_current(e, f64::NAN * mA).is_err());
        net.set_currents(e, vec![1.0 * mA, 2.0 * mA]).unwrap();
        assert!(net.set_currents(e, vec![1.0 * mA]).is_err());
    }

    #[test]
    fn a_current_waveform_starts_when_it_says() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Lif::new(1, LifParams::default()).unwrap()).unwrap();
        let step = StepCurrent::new(2.0 * mA, 1.0 * ms, 2.0 * ms).unwrap();
        net.set_current_waveform(e, step).unwrap();
        net.init(0).unwrap();
        net.run(10).unwrap();
        assert_eq!(net.neurons(e).unwrap().v()[0], 0.0 * mV); // before 1 ms: no current
        net.run(10).unwrap();
        assert!(net.neurons(e).unwrap().v()[0] > 0.0 * mV);
    }

    #[test]
    fn poisson_into_v_must_match_the_population() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Lif::new(100, LifParams::default()).unwrap()).unwrap();
        let input = PoissonInput::new(100, 1000, 10.0 * Hz, 0.1 * mV).unwrap();
        net.add_poisson_to_v("ext", e, input).unwrap();
        let small = PoissonInput::new(10, 1, 1.0 * Hz, 0.1 * mV).unwrap();
        assert!(net.add_poisson_to_v("bad", e, small).is_err());
        net.init(0).unwrap();
        net.step().unwrap();
        assert!(net.neurons(e).unwrap().v().iter().any(|&v| v > 0.0 * mV));
    }

    #[test]
    fn poisson_into_g_must_name_a_projection() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Lif::new(10, LifParams::default()).unwrap()).unwrap();
        let conn = OneToOne.topology(10).unwrap().with_weight(1.0 * nS).unwrap();
        let syn = ExponParams { tau: 5.0 * ms };
        let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
        net.add_align_post("E2E", AlignPost::new(e, e, conn, syn, out)).unwrap();
        let input = PoissonInput::new(10, 100, 100.0 * Hz, 1.0 * nS).unwrap();
        net.add_poisson_to_g("ext", "E2E", input).unwrap();
        let other = PoissonInput::new(10, 1, 1.0 * Hz, 1.0 * nS).unwrap();
        assert!(net.add_poisson_to_g("bad", "nothing", other).is_err());
        net.init(0).unwrap();
        net.run(10).unwrap();
        assert!(net.conductance("E2E").unwrap().iter().any(|&g| g > 0.0 * nS));
    }
}
