//! [`Network::spike_device`]: a NEST spike generator connected to every neuron of a
//! population.

use neurodim_state::StateValue;
use neurodim_units::{Conductance, Current, DisplayField, Time, Voltage, ms};

use crate::DynError;
use crate::connect::SynapseDelays;
use crate::input::SpikeDevice;
use crate::kernel::SpikeWeight;
use crate::network::build::check_size;
use crate::network::spike_device_feed::SpikeDeviceFeed;
use crate::network::{Network, NetworkPrecision, PopulationId};

/// The weight of a spike device's connections, as the target model takes spikes: a voltage
/// jump ([`Voltage`]) into the V of a model without spike-weight ports (NEST's
/// `iaf_psc_delta`: [`IafPscDelta`](crate::neuron::IafPscDelta); [`SpikeWeight::None`]), a
/// current ([`Current`]) or a conductance ([`Conductance`]) into the port of its sign of a
/// model that takes that kind ([`NeuronModel::SPIKE_WEIGHT`](crate::kernel::NeuronModel::SPIKE_WEIGHT)).
///
/// ```
/// use neurodim_dyn::kernel::SpikeWeight;
/// use neurodim_dyn::network::DeviceWeight;
/// use neurodim_units::{Current, Voltage};
/// assert_eq!(<Voltage as DeviceWeight>::KIND, SpikeWeight::None); // jumps into V
/// assert_eq!(<Current as DeviceWeight>::KIND, SpikeWeight::Current);
/// ```
pub trait DeviceWeight: StateValue + DisplayField {
    /// The kind of spike weight the target model must take.
    const KIND: SpikeWeight;
}

impl DeviceWeight for Voltage {
    const KIND: SpikeWeight = SpikeWeight::None;
}

impl DeviceWeight for Current {
    const KIND: SpikeWeight = SpikeWeight::Current;
}

impl DeviceWeight for Conductance {
    const KIND: SpikeWeight = SpikeWeight::Conductance;
}

/// A spike device's connection being stated, from [`Network::spike_device`]: set its
/// [`weight`](Self::weight) (or [`weights`](Self::weights), required) and its
/// [`delay`](Self::delay) (NEST's default 1 ms), then [`add`](Self::add) it.
///
/// It is NEST's `nest.Connect(generator, population, syn_spec={"weight": w, "delay": d})`:
/// the device sends each neuron of the population its count of the step (independent Poisson
/// counts per neuron for the Poisson generators), which arrives `D = round(d/h)` steps later
/// (NEST's delay, at least one step, as [`SynapseDelays::nest`]) as `count · w`: a voltage jump
/// of V, or a spike weight on the excitatory port (`w ≥ 0`) or the inhibitory one (`w < 0`).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST's spike_weights case of nest_zoo.json, onto the ports of an iaf_psc_exp: spike weights
/// // 2 and −0.5 times a connection weight of 3 pA, i.e. +6 pA, then −1.5 pA (the inhibitory port)
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", IafPscExp::new(1, IafPscExpParams::default())?)?;
/// let generator = SpikeGenerator::new(vec![1.0 * ms, 2.0 * ms])?.with_weights(vec![2.0, -0.5])?;
/// net.spike_device("sg", generator, cell).weight(3.0 * pA).delay(1.0 * ms).add()?;
/// let i_ex = net.monitor_state("cell.I_syn_ex", &[0], 1)?;
/// let i_in = net.monitor_state("cell.I_syn_in", &[0], 1)?;
/// net.init(0)?;
/// net.run(30)?;
/// // stamped 1.0 ms, delay 1 ms: read in the update from 1.9 to 2.0 ms (step 19)
/// let i_ex = net.state_trace(i_ex)?.si().values().to_vec();
/// assert_eq!((i_ex[18], i_ex[19]), (0.0, 6e-12));
/// let i_in = net.state_trace(i_in)?.si().values().to_vec();
/// assert_eq!((i_in[28], i_in[29]), (0.0, -1.5e-12));
/// # Ok::<(), DynError>(())
/// ```
#[must_use = "a spike device is only added by `.add()`"]
pub struct SpikeDeviceBuilder<'a, F: NetworkPrecision> {
    network: &'a mut Network<F>,
    name: String,
    device: Box<dyn SpikeDevice>,
    post: PopulationId,
    /// The kind of the weights, their SI values (one for all, or one per neuron) and, as shown
    /// to a user, the first that is not finite (else the first).
    weights: Option<(SpikeWeight, Vec<f64>, String)>,
    delay: Time,
}

impl<F: NetworkPrecision> Network<F> {
    /// States a spike device `name` (its states `"<name>.ring"`, `"<name>.rng"` and the
    /// device's own) connected to every neuron of `post`; see [`SpikeDeviceBuilder`].
    pub fn spike_device(
        &mut self,
        name: &str,
        device: impl SpikeDevice + 'static,
        post: PopulationId,
    ) -> SpikeDeviceBuilder<'_, F> {
        SpikeDeviceBuilder {
            network: self,
            name: name.to_string(),
            device: Box::new(device),
            post,
            weights: None,
            delay: 1.0 * ms,
        }
    }
}

impl<F: NetworkPrecision> SpikeDeviceBuilder<'_, F> {
    /// One connection weight for every neuron (finite; its kind as [`DeviceWeight`] says).
    pub fn weight<W: DeviceWeight>(self, weight: W) -> Self {
        self.weights(vec![weight])
    }

    /// One connection weight per neuron of the population (finite).
    pub fn weights<W: DeviceWeight>(mut self, weights: Vec<W>) -> Self {
        let non_finite = weights.iter().find(|w| !w.to_si().is_finite());
        let shown = non_finite.or(weights.first()).map(|w| w.display().to_string());
        let values = weights.iter().map(|w| w.to_si()).collect();
        self.weights = Some((W::KIND, values, shown.unwrap_or_default()));
        self
    }

    /// NEST's delay `d` (default 1 ms): what is sent in step `s` arrives in step
    /// `s + round(d/h)`; at least one step.
    pub fn delay(mut self, delay: Time) -> Self {
        self.delay = delay;
        self
    }

    /// Adds the device. Fails, naming the parameter, when the weight is missing, of another
    /// kind than the target model takes, not finite, or not one per neuron; on a delay below
    /// one step or not finite; on a name already in use; on a target that is a spike source
    /// or of another network; and on the device's own parameters that do not fit the
    /// network's `dt` ([`SpikeDevice::prepare`]).
    pub fn add(self) -> Result<(), DynError> {
        let SpikeDeviceBuilder { network, name, mut device, post, weights, delay } = self;
        network.check_new_name(&name)?;
        let (kind, mut weights, shown) = weights.ok_or_else(|| {
            DynError::invalid("weight", "missing", "`Network::spike_device` needs it")
        })?;
        let target = network.target(post)?;
        let len = target.len();
        let takes = target.neurons().map_or(SpikeWeight::None, |n| n.spike_weight());
        if takes != kind {
            return Err(DynError::invalid(
                "weight",
                format!(
                    "a {} onto {:?} (whose model takes {})",
                    kind_of(kind),
                    target.name,
                    kind_of(takes)
                ),
                "must be of the kind of the post model's spike weights \
                 (NeuronModel::SPIKE_WEIGHT; a voltage jump for a model without ports)",
            ));
        }
        if weights.iter().any(|w| !w.is_finite()) {
            return Err(DynError::invalid("weight", shown, "must be finite"));
        }
        if weights.len() == 1 {
            weights = vec![weights[0]; len];
        }
        check_size("spike device weights (one per neuron of the target)", len, weights.len())?;
        let dt = network.dt();
        let steps = usize::from(SynapseDelays::nest(delay, dt)?.max_steps()) + 1;
        device.prepare(dt)?;
        let mut fingerprint = network.fingerprint.clone();
        fingerprint.text("spike device").text(&name).text(device.model()).count(post.0);
        fingerprint.debug(&kind).count(weights.len());
        weights.iter().for_each(|&w| {
            fingerprint.real(w);
        });
        fingerprint.count(steps).parameters(|hasher| device.hash_parameters(hasher));
        let ports = kind != SpikeWeight::None;
        let feed = SpikeDeviceFeed::new(name, post, device, ports, weights, steps)?;
        if ports {
            if network.port_inputs[post.0][0].is_empty() {
                network.port_inputs[post.0] = [vec![0.0; len], vec![0.0; len]];
            }
            network.populations[post.0].takes_spike_weights = true;
        } else if network.delta_inputs[post.0].is_empty() {
            network.delta_inputs[post.0] = vec![Voltage::default(); len];
        }
        network.spike_devices.push(feed);
        network.plan = None;
        network.fingerprint = fingerprint;
        Ok(())
    }
}

/// A kind of spike weight, for messages.
fn kind_of(kind: SpikeWeight) -> &'static str {
    match kind {
        SpikeWeight::None => "voltage jump (V)",
        kind => kind.unit(),
    }
}
