//! [`Network::poisson_drive`]: Poisson input into a synapse of its own, without a projection.

use neurodim_units::Conductance;

use crate::DynError;
use crate::input::PoissonInput;
use crate::input::poisson_draw::spike_probability;
use crate::network::build::check_size;
use crate::network::poisson::PoissonFeed;
use crate::network::{Network, NetworkPrecision, PopulationId};
use crate::projection::group::Arrival;
use crate::projection::{OutputKind, SynapseKind};

/// A Poisson drive being stated, from [`Network::poisson_drive`]: set its
/// [`synapse`](Self::synapse) and [`output`](Self::output) (both required), then
/// [`add`](Self::add) it.
///
/// Each step, every neuron of the target receives `count · weight` into the `g` of a synapse
/// of the given model and output, `count` drawn as for
/// [`add_poisson_to_g`](Network::add_poisson_to_g) (brainstate's `PoissonInput` into a
/// synapse's `g`). The synapse state is shared with the projections onto the same population
/// whose synapse and output are equal, as projections share it with each other; otherwise the
/// drive has its own, `"<name>.syn.g"`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let e = net.add_population("E", Lif::new(10, LifParams::default())?)?;
/// net.poisson_drive("ext", e, PoissonInput::new(10, 100, 100.0 * Hz, 1.0 * nS)?)
///     .synapse(ExponParams { tau: 5.0 * ms })
///     .output(Coba::new(0.0 * mV)?)
///     .add()?;
/// net.init(0)?;
/// net.run(10)?;
/// assert!(net.conductance("ext").unwrap().iter().any(|&g| g > 0.0 * nS));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a drive is only added by `.add()`"]
pub struct PoissonDriveBuilder<'a, F: NetworkPrecision> {
    network: &'a mut Network<F>,
    name: String,
    post: PopulationId,
    input: PoissonInput<Conductance>,
    synapse: Option<SynapseKind>,
    output: Option<OutputKind>,
}

impl<F: NetworkPrecision> Network<F> {
    /// States a Poisson drive `name` into the neurons `post`; see [`PoissonDriveBuilder`].
    pub fn poisson_drive(
        &mut self,
        name: &str,
        post: PopulationId,
        input: PoissonInput<Conductance>,
    ) -> PoissonDriveBuilder<'_, F> {
        PoissonDriveBuilder {
            network: self,
            name: name.to_string(),
            post,
            input,
            synapse: None,
            output: None,
        }
    }
}

impl<F: NetworkPrecision> PoissonDriveBuilder<'_, F> {
    /// The synapse model the counts arrive in, with its parameters.
    pub fn synapse(mut self, synapse: impl Into<SynapseKind>) -> Self {
        self.synapse = Some(synapse.into());
        self
    }

    /// How the synapse's `g` becomes a current into the target.
    pub fn output(mut self, output: impl Into<OutputKind>) -> Self {
        self.output = Some(output.into());
        self
    }

    /// Adds the drive. Fails when the synapse or output is missing, on a name already in use,
    /// a target of another network or that is a spike source, an input of another size than
    /// the target, `freq · dt > 1`, or invalid synapse parameters.
    pub fn add(self) -> Result<(), DynError> {
        let PoissonDriveBuilder { network, name, post, input, synapse, output } = self;
        let missing =
            |what| DynError::invalid(what, "missing", "`Network::poisson_drive` needs it");
        let synapse = synapse.ok_or_else(|| missing("synapse"))?;
        let output = output.ok_or_else(|| missing("output"))?;
        network.check_new_name(&name)?;
        spike_probability("PoissonInput freq · dt", input.freq(), network.dt())?;
        check_size(
            "Poisson input size (the post population)",
            network.target(post)?.len(),
            input.size(),
        )?;
        synapse.check_dt(network.dt())?;
        let mut fingerprint = network.fingerprint.clone();
        fingerprint.text("poisson drive").text(&name).count(post.0).debug(&input);
        fingerprint.debug(&synapse).debug(&output);
        let input = input.stored_as::<Arrival<F>>()?;
        let group = network.synapse_group(&name, post, synapse, output)?;
        network.groups[group].inputs.push(PoissonFeed::new(name, input));
        network.fingerprint = fingerprint;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::connect::Topology;
    use crate::input::PoissonInput;
    use crate::network::{Network, NetworkPrecision, PopulationId};
    use crate::neuron::LifParams;
    use crate::output::Coba;
    use crate::projection::AlignPost;
    use crate::synapse::{AlphaParams, ExponParams};

    const N: usize = 50;

    /// Above the LIF's rest (0 mV), so that the drive depolarises.
    fn e_rev() -> Voltage {
        50.0 * mV
    }

    fn input() -> PoissonInput<Conductance> {
        PoissonInput::new(N, 200, 50.0 * Hz, 2.0 * nS).unwrap()
    }

    fn cells<F: NetworkPrecision>() -> (Network<F>, PopulationId) {
        let mut net = Network::<F>::with_precision(0.1 * ms).unwrap();
        let params = LifParams { r: 100.0 * Mohm, ..LifParams::default() };
        let pop = net.add_population("E", crate::kernel::Neurons::<_, F>::new(N, params).unwrap());
        (net, pop.unwrap())
    }

    /// What a drive must equal: the input into the `g` of a projection without synapses, the
    /// way a user had to state it before.
    fn through_an_empty_projection<F: NetworkPrecision>() -> Network<F> {
        let (mut net, pop) = cells::<F>();
        let empty = Topology::empty(N, N).unwrap().with_weight(1.0 * nS).unwrap();
        let out = Coba::new(e_rev()).unwrap();
        net.add_align_post("ext", AlignPost::new(pop, pop, empty, ExponParams::default(), out))
            .unwrap();
        net.add_poisson_to_g("ext_in", "ext", input()).unwrap();
        net
    }

    fn driven<F: NetworkPrecision>() -> Network<F> {
        let (mut net, pop) = cells::<F>();
        net.poisson_drive("ext_in", pop, input())
            .synapse(ExponParams::default())
            .output(Coba::new(e_rev()).unwrap())
            .add()
            .unwrap();
        net
    }

    fn final_v<F: NetworkPrecision>(mut net: Network<F>, threads: usize) -> Vec<f64> {
        net.set_threads(threads).unwrap();
        net.init(3).unwrap();
        net.run(500).unwrap();
        let mut v = Vec::new();
        neurodim_state::for_each_state(&net, |path, state| {
            if path == "E.V" {
                v = state.to_si();
            }
        });
        v
    }

    #[test]
    fn a_drive_is_the_input_into_a_synapse_of_its_own() {
        let threads = if cfg!(feature = "parallel") { [1, 2].as_slice() } else { &[1] };
        for &threads in threads {
            let v = final_v(driven::<f64>(), threads);
            assert_eq!(v, final_v(through_an_empty_projection::<f64>(), threads));
            assert!(v.iter().any(|&v| v != 0.0), "the drive acts");
            let v32 = final_v(driven::<f32>(), threads);
            assert_eq!(v32, final_v(through_an_empty_projection::<f32>(), threads));
        }
    }

    #[test]
    fn a_drive_joins_a_projection_with_the_same_synapse_and_keeps_apart_from_another() {
        let (mut net, pop) = cells::<f64>();
        let empty = Topology::empty(N, N).unwrap().with_weight(1.0 * nS).unwrap();
        let out = Coba::new(0.0 * mV).unwrap();
        net.add_align_post("rec", AlignPost::new(pop, pop, empty, ExponParams::default(), out))
            .unwrap();
        let drive = |synapse| {
            move |net: &mut Network, name: &str| {
                net.poisson_drive(name, pop, input()).synapse(synapse).output(out).add()
            }
        };
        drive(crate::projection::SynapseKind::new(ExponParams::default()))(&mut net, "same")
            .unwrap();
        drive(AlphaParams::default().into())(&mut net, "alpha").unwrap();
        net.init(0).unwrap();
        net.run(20).unwrap();
        assert!(net.conductance("rec").unwrap().iter().any(|&g| g > 0.0 * nS), "joined rec");
        assert!(net.conductance("same").is_none(), "no state of its own");
        assert!(net.conductance("alpha").unwrap().iter().any(|&g| g > 0.0 * nS));
    }

    #[test]
    fn a_drive_without_synapse_or_output_or_of_another_size_is_refused() {
        let (mut net, pop) = cells::<f64>();
        let e = net
            .poisson_drive("a", pop, input())
            .output(Coba::new(0.0 * mV).unwrap())
            .add()
            .unwrap_err();
        assert_eq!(e.param(), Some("synapse"));
        let e = net.poisson_drive("a", pop, input()).synapse(ExponParams::default()).add();
        assert_eq!(e.unwrap_err().param(), Some("output"));
        let small = PoissonInput::new(N - 1, 10, 1.0 * Hz, 1.0 * nS).unwrap();
        let e = net.poisson_drive("a", pop, small).synapse(ExponParams::default());
        assert!(e.output(Coba::new(0.0 * mV).unwrap()).add().is_err());
        let bad = ExponParams { tau: -1.0 * ms };
        let e =
            net.poisson_drive("a", pop, input()).synapse(bad).output(Coba::new(0.0 * mV).unwrap());
        assert!(e.add().is_err());
        assert!(net.conductance("a").is_none(), "a refused drive leaves no synapse");
    }
}
