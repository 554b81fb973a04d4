use core::fmt;
use core::ops::{AddAssign, Mul};

use neurodim_units::uom::si::{Dimension, Quantity, SI};
use neurodim_units::uom::typenum::Integer;

/// The SI dimension of a value as exponents of (m, kg, s, A, K, mol, cd).
///
/// Checkpoints record it per state so that loading a conductance into a voltage is refused.
///
/// ```
/// use neurodim_state::{SiDimension, StateValue};
/// use neurodim_units::prelude::*;
/// assert_eq!(<Voltage as StateValue>::VALUE_TYPE.dimension(), Some(SiDimension([2, 1, -3, -1, 0, 0, 0])));
/// assert_eq!(SiDimension([2, 1, -3, -1, 0, 0, 0]).to_string(), "m^2 kg s^-3 A^-1");
/// assert_eq!(SiDimension::NONE.to_string(), "1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SiDimension(pub [i8; 7]);

impl SiDimension {
    /// A dimensionless number.
    pub const NONE: SiDimension = SiDimension([0; 7]);
}

impl fmt::Display for SiDimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SYMBOLS: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];
        let mut first = true;
        for (symbol, &e) in SYMBOLS.iter().zip(&self.0) {
            if e == 0 {
                continue;
            }
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            if e == 1 { write!(f, "{symbol}")? } else { write!(f, "{symbol}^{e}")? }
        }
        if first { f.write_str("1") } else { Ok(()) }
    }
}

/// What a state holds: real numbers of an SI dimension, booleans (spikes, masks), or the
/// position of a random stream.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::{AnyState, StateValue, StreamState, ValueType, SiDimension};
/// assert_eq!(<bool as StateValue>::VALUE_TYPE, ValueType::Bool);
/// assert_eq!(<f64 as StateValue>::VALUE_TYPE, ValueType::Real(SiDimension::NONE));
/// assert_eq!(StreamState::new(StreamKey::new(0, "s")).value_type(), ValueType::Stream);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ValueType {
    /// `f64` in SI base units of this dimension.
    Real(SiDimension),
    /// `true`/`false`, stored in checkpoints as 1/0.
    Bool,
    /// The position of a random stream ([`StreamState`](crate::StreamState)): Xoshiro256++'s
    /// 256-bit state as eight 32-bit integers, each stored exactly as an `f64`.
    Stream,
}

impl ValueType {
    /// The SI dimension of a real value; `None` for booleans and streams.
    pub fn dimension(self) -> Option<SiDimension> {
        match self {
            ValueType::Real(d) => Some(d),
            ValueType::Bool | ValueType::Stream => None,
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::Real(d) => d.fmt(f),
            ValueType::Bool => f.write_str("bool"),
            ValueType::Stream => f.write_str("stream"),
        }
    }
}

/// A value a state can hold: any neurodim quantity (`Voltage`, `Conductance`, `Ratio`, …),
/// a bare `f64`, or a `bool`. It converts losslessly to and from an `f64` in SI base units,
/// which is how checkpoints store it.
///
/// ```
/// use neurodim_state::StateValue;
/// use neurodim_units::prelude::*;
/// let v = -65.0 * mV;
/// assert_eq!(v.to_si(), -0.065);
/// assert_eq!(Voltage::from_si(-0.065), v);
/// assert_eq!(true.to_si(), 1.0);
/// ```
pub trait StateValue: Copy + PartialEq + fmt::Debug + Send + Sync + 'static {
    /// The type of value, with its dimension.
    const VALUE_TYPE: ValueType;
    /// The value as an `f64` in SI base units (booleans as 0 or 1).
    fn to_si(self) -> f64;
    /// The value from an `f64` in SI base units (booleans: nonzero is `true`).
    fn from_si(x: f64) -> Self;
}

impl<D> StateValue for Quantity<D, SI<f64>, f64>
where
    D: Dimension + ?Sized + 'static,
    D::Kind: 'static,
    Quantity<D, SI<f64>, f64>: Send + Sync,
{
    const VALUE_TYPE: ValueType = ValueType::Real(SiDimension([
        D::L::I8,
        D::M::I8,
        D::T::I8,
        D::I::I8,
        D::Th::I8,
        D::N::I8,
        D::J::I8,
    ]));

    #[inline]
    fn to_si(self) -> f64 {
        self.value
    }

    #[inline]
    fn from_si(x: f64) -> Self {
        Quantity {
            dimension: core::marker::PhantomData,
            units: core::marker::PhantomData,
            value: x,
        }
    }
}

impl StateValue for f64 {
    const VALUE_TYPE: ValueType = ValueType::Real(SiDimension::NONE);

    #[inline]
    fn to_si(self) -> f64 {
        self
    }

    #[inline]
    fn from_si(x: f64) -> Self {
        x
    }
}

impl StateValue for bool {
    const VALUE_TYPE: ValueType = ValueType::Bool;

    #[inline]
    fn to_si(self) -> f64 {
        if self { 1.0 } else { 0.0 }
    }

    #[inline]
    fn from_si(x: f64) -> Self {
        x != 0.0
    }
}

/// A state value that is a real number: any neurodim quantity or a bare `f64` (not `bool`).
/// Random initialisers and delays that interpolate need it; it sums in place and scales by a
/// number (what an accumulator of spikes does).
///
/// ```
/// use neurodim_state::RealValue;
/// use neurodim_units::prelude::*;
/// fn halve<T: RealValue>(x: T) -> T { T::from_si(x.to_si() / 2.0) }
/// assert_eq!(halve(-60.0 * mV), -30.0 * mV);
/// assert_eq!(halve(3.0), 1.5);
/// ```
pub trait RealValue: StateValue + AddAssign + Mul<f64, Output = Self> {}

impl RealValue for f64 {}

impl<D> RealValue for Quantity<D, SI<f64>, f64>
where
    D: Dimension + ?Sized + 'static,
    D::Kind: 'static + neurodim_units::uom::marker::AddAssign + neurodim_units::uom::marker::Mul,
    Quantity<D, SI<f64>, f64>: Send + Sync,
{
}

/// `value` (of the state value type `T`) as an error message shows it: in the field's usual
/// unit when its dimension is one of neurodim's quantities (`-2 mV`, through
/// [`DisplayField`](neurodim_units::DisplayField)), else in SI base units with the dimension.
pub(crate) fn describe<T: StateValue>(value: T) -> String {
    use neurodim_units::{DisplayField, quantities::*};

    let si = value.to_si();
    let dimension = match T::VALUE_TYPE {
        ValueType::Bool => return format!("{}", si != 0.0),
        // No `StateValue` is a stream; its halves are plain integers.
        ValueType::Real(SiDimension::NONE) | ValueType::Stream => return format!("{si}"),
        ValueType::Real(dimension) => dimension,
    };
    macro_rules! in_field_unit {
        ($($ty:ty),*) => {$(
            if <$ty as StateValue>::VALUE_TYPE == ValueType::Real(dimension) {
                return <$ty as StateValue>::from_si(si).display().to_string();
            }
        )*};
    }
    in_field_unit!(
        Voltage,
        Current,
        Conductance,
        Capacitance,
        Resistance,
        Charge,
        Time,
        Frequency,
        Concentration,
        Area,
        ConductanceDensity,
        CurrentDensity,
        CapacitanceDensity,
        VoltageRate,
        CurrentRate,
        ConductanceRate
    );
    format!("{si} {dimension}")
}

#[cfg(test)]
mod tests {
    use crate::ValueType;

    #[test]
    fn bool_and_stream_have_no_dimension() {
        assert_eq!(ValueType::Bool.dimension(), None);
        assert_eq!(ValueType::Stream.dimension(), None);
    }
}
