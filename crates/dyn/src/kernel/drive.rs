//! What a neuron population receives in one step: an external current, a synaptic drive that is
//! linear in V, and voltage jumps.

use core::ops::Range;

use neurodim_state::Precision;
use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::kernel::{NeuronInput, NeuronInputs, PerElement, SplitParts};

/// A value for every neuron of a population: one value for all, or one each (flat, in the
/// layout of the state, `[batch, ..shape]`).
///
/// ```
/// use neurodim_dyn::kernel::PerNeuron;
/// use neurodim_units::prelude::*;
/// let all = PerNeuron::All(1.5 * mA);
/// let currents = [1.0 * mA, 2.0 * mA];
/// let each = PerNeuron::Each(&currents);
/// assert_eq!(all.count(), None);
/// assert_eq!(each.count(), Some(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PerNeuron<'a, T> {
    /// The same value for every neuron.
    All(T),
    /// One value per neuron.
    Each(&'a [T]),
}

impl<T> PerNeuron<'_, T> {
    /// The number of values, or `None` for [`PerNeuron::All`].
    pub fn count(&self) -> Option<usize> {
        match self {
            PerNeuron::All(_) => None,
            PerNeuron::Each(values) => Some(values.len()),
        }
    }
}

/// The summed synaptic current of a population, per neuron, as a value and a slope in V:
/// `I_syn(V) = offset + slope · V` (A, S).
///
/// This form is exact for conductance-based outputs (COBA adds `g·E` to the offset and `−g` to
/// the slope) and current-based ones (CUBA adds `g·scale`), and, because an exponential-Euler
/// step uses only `f(V₀)` and `∂f/∂V(V₀)`, a nonlinear output such as
/// [`MgBlock`](crate::output::MgBlock) enters exactly through its tangent at the post-reset V.
/// The buffers are owned by the caller and reused every step: [`clear`](Self::clear) zeroes
/// them without allocating.
///
/// ```
/// use neurodim_dyn::kernel::SynapticDrive;
/// use neurodim_units::prelude::*;
/// let mut drive = SynapticDrive::new(2);
/// let (offset, slope) = drive.parts_mut();
/// offset[0] = 2.0 * nS * (0.0 * mV); // COBA with E = 0 mV and g = 2 nS
/// slope[0] = -2.0 * nS;
/// let i = drive.current_at(0, -60.0 * mV);
/// assert!((i.value_in(pA) - 120.0).abs() < 1e-9);
/// drive.clear();
/// assert_eq!(drive.slope()[0], 0.0 * nS);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SynapticDrive {
    offset: Vec<Current>,
    slope: Vec<Conductance>,
}

impl SynapticDrive {
    /// A zero drive for `len` neurons (the full length of the state, batch included).
    pub fn new(len: usize) -> Self {
        SynapticDrive {
            offset: vec![Current::default(); len],
            slope: vec![Conductance::default(); len],
        }
    }

    /// The number of neurons.
    pub fn len(&self) -> usize {
        self.offset.len()
    }

    /// Whether the drive covers no neuron.
    pub fn is_empty(&self) -> bool {
        self.offset.is_empty()
    }

    /// Sets every offset and slope to zero (no allocation).
    pub fn clear(&mut self) {
        self.offset.fill(Current::default());
        self.slope.fill(Conductance::default());
    }

    /// The offsets (A).
    pub fn offset(&self) -> &[Current] {
        &self.offset
    }

    /// The slopes (S).
    pub fn slope(&self) -> &[Conductance] {
        &self.slope
    }

    /// Both buffers, mutably, for an output to add its contribution.
    pub fn parts_mut(&mut self) -> (&mut [Current], &mut [Conductance]) {
        (&mut self.offset, &mut self.slope)
    }

    /// The current into neuron `i` at potential `v`: `offset[i] + slope[i] · v`.
    pub fn current_at(&self, i: usize, v: Voltage) -> Current {
        self.offset[i] + self.slope[i] * v
    }
}

/// Everything a neuron population receives in one step, besides [`StepContext`]:
///
/// - `current`: an external current `I_ext` (one for all, or one per neuron; default 0 A);
/// - `synaptic`: an optional [`SynapticDrive`], `offset + slope·V`;
/// - `delta`: optional voltage jumps, added after integration (brainstate's delta inputs).
///
/// All per-neuron slices have the full length of the state (`batch · n`).
///
/// [`StepContext`]: neurodim_state::StepContext
///
/// ```
/// use neurodim_dyn::kernel::{Drive, SynapticDrive};
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop = Lif::new(4, LifParams::default())?;
/// init_all(&mut pop, None, 0)?;
/// let syn = SynapticDrive::new(4); // no synaptic current yet
/// let jumps = [0.5 * mV; 4]; // a voltage jump into each neuron
/// let drive = Drive::current(0.2 * mA).with_synaptic(&syn).with_delta(&jumps);
/// let mut spikes = [false; 4];
/// pop.update(&Environment::new(0.1 * ms)?.step(0), &drive, &mut spikes)?;
/// // the rise towards R·I = 0.2 mV, then the jump
/// assert!(pop.v().iter().all(|&v| v > 0.5 * mV && v < 0.51 * mV));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drive<'a> {
    /// The external current.
    pub current: PerNeuron<'a, Current>,
    /// The synaptic drive linear in V, if any.
    pub synaptic: Option<&'a SynapticDrive>,
    /// Voltage jumps added after integration, if any.
    pub delta: Option<&'a [Voltage]>,
    /// The summed weights of the spikes arriving on the model's two ports, `[excitatory,
    /// inhibitory]`, in SI units of the model's [`SpikeWeight`](crate::kernel::SpikeWeight)
    /// (A or S; the inhibitory ones negative), if any.
    pub spike_weights: Option<[&'a [f64]; 2]>,
}

impl Default for Drive<'_> {
    fn default() -> Self {
        Drive {
            current: PerNeuron::All(Current::default()),
            synaptic: None,
            delta: None,
            spike_weights: None,
        }
    }
}

impl<'a> Drive<'a> {
    /// No input at all.
    pub fn none() -> Self {
        Drive::default()
    }

    /// The same external current into every neuron.
    pub fn current(current: Current) -> Self {
        Drive { current: PerNeuron::All(current), ..Drive::default() }
    }

    /// One external current per neuron.
    pub fn currents(currents: &'a [Current]) -> Self {
        Drive { current: PerNeuron::Each(currents), ..Drive::default() }
    }

    /// Adds a synaptic drive.
    pub fn with_synaptic(self, synaptic: &'a SynapticDrive) -> Self {
        Drive { synaptic: Some(synaptic), ..self }
    }

    /// Adds voltage jumps.
    pub fn with_delta(self, delta: &'a [Voltage]) -> Self {
        Drive { delta: Some(delta), ..self }
    }

    /// Adds the summed weights of arriving spikes on a model's two ports, `[excitatory,
    /// inhibitory]` per neuron, in SI units of the model's
    /// [`SpikeWeight`](crate::kernel::SpikeWeight) (A or S).
    ///
    /// ```
    /// use neurodim_dyn::kernel::Drive;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_state::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut pop = IafPscExp::new(1, IafPscExpParams::default())?;
    /// init_all(&mut pop, None, 0)?;
    /// let env = Environment::new(0.1 * ms)?;
    /// let (excitatory, inhibitory) = ([(100.0 * pA).value], [0.0]); // a 100 pA spike
    /// let drive = Drive::none().with_spike_weights([&excitatory, &inhibitory]);
    /// let mut spikes = [false];
    /// pop.update(&env.step(0), &drive, &mut spikes)?;
    /// assert_eq!(pop.state().i_syn_ex()[0], 100.0 * pA); // V moves from the next step
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_spike_weights(self, weights: [&'a [f64]; 2]) -> Self {
        Drive { spike_weights: Some(weights), ..self }
    }

    /// Checks that every per-neuron part has `len` values.
    pub fn check(&self, len: usize) -> Result<(), DynError> {
        check_len("external current", len, self.current.count())?;
        check_len("synaptic drive", len, self.synaptic.map(SynapticDrive::len))?;
        check_len("delta input", len, self.delta.map(<[Voltage]>::len))?;
        for port in self.spike_weights.iter().flatten() {
            check_len("spike weights", len, Some(port.len()))?;
        }
        Ok(())
    }
}

/// The synaptic part of a [`Drive`] inside a kernel: none, or its offsets and slopes cut to
/// the neurons of a range.
pub(crate) trait SynapticPart: SplitParts + Copy + Sync {
    /// Whether the slope can be nonzero.
    const HAS_SLOPE: bool;
    /// `(offset, slope)` of neuron `i`.
    fn at(self, i: usize) -> (Current, Conductance);
}

/// No synaptic drive.
#[derive(Clone, Copy)]
pub(crate) struct NoSynaptic;

impl SynapticPart for NoSynaptic {
    const HAS_SLOPE: bool = false;
    #[inline(always)]
    fn at(self, _i: usize) -> (Current, Conductance) {
        (Current::default(), Conductance::default())
    }
}

impl SplitParts for NoSynaptic {
    /// Any number of neurons.
    fn len(&self) -> usize {
        usize::MAX
    }

    fn split_at(self, _mid: usize) -> (Self, Self) {
        (self, self)
    }
}

/// A synaptic drive cut to the neurons of a range.
#[derive(Clone, Copy)]
pub(crate) struct Synaptic<'a> {
    offset: &'a [Current],
    slope: &'a [Conductance],
}

impl<'a> Synaptic<'a> {
    pub(crate) fn new(drive: &'a SynapticDrive, range: Range<usize>) -> Self {
        Synaptic { offset: &drive.offset[range.clone()], slope: &drive.slope[range] }
    }
}

impl SynapticPart for Synaptic<'_> {
    const HAS_SLOPE: bool = true;
    #[inline(always)]
    fn at(self, i: usize) -> (Current, Conductance) {
        (self.offset[i], self.slope[i])
    }
}

impl SplitParts for Synaptic<'_> {
    fn len(&self) -> usize {
        self.offset.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (o1, o2) = self.offset.split_at(mid);
        let (s1, s2) = self.slope.split_at(mid);
        (Synaptic { offset: o1, slope: s1 }, Synaptic { offset: o2, slope: s2 })
    }
}

/// The [`NeuronInputs`] of a [`Drive`] for the neurons of a range: the external current
/// plus the synaptic offset as the current, the synaptic slope, the voltage jump.
#[derive(Clone, Copy)]
pub(crate) struct DriveInputs<'a, C, S, D> {
    pub(crate) current: C,
    pub(crate) syn: S,
    pub(crate) delta: D,
    /// The spike weights of the chunk's neurons, if any (read only by models with ports, so
    /// not a type parameter: it adds no loop to the models without).
    pub(crate) spike_weights: Option<[&'a [f64]; 2]>,
}

impl<C, S, D> SplitParts for DriveInputs<'_, C, S, D>
where
    C: PerElement<Current>,
    S: SynapticPart,
    D: PerElement<Voltage>,
{
    /// Any number of neurons (the parts that are slices have the chunk's length).
    fn len(&self) -> usize {
        usize::MAX
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (c1, c2) = self.current.split_at(mid);
        let (s1, s2) = self.syn.split_at(mid);
        let (d1, d2) = self.delta.split_at(mid);
        let (w1, w2) = match self.spike_weights {
            Some([excitatory, inhibitory]) => {
                let (e1, e2) = excitatory.split_at(mid);
                let (i1, i2) = inhibitory.split_at(mid);
                (Some([e1, i1]), Some([e2, i2]))
            }
            None => (None, None),
        };
        (
            DriveInputs { current: c1, syn: s1, delta: d1, spike_weights: w1 },
            DriveInputs { current: c2, syn: s2, delta: d2, spike_weights: w2 },
        )
    }
}

impl<F, C, S, D> NeuronInputs<F> for DriveInputs<'_, C, S, D>
where
    F: Precision,
    C: PerElement<Current>,
    S: SynapticPart,
    D: PerElement<Voltage>,
{
    const HAS_SLOPE: bool = S::HAS_SLOPE;

    #[inline(always)]
    fn slope(&self, i: usize) -> F {
        F::of(self.syn.at(i).1.value)
    }

    #[inline(always)]
    fn take(&mut self, i: usize) -> NeuronInput<F> {
        let (offset, slope) = self.syn.at(i);
        // `I_ext + offset`, then `+ slope·V` in the model: the order of the sum in
        // `I_ext + offset + slope·V`
        let current = if S::HAS_SLOPE { self.current.at(i) + offset } else { self.current.at(i) };
        NeuronInput {
            current: F::of(current.value),
            slope: F::of(slope.value),
            delta: F::of(self.delta.at(i).value),
        }
    }

    #[inline(always)]
    fn spike_weights(&self, i: usize) -> [F; 2] {
        match self.spike_weights {
            Some([excitatory, inhibitory]) => [F::of(excitatory[i]), F::of(inhibitory[i])],
            None => [F::zero(); 2],
        }
    }
}

/// Runs `$body` with `$inputs` bound to the [`DriveInputs`] of `$drive` (checked against the
/// population) for the neurons of `$range`, of the concrete type of each of its parts: 8
/// monomorphic loops, one dispatch per call.
macro_rules! with_drive_inputs {
    ($drive:expr, $range:expr, |$inputs:ident| $body:expr) => {{
        use $crate::kernel::Broadcast;
        use $crate::kernel::drive::{DriveInputs, NoSynaptic, Synaptic};
        let drive: &$crate::kernel::Drive<'_> = $drive;
        let range: core::ops::Range<usize> = $range;
        macro_rules! with_delta {
            ($c:expr, $s:expr) => {
                match drive.delta {
                    None => {
                        let delta = Broadcast(neurodim_units::Voltage::default());
                        let spike_weights = drive
                            .spike_weights
                            .map(|[e, i]| [&e[range.clone()], &i[range.clone()]]);
                        let $inputs = DriveInputs { current: $c, syn: $s, delta, spike_weights };
                        $body
                    }
                    Some(d) => {
                        let spike_weights = drive
                            .spike_weights
                            .map(|[e, i]| [&e[range.clone()], &i[range.clone()]]);
                        let delta = &d[range.clone()];
                        let $inputs = DriveInputs { current: $c, syn: $s, delta, spike_weights };
                        $body
                    }
                }
            };
        }
        macro_rules! with_syn {
            ($c:expr) => {
                match drive.synaptic {
                    None => with_delta!($c, NoSynaptic),
                    Some(s) => with_delta!($c, Synaptic::new(s, range.clone())),
                }
            };
        }
        match drive.current {
            $crate::kernel::PerNeuron::All(c) => with_syn!(Broadcast(c)),
            $crate::kernel::PerNeuron::Each(c) => with_syn!(&c[range.clone()]),
        }
    }};
}
pub(crate) use with_drive_inputs;

#[cfg(test)]
mod tests {
    use crate::DynError;
    use crate::kernel::{Drive, PerNeuron, SynapticDrive};
    use neurodim_units::prelude::*;

    #[test]
    fn count_of_per_neuron_values() {
        assert_eq!(PerNeuron::Each(&[1.0 * mA; 3]).count(), Some(3));
    }

    #[test]
    fn len_of_a_drive() {
        assert_eq!(SynapticDrive::new(3).len(), 3);
    }

    #[test]
    fn a_default_drive_is_empty() {
        assert!(SynapticDrive::default().is_empty());
    }

    #[test]
    fn clear_zeroes_the_drive() {
        let mut drive = SynapticDrive::new(1);
        drive.parts_mut().0[0] = 1.0 * nA;
        drive.clear();
        assert_eq!(drive.offset()[0], 0.0 * nA);
    }

    #[test]
    fn offset_starts_at_zero() {
        assert_eq!(SynapticDrive::new(2).offset(), [0.0 * pA; 2]);
    }

    #[test]
    fn slope_starts_at_zero() {
        assert_eq!(SynapticDrive::new(2).slope(), [0.0 * nS; 2]);
    }

    #[test]
    fn parts_mut_sets_a_coba_drive() {
        let mut drive = SynapticDrive::new(1);
        let (offset, slope) = drive.parts_mut();
        slope[0] = -1.0 * nS;
        offset[0] = 1.0 * nS * (-80.0 * mV);
        assert!((drive.current_at(0, -60.0 * mV).value_in(pA) - (-20.0)).abs() < 1e-9);
    }

    #[test]
    fn current_at_without_slope() {
        let mut drive = SynapticDrive::new(1);
        drive.parts_mut().0[0] = 5.0 * pA;
        assert_eq!(drive.current_at(0, -60.0 * mV), 5.0 * pA);
    }

    #[test]
    fn no_drive_is_zero_current() {
        assert_eq!(Drive::none().current, PerNeuron::All(0.0 * mA));
    }

    #[test]
    fn one_current_for_all() {
        assert_eq!(Drive::current(2.0 * mA).current, PerNeuron::All(2.0 * mA));
    }

    #[test]
    fn one_current_per_neuron() {
        let i = [1.0 * mA, 2.0 * mA];
        assert!(Drive::currents(&i).check(2).is_ok());
    }

    #[test]
    fn with_synaptic_sets_the_drive() {
        let syn = SynapticDrive::new(2);
        assert!(Drive::none().with_synaptic(&syn).synaptic.is_some());
    }

    #[test]
    fn with_delta_sets_the_jumps() {
        let jumps = [0.1 * mV; 2];
        assert_eq!(Drive::none().with_delta(&jumps).delta, Some(&jumps[..]));
    }

    #[test]
    fn check_refuses_another_size() {
        let currents = [1.0 * mA; 3];
        assert!(Drive::currents(&currents).check(3).is_ok());
        assert!(matches!(Drive::currents(&currents).check(4), Err(DynError::SizeMismatch { .. })));
    }

    #[test]
    fn a_new_drive_is_zero() {
        let drive = SynapticDrive::new(4000);
        assert_eq!(drive.offset().len(), 4000);
    }

    #[test]
    fn a_drive_must_match_the_population() {
        let syn = SynapticDrive::new(4);
        let jumps = [0.5 * mV; 4];
        let drive = Drive::current(1.5 * mA).with_synaptic(&syn).with_delta(&jumps);
        assert!(drive.check(4).is_ok());
        assert!(drive.check(5).is_err());
    }
}
