//! Initialisers: how a state gets its values at `init_all` (and again at `reset_all`).
//!
//! An initialiser is typed by the quantity it produces, so `Normal::new(-55.0 * mV, 2.0 * mV)`
//! can initialise a voltage state and nothing else. It receives the full shape of the state
//! (`[batch, ..population]`) and the state's own random stream.

use core::fmt::Debug;

use crate::{StateError, StateValue, StreamKey, StreamRng, value::describe};

mod check;
mod constant;
mod identity;
mod normal;
mod orthogonal;
mod param;
mod presets;
mod qr;
mod truncated_normal;
mod uniform;
mod variance_scaling;

pub use constant::{Constant, Zero};
pub use identity::Identity;
pub use normal::Normal;
pub use orthogonal::Orthogonal;
pub use param::Param;
pub use presets::{
    KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, XavierNormal, XavierUniform,
};
pub use truncated_normal::TruncatedNormal;
pub use uniform::Uniform;
pub use variance_scaling::{FanMode, ScalingDistribution, TRUNCATED_NORMAL_STD, VarianceScaling};

/// Produces the initial values of a state.
///
/// `shape` is the full shape (with the batch axis first when there is one); the result must
/// have `shape.iter().product()` elements in row-major order. Random initialisers draw from
/// `rng`, the state's own stream, so the same seed gives the same values.
///
/// ```
/// use neurodim_state::{init::{Constant, Initializer}, StreamKey};
/// use neurodim_units::prelude::*;
/// let values = Constant(-65.0 * mV).values(&[2, 3], &mut StreamKey::new(0, "V").rng())?;
/// assert_eq!(values, vec![-65.0 * mV; 6]);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
pub trait Initializer<T: StateValue>: Debug + Send + Sync {
    /// The values for a state of full shape `shape`.
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError>;
}

/// The values of `initializer` for `shape`, drawn from the stream `key`, checked to fill the
/// shape exactly and to be finite (shared by every container that owns an initialiser).
///
/// Memory is checked first: a shape whose values the machine cannot hold is an error that
/// says how much it would need, not an abort inside the allocator.
pub(crate) fn initial_values<T: StateValue>(
    initializer: &dyn Initializer<T>,
    shape: &[usize],
    key: StreamKey,
) -> Result<Vec<T>, StateError> {
    let expected = check::element_count(shape)?;
    check::allocatable::<T>(expected, || format!("a state of shape {shape:?}"))?;
    let values = initializer.values(shape, &mut key.rng())?;
    if values.len() != expected {
        return Err(StateError::LengthMismatch {
            what: format!("initializer {initializer:?}"),
            expected,
            found: values.len(),
        });
    }
    // Finite parameters can still overflow (a mean and a spread near f64::MAX): a state must
    // not start non-finite, whatever the initialiser.
    if let Some((index, &value)) = values.iter().enumerate().find(|(_, x)| !x.to_si().is_finite()) {
        return Err(StateError::NonFiniteInitialValue {
            initializer: format!("{initializer:?}"),
            index,
            value: describe(value),
        });
    }
    Ok(values)
}
