use neurodim_state::{AnyState, StateValue, StepContext};
use neurodim_units::Conductance;

use crate::DynError;
use crate::monitor::WeightChanges;
use crate::network::{Network, NetworkPrecision, WeightRecorderId};
use crate::projection::group::Arrival;
use crate::projection::pathway::Pathway;

impl<F: NetworkPrecision> Network<F> {
    /// The weights of the conductance projection `name`, its param state `"<name>.w"`: one
    /// value for a homogeneous weight, one per synapse in CSR order otherwise (the synapses of
    /// [`connectivity(name)`](Self::connectivity)), as the network holds them (rounded to `f32`
    /// in an `f32` network).
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", LifRef::new(10, LifRefParams::default())?)?;
    /// let conn = OneToOne.topology(10)?.with_weight(0.6 * nS)?;
    /// let coba = Coba::new(0.0 * mV)?;
    /// net.add_align_post("EE", AlignPost::new(e, e, conn, ExponParams::default(), coba))?;
    /// assert_eq!(net.weights("EE")?, [0.6 * nS]); // homogeneous: one value
    /// net.set_weights("EE", &[0.8 * nS])?; // between runs, kept by init and reset
    /// net.init(0)?;
    /// assert_eq!(net.weights("EE")?, [0.8 * nS]);
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn weights(&self, name: &str) -> Result<Vec<Conductance>, DynError> {
        let weights = self.weighted(name)?.connectivity().weights();
        Ok(weights.to_si().into_iter().map(Conductance::from_si).collect())
    }

    /// Sets the weights of the conductance projection `name` (see [`weights`](Self::weights)):
    /// as many values as it has, each finite (in the network's precision). Nothing changes on
    /// error. With a spike-timing rule each must be one the rule accepts (of the sign of its
    /// `Wmax`, not beyond it). `init` and `reset` keep them, but for a projection stated by
    /// [`connect`](Self::connect), an `init` with another seed draws its synapses again, with
    /// the weight it was stated with.
    pub fn set_weights(&mut self, name: &str, weights: &[Conductance]) -> Result<(), DynError> {
        let values: Vec<f64> = weights.iter().map(|w| w.value).collect();
        self.weighted_mut(name)?.set_weights(&values)
    }

    /// Records the changes of the weights of the conductance projection `name` at `synapses`
    /// (CSR positions; all of them for `None`), from their values now: see
    /// [`WeightChanges`] (NEST's `weight_recorder`). Add it after `init` has drawn a
    /// [`connect`](Self::connect)ed projection's synapses (their number is known then). An error
    /// names a projection that does not exist, and a synapse out of range or repeated.
    ///
    /// See [`WeightChanges`] for an example.
    pub fn monitor_weight_changes(
        &mut self,
        name: &str,
        synapses: Option<&[usize]>,
    ) -> Result<WeightRecorderId, DynError> {
        let weights = self.weighted(name)?.connectivity().weights().to_si();
        let recorder = WeightChanges::new(name, synapses, &weights)?;
        self.weight_recorders.push(recorder);
        Ok(WeightRecorderId(self.weight_recorders.len() - 1, self.tag))
    }

    /// The changes recorded by `id`; [`DynError::ForeignId`] for an id of another network.
    pub fn weight_changes(&self, id: WeightRecorderId) -> Result<&WeightChanges, DynError> {
        let foreign = || DynError::ForeignId { what: "weight recorder", id: format!("{}", id.0) };
        self.weight_recorders.get(id.0).filter(|_| id.1 == self.tag).ok_or_else(foreign)
    }

    /// Offers step `ctx` to every weight recorder.
    pub(crate) fn record_weight_changes(&mut self, ctx: &StepContext) -> Result<(), DynError> {
        let mut recorders = core::mem::take(&mut self.weight_recorders);
        let result = recorders.iter_mut().try_for_each(|recorder| {
            let weights = self.weighted(recorder.projection())?.connectivity().weights();
            recorder.record(ctx, |s| weights.get(s).to_si())
        });
        self.weight_recorders = recorders;
        result
    }

    /// Clears every weight recorder, comparing from the weights as they are now.
    pub(crate) fn clear_weight_changes(&mut self) {
        let mut recorders = core::mem::take(&mut self.weight_recorders);
        for recorder in &mut recorders {
            if let Ok(pathway) = self.weighted(recorder.projection()) {
                let weights = pathway.connectivity().weights();
                recorder.clear(|s| weights.get(s).to_si());
            }
        }
        self.weight_recorders = recorders;
    }

    /// The conductance projection `name`, or an error naming it.
    fn weighted(&self, name: &str) -> Result<&Pathway<Arrival<F>>, DynError> {
        let mut members = self.groups.iter().flat_map(|g| &g.members);
        members.find(|m| m.name == name).ok_or_else(|| not_a_projection(name))
    }

    /// [`weighted`](Self::weighted), writable.
    fn weighted_mut(&mut self, name: &str) -> Result<&mut Pathway<Arrival<F>>, DynError> {
        let mut members = self.groups.iter_mut().flat_map(|g| &mut g.members);
        members.find(|m| m.name == name).ok_or_else(|| not_a_projection(name))
    }
}

/// The error for a name that is no conductance projection of the network.
fn not_a_projection(name: &str) -> DynError {
    let rule = "must name an AlignPost projection of this network";
    DynError::invalid("projection", format!("{name:?}"), rule)
}

#[cfg(test)]
mod tests {
    use neurodim_state::{StateKind, list_states};
    use neurodim_units::prelude::*;

    use crate::DynError;
    use crate::connect::{Connectivity, OneToOne, Weights};
    use crate::input::SpikeTime;
    use crate::network::{Network, PopulationId};
    use crate::neuron::{LifRef, LifRefParams};
    use crate::output::Coba;
    use crate::projection::AlignPost;
    use crate::synapse::ExponParams;

    /// A source spiking in step 0 onto 3 LIFRef neurons through `"P"`, one-to-one, with
    /// `weights` (one: homogeneous; three: per synapse).
    fn driven(weights: &[Conductance]) -> (Network, PopulationId) {
        let mut net = Network::new(0.1 * ms).unwrap();
        let source = SpikeTime::new(3, vec![0, 1, 2], vec![0.0 * ms; 3]).unwrap();
        let pre = net.add_spike_source("S", source).unwrap();
        let neurons = LifRef::new(3, LifRefParams::default()).unwrap();
        let post = net.add_population("N", neurons).unwrap();
        let weights = match weights {
            [w] => Weights::Homogeneous(*w),
            ws => Weights::PerSynapse(ws.to_vec()),
        };
        let conn = Connectivity::new(OneToOne.topology(3).unwrap(), weights).unwrap();
        let coba = Coba::new(0.0 * mV).unwrap();
        net.add_align_post("P", AlignPost::new(pre, post, conn, ExponParams::default(), coba))
            .unwrap();
        (net, post)
    }

    /// The conductance of `"P"` after its spikes arrived (step 1).
    fn g_after_arrival(net: &mut Network) -> Vec<Conductance> {
        net.init(0).unwrap();
        net.run(2).unwrap();
        net.conductance("P").unwrap()
    }

    #[test]
    fn the_weights_are_a_param_state_of_their_projection() {
        for (weights, shape) in
            [(&[1.0 * nS][..], vec![]), (&[1.0 * nS, 2.0 * nS, 3.0 * nS], vec![3])]
        {
            let (net, _) = driven(weights);
            let states = list_states(&net);
            let w = states.iter().find(|s| s.path == "P.w").expect("P.w is listed");
            assert_eq!((w.kind, &w.shape), (StateKind::Param, &shape));
        }
    }

    #[test]
    fn set_weights_changes_what_the_spikes_deliver_and_init_and_reset_keep_them() {
        let (mut net, _) = driven(&[1.0 * nS, 2.0 * nS, 3.0 * nS]);
        net.set_weights("P", &[4.0 * nS, 0.0 * nS, 6.0 * nS]).unwrap();
        assert_eq!(g_after_arrival(&mut net), [4.0 * nS, 0.0 * nS, 6.0 * nS]);
        net.reset().unwrap();
        assert_eq!(net.weights("P").unwrap(), [4.0 * nS, 0.0 * nS, 6.0 * nS]);
    }

    #[test]
    fn a_checkpoint_carries_the_weights() {
        let (mut trained, post) = driven(&[1.0 * nS]);
        trained.init(0).unwrap();
        trained.set_weights("P", &[2.5 * nS]).unwrap();
        let saved = trained.checkpoint();
        let (mut fresh, fresh_post) = driven(&[1.0 * nS]);
        fresh.init(0).unwrap();
        fresh.restore(&saved).unwrap();
        assert_eq!(fresh.weights("P").unwrap(), [2.5 * nS]);
        trained.run(20).unwrap();
        fresh.run(20).unwrap();
        assert_eq!(fresh.neurons(fresh_post).unwrap().v(), trained.neurons(post).unwrap().v());
    }

    #[test]
    fn bad_weights_are_refused_and_change_nothing() {
        let (mut net, _) = driven(&[1.0 * nS, 2.0 * nS, 3.0 * nS]);
        let err = net.set_weights("P", &[1.0 * nS]).unwrap_err();
        assert!(err.to_string().contains("weights"), "{err}");
        let err = net.set_weights("P", &[1.0 * nS, f64::NAN * nS, 3.0 * nS]).unwrap_err();
        assert_eq!(err.param(), Some("weight"), "{err}");
        assert_eq!(net.weights("P").unwrap(), [1.0 * nS, 2.0 * nS, 3.0 * nS]);
        let err: DynError = net.weights("Q").unwrap_err();
        assert_eq!(err.param(), Some("projection"), "{err}");
    }

    #[test]
    fn an_f32_network_holds_its_weights_rounded() {
        let mut net = Network::<f32>::with_precision(0.1 * ms).unwrap();
        let e = net
            .add_population(
                "E",
                crate::kernel::Neurons::<_, f32>::new(2, LifRefParams::default()).unwrap(),
            )
            .unwrap();
        let conn = OneToOne.topology(2).unwrap().with_weight(0.1 * nS).unwrap();
        let coba = Coba::new(0.0 * mV).unwrap();
        net.add_align_post("P", AlignPost::new(e, e, conn, ExponParams::default(), coba)).unwrap();
        assert_eq!(net.weights("P").unwrap()[0].value, f64::from(0.1e-9f32));
    }
}
