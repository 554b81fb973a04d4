//! The choice of activation function of a cell, by enum or by name.

use core::str::FromStr;

use crate::DynError;
use crate::rate::functional;

/// An activation function (brainstate looks one up by name in its `functional` module; here it
/// is this enum, or [`Activation::from_name`]).
///
/// Element-wise variants act on each value; [`Softmax`](Activation::Softmax) and
/// [`LogSoftmax`](Activation::LogSoftmax) normalise over the last axis (one unit vector).
///
/// ```
/// use neurodim_dyn::rate::Activation;
/// let act: Activation = "leaky_relu".parse()?;
/// assert_eq!(act, Activation::LeakyRelu { negative_slope: 0.01 });
/// let mut v = [-1.0, 2.0];
/// act.apply(&mut v);
/// assert_eq!(v, [-0.01, 2.0]);
/// assert!(Activation::from_name("relux").is_err());
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Activation {
    /// [`relu`](functional::relu): `max(x, 0)`.
    Relu,
    /// [`tanh`](functional::tanh).
    Tanh,
    /// [`sigmoid`](functional::sigmoid): `1 / (1 + e⁻ˣ)`.
    Sigmoid,
    /// [`softplus`](functional::softplus): `ln(1 + eˣ)`.
    Softplus,
    /// [`silu`](functional::silu) (swish): `x · σ(x)`.
    Silu,
    /// [`elu`](functional::elu): `x` for `x > 0`, `α (eˣ − 1)` otherwise.
    Elu {
        /// The scale `α` of the negative branch (by name: 1).
        alpha: f64,
    },
    /// [`leaky_relu`](functional::leaky_relu): `x` for `x ≥ 0`, `slope · x` otherwise.
    LeakyRelu {
        /// The slope of the negative branch (by name: 0.01).
        negative_slope: f64,
    },
    /// [`gelu`](functional::gelu), tanh approximation.
    Gelu,
    /// [`softmax`](functional::softmax) over the unit vector.
    Softmax,
    /// [`log_softmax`](functional::log_softmax) over the unit vector.
    LogSoftmax,
}

/// The rule an unknown name breaks: the names [`Activation::from_name`] knows, as brainstate's
/// `functional` spells them.
const KNOWN_NAMES: &str = "must be one of relu, tanh, sigmoid, softplus, silu, swish, elu, \
                           leaky_relu, gelu, softmax, log_softmax";

impl Activation {
    /// The activation called `name` in brainstate's `functional` module, with jax's default
    /// parameters (`elu`: α = 1; `leaky_relu`: slope 0.01; `gelu`: tanh approximation).
    /// An unknown name is an error that lists the known ones.
    pub fn from_name(name: &str) -> Result<Self, DynError> {
        Ok(match name {
            "relu" => Activation::Relu,
            "tanh" => Activation::Tanh,
            "sigmoid" => Activation::Sigmoid,
            "softplus" => Activation::Softplus,
            "silu" | "swish" => Activation::Silu,
            "elu" => Activation::Elu { alpha: 1.0 },
            "leaky_relu" => Activation::LeakyRelu { negative_slope: 0.01 },
            "gelu" => Activation::Gelu,
            "softmax" => Activation::Softmax,
            "log_softmax" => Activation::LogSoftmax,
            _ => return Err(DynError::invalid("activation", name, KNOWN_NAMES)),
        })
    }

    /// The brainstate name of this activation.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softplus => "softplus",
            Activation::Silu => "silu",
            Activation::Elu { .. } => "elu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Gelu => "gelu",
            Activation::Softmax => "softmax",
            Activation::LogSoftmax => "log_softmax",
        }
    }

    /// Applies the activation in place to one vector of units (softmax normalises over all of
    /// `values`; the others act element by element).
    pub fn apply(self, values: &mut [f64]) {
        match self {
            Activation::Relu => map(functional::relu, values),
            Activation::Tanh => map(functional::tanh, values),
            Activation::Sigmoid => map(functional::sigmoid, values),
            Activation::Softplus => map(functional::softplus, values),
            Activation::Silu => map(functional::silu, values),
            Activation::Elu { alpha } => map(|x| functional::elu(x, alpha), values),
            Activation::LeakyRelu { negative_slope } => {
                map(|x| functional::leaky_relu(x, negative_slope), values)
            }
            Activation::Gelu => map(functional::gelu, values),
            Activation::Softmax => functional::softmax(values),
            Activation::LogSoftmax => functional::log_softmax(values),
        }
    }
}

/// Applies `f` to each value (generic, so that `f` inlines into the loop).
#[inline]
fn map(f: impl Fn(f64) -> f64, values: &mut [f64]) {
    values.iter_mut().for_each(|v| *v = f(*v));
}

impl FromStr for Activation {
    type Err = DynError;

    /// Same as [`Activation::from_name`].
    fn from_str(name: &str) -> Result<Self, DynError> {
        Activation::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use crate::rate::Activation;

    #[test]
    fn from_name_takes_aliases_and_refuses_unknown_names() -> Result<(), Box<dyn std::error::Error>>
    {
        assert_eq!(Activation::from_name("tanh")?, Activation::Tanh);
        assert_eq!(Activation::from_name("swish")?, Activation::Silu);
        let err = Activation::from_name("ReLU").unwrap_err();
        assert!(err.to_string().starts_with("invalid activation: ReLU"));
        Ok(())
    }

    #[test]
    fn name_of_log_softmax() {
        assert_eq!(Activation::LogSoftmax.name(), "log_softmax");
    }

    #[test]
    fn softmax_of_equal_values() {
        let mut v = [0.0, 0.0];
        Activation::Softmax.apply(&mut v);
        assert_eq!(v, [0.5, 0.5]);
    }
}
