use core::ops::Range;

use crate::network::PopulationId;

/// The presynaptic side of a projection: a population, or a contiguous range of its neurons
/// (brainstate's `spk[:3200]`, a view of one population as two).
///
/// ```
/// use neurodim_dyn::network::Network;
/// use neurodim_dyn::neuron::{LifRef, LifRefParams};
/// use neurodim_dyn::projection::Source;
/// use neurodim_state::Shape;
/// use neurodim_units::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let all = net.add_population("N", LifRef::new(4000, LifRefParams::default())?)?;
/// let exc: Source = all.neurons(0..3200);
/// let whole: Source = all.into();
/// assert_eq!(exc.population(), whole.population());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    population: PopulationId,
    neurons: Option<Range<usize>>,
}

impl Source {
    /// The population the spikes come from.
    ///
    /// See [`Source`] for an example.
    pub fn population(&self) -> PopulationId {
        self.population
    }

    /// The neurons, `None` for the whole population.
    ///
    /// ```
    /// # use neurodim_dyn::network::Network;
    /// # use neurodim_dyn::neuron::{Lif, LifParams};
    /// # use neurodim_dyn::projection::Source;
    /// # use neurodim_state::Shape;
    /// # use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let pop = net.add_population("N", Lif::new(10, LifParams::default())?)?;
    /// assert_eq!(pop.neurons(2..5).range(), Some(2..5));
    /// assert_eq!(Source::from(pop).range(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn range(&self) -> Option<Range<usize>> {
        self.neurons.clone()
    }
}

impl From<PopulationId> for Source {
    fn from(population: PopulationId) -> Self {
        Source { population, neurons: None }
    }
}

impl PopulationId {
    /// The neurons `range` of this population as the source of a projection; presynaptic
    /// index `k` of the projection is neuron `range.start + k`.
    ///
    /// See [`Source`] for an example.
    pub fn neurons(self, range: Range<usize>) -> Source {
        Source { population: self, neurons: Some(range) }
    }
}
