//! The synapses of a projection by target: the transposed index a postsynaptic spike walks.

use crate::connect::Topology;

/// For each postsynaptic neuron `j`, its incoming synapses (CSR positions) and their sources,
/// `synapses[offsets[j]..offsets[j + 1]]` in increasing source order. Built once per
/// connectivity (4 + 4 bytes per synapse).
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    offsets: Vec<u32>,
    synapses: Vec<u32>,
    sources: Vec<u32>,
}

impl Columns {
    pub(crate) fn of(topology: &Topology) -> Self {
        let n_post = topology.n_post();
        let mut offsets = vec![0u32; n_post + 1];
        for &j in topology.targets() {
            offsets[j as usize + 1] += 1;
        }
        for j in 0..n_post {
            offsets[j + 1] += offsets[j];
        }
        let mut next: Vec<u32> = offsets[..n_post].to_vec();
        let n = topology.n_synapses();
        let (mut synapses, mut sources) = (vec![0u32; n], vec![0u32; n]);
        for i in 0..topology.n_pre() {
            for s in topology.row_range(i) {
                let j = topology.targets()[s] as usize;
                let at = next[j] as usize;
                synapses[at] = s as u32;
                sources[at] = i as u32;
                next[j] += 1;
            }
        }
        Columns { offsets, synapses, sources }
    }

    /// The incoming synapses of `j` and their sources.
    #[inline]
    pub(crate) fn of_target(&self, j: usize) -> (&[u32], &[u32]) {
        let range = self.offsets[j] as usize..self.offsets[j + 1] as usize;
        (&self.synapses[range.clone()], &self.sources[range])
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        4 * (self.offsets.len() + self.synapses.len() + self.sources.len())
    }
}
