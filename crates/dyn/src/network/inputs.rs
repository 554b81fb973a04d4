use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::input::poisson_draw::spike_probability;
use crate::input::{CurrentWaveform, PoissonInput};
use crate::network::build::check_size;
use crate::network::poisson::PoissonFeed;
use crate::network::population::ExternalCurrent;
use crate::network::{Network, NetworkPrecision, PopulationId};

/// Inputs: external currents and Poisson inputs.
impl<F: NetworkPrecision> Network<F> {
    /// Sets a constant external current into every neuron of `population` (default 0 A).
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(10, LifParams::default())?)?;
    /// net.set_current(e, 20.0 * mA)?;
    /// assert!(net.set_current(e, f64::NAN * mA).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(2, LifParams::default())?)?;
    /// net.set_currents(e, vec![1.0 * mA, 2.0 * mA])?;
    /// assert!(net.set_currents(e, vec![1.0 * mA]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    /// of `population` (e.g. a [`StepCurrent`](crate::input::StepCurrent)).
    ///
    /// ```
    /// use neurodim_dyn::input::StepCurrent;
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(1, LifParams::default())?)?;
    /// net.set_current_waveform(e, StepCurrent::new(2.0 * mA, 1.0 * ms, 2.0 * ms)?)?;
    /// net.init(0)?;
    /// net.run(10)?;
    /// assert_eq!(net.neurons(e).unwrap().v()[0], 0.0 * mV); // before 1 ms: no current
    /// net.run(10)?;
    /// assert!(net.neurons(e).unwrap().v()[0] > 0.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_current_waveform(
        &mut self,
        population: PopulationId,
        waveform: impl CurrentWaveform<Current> + 'static,
    ) -> Result<(), DynError> {
        self.target(population)?;
        let fingerprint = self.fingerprint.text("current waveform").count(population.0);
        fingerprint.parameters(|hasher| waveform.hash_parameters(hasher));
        self.target_mut(population)?.current = ExternalCurrent::Waveform(Box::new(waveform));
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
    /// ```
    /// use neurodim_dyn::input::PoissonInput;
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(100, LifParams::default())?)?;
    /// net.add_poisson_to_v("ext", e, PoissonInput::new(100, 1000, 10.0 * Hz, 0.1 * mV)?)?;
    /// assert!(net.add_poisson_to_v("bad", e, PoissonInput::new(10, 1, 1.0 * Hz, 0.1 * mV)?).is_err());
    /// net.init(0)?;
    /// net.step()?;
    /// assert!(net.neurons(e).unwrap().v().iter().any(|&v| v > 0.0 * mV));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use neurodim_dyn::connect::OneToOne;
    /// use neurodim_dyn::input::PoissonInput;
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_dyn::output::Coba;
    /// use neurodim_dyn::projection::{AlignPost, OutputKind};
    /// use neurodim_dyn::synapse::ExponParams;
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(10, LifParams::default())?)?;
    /// let conn = OneToOne.topology(10)?.with_weight(1.0 * nS)?;
    /// let syn = ExponParams { tau: 5.0 * ms };
    /// let out = OutputKind::Coba(Coba::new(0.0 * mV)?);
    /// net.add_align_post("E2E", AlignPost::new(e, e, conn, syn, out))?;
    /// net.add_poisson_to_g("ext", "E2E", PoissonInput::new(10, 100, 100.0 * Hz, 1.0 * nS)?)?;
    /// assert!(net.add_poisson_to_g("bad", "nothing", PoissonInput::new(10, 1, 1.0 * Hz, 1.0 * nS)?).is_err());
    /// net.init(0)?;
    /// net.run(10)?;
    /// assert!(net.conductance("E2E").unwrap().iter().any(|&g| g > 0.0 * nS));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
        self.groups[group].inputs.push(PoissonFeed::new(name.to_string(), input));
        Ok(())
    }
}
