use neurodim_state::{Stateful, Visit, VisitMut};

use crate::network::{Network, NetworkPrecision};

/// Every state of the network by path, in this order: per population (in the order added)
/// `"<population>.<state>"` (e.g. `"E.V"`, `"E.spike"`, `"E.spike_history"` when delayed
/// projections read E, and `"<source>.rng"`, the position of a spike source's random stream);
/// per synapse group `"<projection>.syn.<state>"` (e.g. `"E2I.syn.g"`); per projection its
/// weights `"<projection>.w"` (a param state: one value for a homogeneous weight, one per
/// synapse otherwise) and its short-term plasticity's states (`"<projection>.stp.u"`), the
/// conductance projections then the voltage-jump ones; then the position of each Poisson
/// input's random stream, `"<input>.rng"` — those into a synapse state (in the order of their
/// groups), then those into V; then, per noise current, the current it adds to each neuron
/// in the step, `"<noise>.I"`, and its random streams' positions, `"<noise>.rng"`; last, per
/// spike device (in the order added) its delay ring `"<device>.ring"`, its streams
/// `"<device>.rng"` and the device's own states (a `sinusoidal_poisson_generator`'s
/// `"<device>.y0"`, `"<device>.y1"`, `"<device>.rate"`).
impl<F: NetworkPrecision> Stateful for Network<F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        for population in &self.populations {
            visitor.child(&population.name, population);
        }
        for group in &self.groups {
            visitor.child(&group.name, group);
        }
        for member in self.groups.iter().flat_map(|g| &g.members) {
            visitor.child(&member.name, member);
        }
        for (_, pathway) in &self.deltas {
            visitor.child(&pathway.name, pathway);
        }
        for pathway in &self.statics {
            visitor.child(pathway.name(), pathway);
        }
        for receptors in &self.receptors {
            visitor.child(&receptors.name, receptors);
        }
        for input in self.groups.iter().flat_map(|g| &g.inputs) {
            visitor.child(&input.name, input);
        }
        for (_, input) in &self.v_inputs {
            visitor.child(&input.name, input);
        }
        for (_, noise) in &self.noise_currents {
            visitor.child(&noise.name, noise);
        }
        for device in &self.spike_devices {
            visitor.child(&device.name, device);
        }
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        // The names are cloned because the child is borrowed mutably (walks are not per step).
        for population in &mut self.populations {
            visitor.child(&population.name.clone(), population);
        }
        for group in &mut self.groups {
            visitor.child(&group.name.clone(), group);
        }
        for member in self.groups.iter_mut().flat_map(|g| &mut g.members) {
            visitor.child(&member.name.clone(), member);
        }
        for (_, pathway) in &mut self.deltas {
            visitor.child(&pathway.name.clone(), pathway);
        }
        for pathway in &mut self.statics {
            let name = pathway.name().to_owned();
            visitor.child(&name, pathway);
        }
        for receptors in &mut self.receptors {
            visitor.child(&receptors.name.clone(), receptors);
        }
        for input in self.groups.iter_mut().flat_map(|g| &mut g.inputs) {
            visitor.child(&input.name.clone(), input);
        }
        for (_, input) in &mut self.v_inputs {
            visitor.child(&input.name.clone(), input);
        }
        for (_, noise) in &mut self.noise_currents {
            visitor.child(&noise.name.clone(), noise);
        }
        for device in &mut self.spike_devices {
            visitor.child(&device.name.clone(), device);
        }
    }
}
