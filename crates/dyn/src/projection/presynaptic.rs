use core::ops::Range;

use crate::network::PopulationId;

/// The presynaptic side of a projection: a population, or a contiguous range of its neurons
/// (brainstate's `spk[:3200]`, a view of one population as two).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::projection::Presynaptic;
/// let mut net = Network::new(0.1 * ms)?;
/// let all = net.add_population("N", LifRef::new(4000, LifRefParams::default())?)?;
/// let exc: Presynaptic = all.neurons(0..3200);
/// let whole: Presynaptic = all.into();
/// assert_eq!(exc.population(), whole.population());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presynaptic {
    population: PopulationId,
    neurons: Option<Range<usize>>,
}

impl Presynaptic {
    /// The population the spikes come from.
    ///
    /// See [`Presynaptic`] for an example.
    pub fn population(&self) -> PopulationId {
        self.population
    }

    /// The neurons, `None` for the whole population.
    pub fn range(&self) -> Option<Range<usize>> {
        self.neurons.clone()
    }
}

impl From<PopulationId> for Presynaptic {
    fn from(population: PopulationId) -> Self {
        Presynaptic { population, neurons: None }
    }
}

impl PopulationId {
    /// The neurons `range` of this population as the source of a projection; presynaptic
    /// index `k` of the projection is neuron `range.start + k`.
    ///
    /// See [`Presynaptic`] for an example.
    pub fn neurons(self, range: Range<usize>) -> Presynaptic {
        Presynaptic { population: self, neurons: Some(range) }
    }
}

#[cfg(test)]
mod tests {
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::projection::Presynaptic;
    use neurodim_units::prelude::*;

    #[test]
    fn range_of_a_source() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let pop = net.add_population("N", Lif::new(10, LifParams::default())?)?;
        assert_eq!(pop.neurons(2..5).range(), Some(2..5));
        assert_eq!(Presynaptic::from(pop).range(), None);
        Ok(())
    }
}
