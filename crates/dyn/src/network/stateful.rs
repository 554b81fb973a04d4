use neurodim_state::{Stateful, Visit, VisitMut};

use crate::network::Network;

/// Every state of the network by path: `"<population>.<state>"` (e.g. `"E.V"`, `"E.spike"`,
/// and `"E.spike_history"` when delayed projections read E), `"<projection>.syn.<state>"` for each synapse state (e.g. `"E2I.syn.g"`), in the order
/// populations, then synapse states, were added.
impl Stateful for Network {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        for population in &self.populations {
            visitor.child(&population.name, population);
        }
        for group in &self.groups {
            visitor.child(&group.name, group);
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
    }
}
