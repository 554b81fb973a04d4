use crate::DynError;
use crate::network::Network;
use crate::network::NetworkPrecision;

impl<F: NetworkPrecision> Network<F> {
    /// Steps with `threads` worker threads (default 1, the calling thread). The kernels of
    /// neurons, synapses and outputs then split populations of at least 16 384 elements into
    /// chunks processed in parallel; the spike delivery of a projection onto such a population
    /// (with 16 or more synapses per source on average) is split by target, and a Poisson input
    /// of 4 or more blocks of 1 024 targets draws its blocks in parallel, each from its own
    /// stream ([`plan`](Self::plan) says which). Every element is computed by the same
    /// operations in the same order whatever the split, so a run gives the same bits with any
    /// number of threads. Smaller populations gain nothing: handing work to a thread costs
    /// about as much as updating ten thousand neurons.
    ///
    /// Needs the `parallel` feature (on by default in the `neurodim` crate, off in
    /// `neurodim-dyn`); without it, any `threads > 1` is an error.
    pub fn set_threads(&mut self, threads: usize) -> Result<(), DynError> {
        if threads == 0 {
            return Err(DynError::invalid("threads", threads, "must be >= 1"));
        }
        self.plan = None;
        #[cfg(feature = "parallel")]
        {
            self.pool = if threads == 1 {
                None
            } else {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
                let pool =
                    pool.map_err(|e| DynError::invalid("threads", e, "a thread pool must start"))?;
                // The workers start asynchronously; waiting for each of them here keeps their
                // start-up (and its allocations) out of the first steps.
                pool.broadcast(|_| ());
                Some(pool)
            };
            Ok(())
        }
        #[cfg(not(feature = "parallel"))]
        if threads == 1 {
            Ok(())
        } else {
            Err(DynError::invalid("threads", threads, "needs the `parallel` feature when > 1"))
        }
    }

    /// The number of threads a step uses (see [`set_threads`](Self::set_threads)).
    pub fn threads(&self) -> usize {
        #[cfg(feature = "parallel")]
        if let Some(pool) = &self.pool {
            return pool.current_num_threads();
        }
        1
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::network::Network;

    #[test]
    fn threads_default_to_one_and_need_the_feature() {
        let mut net = Network::new(0.1 * ms).unwrap();
        assert_eq!(net.threads(), 1);
        if cfg!(feature = "parallel") {
            net.set_threads(2).unwrap();
            assert_eq!(net.threads(), 2);
        } else {
            assert!(net.set_threads(2).is_err());
        }
        assert!(net.set_threads(0).is_err());
    }
}
