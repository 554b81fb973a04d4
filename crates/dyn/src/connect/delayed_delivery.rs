use crate::DynError;
use crate::connect::connectivity::{check_indices, check_len};
use crate::connect::ring_columns::RingColumns;
use crate::connect::shared_delivery::{is_shareable, scatter_shared, scatter_shared_delayed};
use crate::connect::{
    Connectivity, DelaySteps, SpikeEvent, SynapseDelays, SynapticWeight, Topology, Weights,
};
use crate::kernel::Par;

/// Spike delivery with transmission delays, through a ring of future post accumulators.
///
/// **Schedule** (the network's, see [`network`](crate::network)): a spike emitted in step `n` reaches a synapse of `k` delay steps
/// (`k = round(d / dt)`) at the start of step `n + 1 + k`. In each step `n` the engine calls
/// [`take(n)`](DelayedDelivery::take) first — the summed weights due now — and, once the
/// neurons have spiked, [`deliver(n, spikes)`](DelayedDelivery::deliver), which adds each
/// synapse's weight into the accumulator of step `n + 1 + k`. With `k = 0` everywhere this is
/// brainstate's COBA/CUBA examples: a spike acts on the next step.
///
/// The ring has `L = max_k + 1` slots of `batch · n_post` accumulators; the slot of step `m`
/// is `m mod L`, and a taken slot is cleared before it is written again. Memory is
/// proportional to the longest delay; nothing is allocated per step.
///
/// ```
/// use neurodim_dyn::connect::DelayedDelivery;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // one synapse 0 → 0 of weight 1 nS and delay 0.2 ms, dt = 0.1 ms: 2 steps
/// let conn = OneToOne.topology(1)?.with_weight(1.0 * nS)?;
/// let mut ring = DelayedDelivery::new(conn, SynapseDelays::uniform(0.2 * ms, 0.1 * ms)?)?;
/// let mut seen = Vec::new();
/// for step in 0..6 {
///     seen.push(ring.take(step)?[0].value_in(nS));
///     ring.deliver(step, &[step == 1])?; // spike in step 1
/// }
/// assert_eq!(seen, [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]); // arrives at 1 + 1 + 2 = 4
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DelayedDelivery<W> {
    connectivity: Connectivity<W>,
    delays: SynapseDelays,
    batch: usize,
    /// `L = max_k + 1`.
    slots: usize,
    /// `[L, batch, n_post]`, row-major.
    ring: Vec<W>,
    /// The step the next `take` must name.
    next_step: u64,
    /// The slot handed out by the last `take`, to be cleared before the ring is written.
    taken: Option<usize>,
    /// Whether a delivery from a spike list may be shared between threads by target
    /// ([`is_shareable`]), decided when built.
    shareable: bool,
}

impl<W: SynapticWeight> DelayedDelivery<W> {
    /// Delivery through `connectivity` with `delays` (per-synapse delays must number one per
    /// synapse), unbatched, starting at step 0 with nothing in flight.
    pub fn new(connectivity: Connectivity<W>, delays: SynapseDelays) -> Result<Self, DynError> {
        if let DelaySteps::PerSynapse(steps) = delays.steps() {
            check_len("per-synapse delays", connectivity.topology().n_synapses(), steps.len())?;
        }
        let slots = usize::from(delays.max_steps()) + 1;
        let ring = vec![W::zero(); slots * connectivity.topology().n_post()];
        let shareable = is_shareable(connectivity.topology());
        Ok(DelayedDelivery {
            connectivity,
            delays,
            batch: 1,
            slots,
            ring,
            next_step: 0,
            taken: None,
            shareable,
        })
    }

    /// The same delivery for `batch` independent items: spikes `[batch, n_pre]`, accumulators
    /// `[batch, n_post]`. Clears the ring and restarts at step 0.
    pub fn batched(mut self, batch: usize) -> Result<Self, DynError> {
        if batch == 0 {
            return Err(DynError::invalid("batch", batch, "must be >= 1"));
        }
        self.batch = batch;
        self.ring = vec![W::zero(); self.slots * self.slot_len()];
        self.reset(0);
        Ok(self)
    }

    /// The accumulators returned by the last [`take`](Self::take), until the ring is next
    /// written; empty before the first take.
    pub fn last_taken(&self) -> &[W] {
        match self.taken {
            Some(slot) => {
                let len = self.slot_len();
                &self.ring[slot * len..(slot + 1) * len]
            }
            None => &[],
        }
    }

    /// [`last_taken`](Self::last_taken), mutably, for a consumer that zeroes what it reads; it
    /// then calls [`mark_drained`](Self::mark_drained).
    pub(crate) fn last_taken_mut(&mut self) -> &mut [W] {
        match self.taken {
            Some(slot) => {
                let len = self.slot_len();
                &mut self.ring[slot * len..(slot + 1) * len]
            }
            None => &mut [],
        }
    }

    /// Records that every accumulator of the last take has been set to zero by its consumer,
    /// so the slot need not be cleared again before it is written (a pass over the whole slot
    /// saved; the consumer zeroes each element while it is in the cache anyway).
    pub(crate) fn mark_drained(&mut self) {
        self.taken = None;
    }

    /// The accumulators due at the start of `step`: the summed weights of every spike whose
    /// delay ends now, `[batch, n_post]`. Steps are taken in order, one after the other; the
    /// slot is cleared for reuse before the ring is next written.
    pub fn take(&mut self, step: u64) -> Result<&[W], DynError> {
        if step != self.next_step {
            return Err(DynError::invalid(
                "step",
                step,
                "take must name the step after the last one taken (see next_step)",
            ));
        }
        self.clear_taken();
        let slot = self.slot_of(step);
        self.taken = Some(slot);
        self.next_step += 1;
        let len = self.slot_len();
        Ok(&self.ring[slot * len..(slot + 1) * len])
    }

    /// Sends the spikes emitted in `step` (`[batch, n_pre]`; a nonzero float is one event) into
    /// the accumulators of step `step + 1 + k` of each synapse. `step` must be the step last
    /// taken.
    pub fn deliver<S: SpikeEvent>(&mut self, step: u64, spikes: &[S]) -> Result<(), DynError> {
        self.check_deliver_step(step)?;
        let n_pre = self.connectivity.topology().n_pre();
        check_len("spikes", self.batch * n_pre, spikes.len())?;
        self.clear_taken();
        let base = self.slot_of(step + 1);
        for (item, item_spikes) in spikes.chunks_exact(n_pre).enumerate() {
            for (pre, _) in item_spikes.iter().enumerate().filter(|(_, x)| x.is_event()) {
                self.scatter(pre, item, base, |w| w);
            }
        }
        Ok(())
    }

    /// [`deliver`](DelayedDelivery::deliver) from a list of spiking sources (unbatched only).
    /// Every index is checked before anything is added.
    pub fn deliver_indices(&mut self, step: u64, active: &[u32]) -> Result<(), DynError> {
        self.deliver_listed(step, active, None, Par::Seq)
    }

    /// [`deliver_indices`](DelayedDelivery::deliver_indices) with what each source's spike
    /// delivers scaled: `w·scales[k]` for the synapses of `active[k]` (short-term plasticity's
    /// efficacy). `scales` has one value per active source.
    pub fn deliver_indices_scaled(
        &mut self,
        step: u64,
        active: &[u32],
        scales: &[f64],
    ) -> Result<(), DynError> {
        self.deliver_listed(step, active, Some(scales), Par::Seq)
    }

    /// [`deliver_indices`](Self::deliver_indices), or with `scales`
    /// [`deliver_indices_scaled`](Self::deliver_indices_scaled), shared between the threads
    /// of [`delivery_par(par)`](Self::delivery_par): the same sums, bit for bit.
    pub(crate) fn deliver_listed(
        &mut self,
        step: u64,
        active: &[u32],
        scales: Option<&[f64]>,
        par: Par,
    ) -> Result<(), DynError> {
        let par = self.delivery_par(par);
        match scales {
            Some(scales) => {
                check_len("scales (one per active source)", active.len(), scales.len())?;
                self.deliver_active(step, active, &|k, w| w * scales[k], par)
            }
            None => self.deliver_active(step, active, &|_, w| w, par),
        }
    }

    /// The threads a delivery from a spike list is shared between, of those of `par`: all of
    /// them when the connectivity is [shareable](is_shareable) (and the ring unbatched), else
    /// one.
    pub(crate) fn delivery_par(&self, par: Par) -> Par {
        if self.shareable && self.batch == 1 { par } else { Par::Seq }
    }

    fn deliver_active(
        &mut self,
        step: u64,
        active: &[u32],
        map: &(impl Fn(usize, W) -> W + Sync),
        par: Par,
    ) -> Result<(), DynError> {
        self.check_deliver_step(step)?;
        check_len("batch (spike lists are unbatched)", 1, self.batch)?;
        check_indices(active, self.connectivity.topology().n_pre())?;
        self.clear_taken();
        let base = self.slot_of(step + 1);
        if par.threads() > 1 && !active.is_empty() {
            self.scatter_shared(active, base, map, par);
            return Ok(());
        }
        for (k, &pre) in active.iter().enumerate() {
            self.connectivity.prefetch_ahead(active, k);
            self.scatter(pre as usize, 0, base, |w| map(k, w));
        }
        Ok(())
    }

    /// Clears everything in flight and restarts the schedule: the next `take` is `first_step`.
    pub fn reset(&mut self, first_step: u64) {
        self.ring.fill(W::zero());
        self.next_step = first_step;
        self.taken = None;
    }

    /// Replaces the connectivity by one between the same populations (a network's projection
    /// drawn again at `init` with another seed), keeping the delays; the ring is cleared.
    pub(crate) fn rewire(&mut self, connectivity: Connectivity<W>) -> Result<(), DynError> {
        let (old, new) = (self.connectivity.topology(), connectivity.topology());
        check_len("rewired n_pre", old.n_pre(), new.n_pre())?;
        check_len("rewired n_post", old.n_post(), new.n_post())?;
        if let DelaySteps::PerSynapse(steps) = self.delays.steps() {
            check_len("per-synapse delays", new.n_synapses(), steps.len())?;
        }
        self.shareable = is_shareable(new);
        self.connectivity = connectivity;
        self.reset(self.next_step);
        Ok(())
    }

    /// The step the next [`take`](DelayedDelivery::take) must name.
    pub fn next_step(&self) -> u64 {
        self.next_step
    }

    /// The connectivity delivered through.
    pub fn connectivity(&self) -> &Connectivity<W> {
        &self.connectivity
    }

    /// The weights delivered, writable (a projection's weight state).
    pub(crate) fn weights_mut(&mut self) -> &mut Weights<W> {
        self.connectivity.weights_mut()
    }

    /// The topology, the delays and the weights (one per synapse from now on), for a
    /// plasticity rule.
    pub(crate) fn plastic_parts(&mut self) -> (&Topology, &DelaySteps, &mut [W]) {
        let (topology, weights) = self.connectivity.plastic_parts();
        (topology, self.delays.steps(), weights)
    }

    /// The delays, in steps.
    pub fn delays(&self) -> &SynapseDelays {
        &self.delays
    }

    /// Heap bytes: connectivity, delays, and the ring of `(max_k + 1) · batch · n_post`
    /// accumulators.
    pub fn heap_bytes(&self) -> usize {
        self.connectivity.heap_bytes() + self.delays.heap_bytes() + self.ring.len() * size_of::<W>()
    }

    fn slot_len(&self) -> usize {
        self.batch * self.connectivity.topology().n_post()
    }

    fn slot_of(&self, step: u64) -> usize {
        (step % self.slots as u64) as usize
    }

    fn check_deliver_step(&self, step: u64) -> Result<(), DynError> {
        if step.checked_add(1) == Some(self.next_step) {
            Ok(())
        } else {
            Err(DynError::invalid("step", step, "deliver must name the step last taken"))
        }
    }

    fn clear_taken(&mut self) {
        if let Some(slot) = self.taken.take() {
            let len = self.slot_len();
            self.ring[slot * len..(slot + 1) * len].fill(W::zero());
        }
    }

    /// Adds the synapses of every source of `active` (unbatched) into the ring, shared between
    /// the threads of `par` by target; `base` is the slot of the step after the spikes.
    fn scatter_shared(
        &mut self,
        active: &[u32],
        base: usize,
        map: &(impl Fn(usize, W) -> W + Sync),
        par: Par,
    ) {
        let n_post = self.connectivity.topology().n_post();
        match self.delays.steps() {
            DelaySteps::Uniform(k) => {
                let start = (base + usize::from(*k)) % self.slots * n_post;
                let slot = &mut self.ring[start..start + n_post];
                scatter_shared(par, &self.connectivity, active, slot, map);
            }
            DelaySteps::PerSynapse(steps) => {
                let ring = RingColumns::new(&mut self.ring, n_post);
                scatter_shared_delayed(par, &self.connectivity, steps, active, ring, base, map);
            }
        }
    }

    /// Adds `pre`'s synapses of batch item `item` into the ring; `base` is the slot of the
    /// step after the spike.
    fn scatter(&mut self, pre: usize, item: usize, base: usize, map: impl Fn(W) -> W) {
        let n_post = self.connectivity.topology().n_post();
        let slot_len = self.slot_len();
        let item_offset = item * n_post;
        let slots = self.slots;
        let ring = &mut self.ring;
        match self.delays.steps() {
            DelaySteps::Uniform(k) => {
                let slot = (base + usize::from(*k)) % slots;
                let start = slot * slot_len + item_offset;
                self.connectivity.scatter(pre, &mut ring[start..start + n_post], map);
            }
            DelaySteps::PerSynapse(steps) => {
                let topology = self.connectivity.topology();
                let range = topology.row_range(pre);
                let row = Row {
                    targets: &topology.targets()[range.clone()],
                    steps: &steps[range.clone()],
                    base,
                    slots,
                    slot_len,
                    item_offset,
                };
                match self.connectivity.weights() {
                    Weights::Homogeneous(w) => {
                        let w = map(*w);
                        row.scatter(ring, |_| w)
                    }
                    Weights::PerSynapse(ws) => row.scatter(ring, |k| map(ws[range.start + k])),
                }
            }
        }
    }
}

/// One source's synapses with per-synapse delays.
struct Row<'a> {
    targets: &'a [u32],
    steps: &'a [u16],
    base: usize,
    slots: usize,
    slot_len: usize,
    item_offset: usize,
}

impl Row<'_> {
    /// `ring[slot(base + k_s), item, target_s] += weight(s)` for each synapse `s` of the row.
    #[inline]
    fn scatter<W: SynapticWeight>(&self, ring: &mut [W], weight: impl Fn(usize) -> W) {
        for (s, (&t, &k)) in self.targets.iter().zip(self.steps).enumerate() {
            let mut slot = self.base + usize::from(k);
            if slot >= self.slots {
                slot -= self.slots;
            }
            ring[slot * self.slot_len + self.item_offset + t as usize] += weight(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{DelaySteps, DelayedDelivery, OneToOne, SynapseDelays};

    #[test]
    fn new_checks_the_number_of_delays() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(2)?.with_weight(1.0)?;
        let e =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![1])))
                .unwrap_err();
        assert_eq!(e.to_string(), "per-synapse delays: expected size 2, found 1");
        Ok(())
    }

    #[test]
    fn batched_rings_take_every_item() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(2)?.with_weight(1.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?
                .batched(3)?;
        assert_eq!(ring.take(0)?.len(), 6);
        Ok(())
    }

    #[test]
    fn last_taken_repeats_the_last_take() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(2)?.with_weight(1.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        assert!(ring.last_taken().is_empty());
        ring.take(0)?;
        ring.deliver(0, &[true, false])?;
        assert_eq!(ring.take(1)?, &[1.0, 0.0]);
        assert_eq!(ring.last_taken(), &[1.0, 0.0]);
        Ok(())
    }

    #[test]
    fn take_refuses_a_skipped_step() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(1)?.with_weight(1.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        assert_eq!(ring.take(0)?, &[0.0]);
        assert!(ring.take(5).is_err()); // step 1 is next
        Ok(())
    }

    #[test]
    fn deliver_after_take() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(1)?.with_weight(2.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        assert!(ring.deliver(0, &[true]).is_err()); // step 0 not taken yet
        ring.take(0)?;
        ring.deliver(0, &[true])?;
        assert_eq!(ring.take(1)?, &[2.0]);
        Ok(())
    }

    #[test]
    fn deliver_indices_with_per_synapse_delays() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(3)?.with_weight(1.0)?;
        let mut ring = DelayedDelivery::new(
            conn,
            SynapseDelays::from_steps(DelaySteps::PerSynapse(vec![0, 1, 0])),
        )?;
        ring.take(0)?;
        ring.deliver_indices(0, &[0, 1])?;
        assert_eq!(ring.take(1)?, &[1.0, 0.0, 0.0]);
        ring.deliver_indices(1, &[])?;
        assert_eq!(ring.take(2)?, &[0.0, 1.0, 0.0]);
        Ok(())
    }

    #[test]
    fn deliver_indices_scaled_one_scale_each() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(2)?.with_weight(2.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        ring.take(0)?;
        ring.deliver_indices_scaled(0, &[1], &[0.25])?;
        assert_eq!(ring.take(1)?, &[0.0, 0.5]);
        assert!(ring.deliver_indices_scaled(1, &[0, 1], &[1.0]).is_err()); // one scale each
        Ok(())
    }

    #[test]
    fn reset_drops_what_is_in_flight() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(1)?.with_weight(1.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(3)))?;
        ring.take(0)?;
        ring.deliver(0, &[true])?;
        ring.reset(0);
        assert_eq!(ring.next_step(), 0);
        assert!((0..5).all(|n| ring.take(n).unwrap() == [0.0]));
        Ok(())
    }

    #[test]
    fn next_step_after_a_take() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(1)?.with_weight(1.0)?;
        let mut ring =
            DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        ring.take(0)?;
        assert_eq!(ring.next_step(), 1);
        Ok(())
    }

    #[test]
    fn connectivity_of_the_ring() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(4)?.with_weight(1.0)?;
        let ring = DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(0)))?;
        assert_eq!(ring.connectivity().topology().n_synapses(), 4);
        Ok(())
    }

    #[test]
    fn delays_of_the_ring() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(1)?.with_weight(1.0)?;
        let ring = DelayedDelivery::new(conn, SynapseDelays::from_steps(DelaySteps::Uniform(7)))?;
        assert_eq!(ring.delays().max_steps(), 7);
        Ok(())
    }

    #[test]
    fn heap_bytes_of_the_ring() -> Result<(), Box<dyn std::error::Error>> {
        let conn = OneToOne.topology(10)?.with_weight(1.0)?;
        let ring =
            DelayedDelivery::new(conn.clone(), SynapseDelays::from_steps(DelaySteps::Uniform(4)))?;
        assert_eq!(ring.heap_bytes(), conn.heap_bytes() + 5 * 10 * 8);
        Ok(())
    }
}
