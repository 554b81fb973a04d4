//! The precision of state storage: `f64` (Brian2's and NEST's) or `f32` (brainstate's default).
//!
//! A model's kernel computes on raw floats of the precision `F` of its network, in SI base units;
//! its states keep their physical dimension, so everything a user reads back, checkpoints or
//! records carries its unit. In `f64` a state holds the quantity itself (`State<Voltage>`), so
//! the storage is exactly what it was before precision was a choice; in `f32` it holds a
//! [`Single`] of the quantity.

use core::fmt::Debug;
use core::marker::PhantomData;
use core::ops::{AddAssign, Mul};
use std::sync::Arc;

use crate::init::Initializer;
use crate::{RealValue, StateError, StateValue, StreamRng, ValueType};

/// A floating-point type in which states are stored and kernels compute: `f32` or `f64`.
///
/// `Stored<Q>` is how a state of the quantity `Q` (a [`RealValue`] such as `Voltage`) is held:
/// `Q` itself in `f64`, [`Single<Q>`] in `f32`. [`load`](Self::load) and
/// [`store`](Self::store) move between it and the raw number in SI base units, at no cost in
/// `f64`.
///
/// ```
/// use neurodim_state::{Precision, Single};
/// use neurodim_units::prelude::*;
/// let v: <f32 as Precision>::Stored<Voltage> = f32::store(-0.065f32);
/// assert_eq!(v, Single::<Voltage>::new(-0.065));
/// assert_eq!(f32::load(v), -0.065f32);
/// assert_eq!(f64::load(-65.0 * mV), -0.065);
/// assert_eq!((f32::NAME, f64::NAME), ("f32", "f64"));
/// ```
pub trait Precision:
    num_traits::Float + num_traits::FromPrimitive + Default + Debug + Send + Sync + 'static
{
    /// `"f32"` or `"f64"`, as examples print it and checkpoints record it.
    const NAME: &'static str;

    /// A state value of the quantity `Q` stored in this precision (itself a real value: it
    /// sums, in this precision, and scales).
    type Stored<Q: RealValue>: RealValue;

    /// The raw value (SI base units) of a stored one.
    fn load<Q: RealValue>(stored: Self::Stored<Q>) -> Self;

    /// The stored form of a raw value (SI base units).
    fn store<Q: RealValue>(raw: Self) -> Self::Stored<Q>;

    /// `x` rounded to this precision (the nearest value; exact in `f64`).
    fn of(x: f64) -> Self;

    /// The value as an `f64` (exact).
    fn wide(self) -> f64;

    /// An initialiser of `Q` made into one of the stored form (values rounded to this
    /// precision; the same initialiser in `f64`).
    fn stored_initializer<Q: RealValue>(
        init: Arc<dyn Initializer<Q>>,
    ) -> Arc<dyn Initializer<Self::Stored<Q>>>;
}

impl Precision for f64 {
    const NAME: &'static str = "f64";
    type Stored<Q: RealValue> = Q;

    #[inline(always)]
    fn load<Q: RealValue>(stored: Q) -> f64 {
        stored.to_si()
    }

    #[inline(always)]
    fn store<Q: RealValue>(raw: f64) -> Q {
        Q::from_si(raw)
    }

    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }

    #[inline(always)]
    fn wide(self) -> f64 {
        self
    }

    fn stored_initializer<Q: RealValue>(init: Arc<dyn Initializer<Q>>) -> Arc<dyn Initializer<Q>> {
        init
    }
}

impl Precision for f32 {
    const NAME: &'static str = "f32";
    type Stored<Q: RealValue> = Single<Q>;

    #[inline(always)]
    fn load<Q: RealValue>(stored: Single<Q>) -> f32 {
        stored.value
    }

    #[inline(always)]
    fn store<Q: RealValue>(raw: f32) -> Single<Q> {
        Single::new(raw)
    }

    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }

    #[inline(always)]
    fn wide(self) -> f64 {
        f64::from(self)
    }

    fn stored_initializer<Q: RealValue>(
        init: Arc<dyn Initializer<Q>>,
    ) -> Arc<dyn Initializer<Single<Q>>> {
        Arc::new(Narrowed(init))
    }
}

/// A value of the quantity `Q` stored as an `f32` in SI base units: the state storage of an
/// `f32` network. Its dimension is `Q`'s, so checkpoints and monitors keep the unit; its value
/// reads back as `Q` through [`get`](Self::get).
///
/// ```
/// use neurodim_state::{Single, StateValue, ValueType};
/// use neurodim_units::prelude::*;
/// let v = Single::<Voltage>::from_quantity(-65.0 * mV);
/// assert_eq!(v.value, -0.065f32);
/// assert!((v.get() - (-65.0 * mV)).value.abs() <= 3.8e-9); // half an f32 ulp at 65 mV
/// assert_eq!(Single::<Voltage>::VALUE_TYPE, Voltage::VALUE_TYPE);
/// ```
#[repr(transparent)]
pub struct Single<Q> {
    /// The value in SI base units.
    pub value: f32,
    quantity: PhantomData<fn() -> Q>,
}

impl<Q> Single<Q> {
    /// The stored form of `value` (SI base units).
    pub const fn new(value: f32) -> Self {
        Single { value, quantity: PhantomData }
    }
}

impl<Q: RealValue> Single<Q> {
    /// `q` rounded to `f32`.
    pub fn from_quantity(q: Q) -> Self {
        Single::new(q.to_si() as f32)
    }

    /// The quantity (exactly the stored `f32`, widened).
    pub fn get(self) -> Q {
        Q::from_si(f64::from(self.value))
    }
}

impl<Q> Clone for Single<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q> Copy for Single<Q> {}

impl<Q> PartialEq for Single<Q> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<Q> Default for Single<Q> {
    fn default() -> Self {
        Single::new(0.0)
    }
}

impl<Q: RealValue> Debug for Single<Q> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:?} (f32)", self.get())
    }
}

impl<Q: RealValue> StateValue for Single<Q> {
    const VALUE_TYPE: ValueType = Q::VALUE_TYPE;

    #[inline]
    fn to_si(self) -> f64 {
        f64::from(self.value)
    }

    #[inline]
    fn from_si(x: f64) -> Self {
        Single::new(x as f32)
    }
}

impl<Q: RealValue> RealValue for Single<Q> {}

/// Sums in `f32`: an `f32` network's accumulators (the conductance increments its spikes
/// bring) add in the network's precision.
impl<Q> AddAssign for Single<Q> {
    #[inline(always)]
    fn add_assign(&mut self, rhs: Self) {
        self.value += rhs.value;
    }
}

/// Scales by a number (short-term plasticity's efficacy, a Poisson count): the product in
/// `f64`, rounded once to `f32`.
impl<Q> Mul<f64> for Single<Q> {
    type Output = Self;

    #[inline(always)]
    fn mul(self, rhs: f64) -> Self {
        Single::new((f64::from(self.value) * rhs) as f32)
    }
}

/// An initialiser of `Q` whose values are rounded to `f32`.
#[derive(Debug)]
struct Narrowed<Q: RealValue>(Arc<dyn Initializer<Q>>);

impl<Q: RealValue> Initializer<Single<Q>> for Narrowed<Q> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<Single<Q>>, StateError> {
        Ok(self.0.values(shape, rng)?.into_iter().map(Single::from_quantity).collect())
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::{Voltage, mV};

    use super::*;
    use crate::init::Normal;
    use crate::{Shape, State, StateKind, StreamKey};

    /// An `f32` state draws the same stream as an `f64` one and holds its values rounded.
    #[test]
    fn an_f32_state_holds_the_f64_draws_rounded() {
        let init: Arc<dyn Initializer<Voltage>> =
            Arc::new(Normal::new(-55.0 * mV, 2.0 * mV).unwrap());
        let shape = Shape::vector(100).unwrap();
        let hidden = StateKind::Hidden;
        let mut wide = State::shared(hidden, shape.clone(), f64::stored_initializer(init.clone()));
        let mut narrow = State::shared(hidden, shape, f32::stored_initializer(init));
        wide.init(None, StreamKey::new(3, "V")).unwrap();
        narrow.init(None, StreamKey::new(3, "V")).unwrap();
        for (w, n) in wide.values().iter().zip(narrow.values()) {
            assert_eq!(n.value, w.value as f32);
        }
        assert!(wide.values().iter().any(|w| f64::from(w.value as f32) != w.value));
    }

    #[test]
    fn singles_add_in_f32_and_scale_in_f64_rounded_once() {
        let mut sum = Single::<Voltage>::new(1.0);
        sum += Single::new(f32::EPSILON / 4.0);
        assert_eq!(sum.value, 1.0); // the f32 sum rounds the small term away
        let third = Single::<Voltage>::new(3.0) * (1.0 / 3.0);
        assert_eq!(third.value, (3.0f64 * (1.0 / 3.0)) as f32);
    }
}
