//! Surrogate spike functions: a Heaviside forward pass with a smooth stand-in for its derivative.
//!
//! A spiking neuron emits `H(x)`, the Heaviside step of its scaled membrane potential
//! `x = (V − V_th)/(V_th − V_reset)` (dimensionless): `H(x) = 1` for `x ≥ 0` and `0` otherwise.
//! The step has no useful derivative, so gradient-based training replaces `H′(x)` by a
//! *surrogate gradient* `g′(x)`, a bump centred on the threshold. brainstate ships 18 of them;
//! this module ports all 18 with brainstate's parameters, defaults and gradient formulas, quirks
//! included (see `docs/surrogates.md`).
//!
//! Each surrogate is a small validated struct ([`ReluGrad`], [`Sigmoid`], …) implementing
//! [`SurrogateGradient`]: [`spike`](SurrogateGradient::spike) is always the Heaviside step,
//! [`grad`](SurrogateGradient::grad) is the surrogate gradient `g′(x)` and
//! [`primitive`](SurrogateGradient::primitive) is a function `g(x)` whose derivative is exactly
//! `g′(x)`. The enum [`Surrogate`] holds any one of them and can be chosen by brainstate's
//! function name (`"relu_grad"`, `"sigmoid"`, …); neurons store a [`Surrogate`].
//!
//! ```
//! use neurodim_dyn::surrogate::{ReluGrad, Surrogate, SurrogateGradient};
//! let f = ReluGrad::new(0.3, 1.0)?;
//! assert_eq!(f.spike(-0.2), 0.0);
//! assert_eq!(f.spike(0.0), 1.0);
//! assert!((f.grad(-0.2) - 0.24).abs() < 1e-15); // 0.3 · (1 − 0.2)
//!
//! let by_name: Surrogate = "relu_grad".parse()?;
//! assert_eq!(by_name, Surrogate::ReluGrad(ReluGrad::default()));
//! # Ok::<(), neurodim_dyn::DynError>(())
//! ```

mod arctan;
mod choice;
mod erf;
mod gaussian_grad;
mod inv_square_grad;
mod leaky_relu;
mod log_tailed_relu;
mod multi_gaussian_grad;
mod nonzero_sign_log;
mod params;
mod piecewise_exp;
mod piecewise_leaky_relu;
mod piecewise_quadratic;
mod q_pseudo_spike;
mod relu_grad;
mod s2nn;
mod sigmoid;
mod slayer_grad;
mod soft_sign;
mod squarewave_fourier_series;

pub use arctan::Arctan;
pub use choice::Surrogate;
pub use erf::Erf;
pub use gaussian_grad::GaussianGrad;
pub use inv_square_grad::InvSquareGrad;
pub use leaky_relu::LeakyRelu;
pub use log_tailed_relu::LogTailedRelu;
pub use multi_gaussian_grad::MultiGaussianGrad;
pub use nonzero_sign_log::NonzeroSignLog;
pub use piecewise_exp::PiecewiseExp;
pub use piecewise_leaky_relu::PiecewiseLeakyRelu;
pub use piecewise_quadratic::PiecewiseQuadratic;
pub use q_pseudo_spike::QPseudoSpike;
pub use relu_grad::ReluGrad;
pub use s2nn::S2nn;
pub use sigmoid::Sigmoid;
pub use slayer_grad::SlayerGrad;
pub use soft_sign::SoftSign;
pub use squarewave_fourier_series::SquarewaveFourierSeries;

/// The Heaviside step that every surrogate uses as its forward pass:
/// `H(x) = 1` if `x ≥ 0`, else `0`, as a float.
///
/// `H(0) = H(−0) = 1` (the threshold itself spikes, as brainstate's `x >= 0`), and `H(NaN) = 0`
/// because NaN compares false, again as in brainstate.
///
/// ```
/// use neurodim_dyn::surrogate::heaviside;
/// assert_eq!(heaviside(0.0), 1.0);
/// assert_eq!(heaviside(-0.0), 1.0);
/// assert_eq!(heaviside(-1e-300), 0.0);
/// assert_eq!(heaviside(f64::NAN), 0.0);
/// ```
#[inline]
pub fn heaviside(x: f64) -> f64 {
    if x >= 0.0 { 1.0 } else { 0.0 }
}

/// A spike function with a surrogate gradient: Heaviside forward, `g′(x)` backward.
///
/// `x` is dimensionless: neurons pass their potential scaled to the threshold,
/// `(V − V_th)/(V_th − V_reset)`.
///
/// ```
/// use neurodim_dyn::surrogate::{Sigmoid, SurrogateGradient};
/// let f = Sigmoid::default(); // α = 4
/// assert_eq!(f.spike(0.3), 1.0);
/// assert_eq!(f.grad(0.0), 1.0); // α · σ(0) · (1 − σ(0)) = 4 · 1/4
/// assert_eq!(f.primitive(0.0), 0.5); // σ(α · 0)
/// ```
pub trait SurrogateGradient {
    /// The forward pass, the [`heaviside`] step: `1.0` if `x ≥ 0` (including `−0.0`), else `0.0`.
    #[inline]
    fn spike(&self, x: f64) -> f64 {
        heaviside(x)
    }

    /// The surrogate gradient `g′(x)` that stands in for `dH/dx` (brainstate's
    /// `surrogate_grad`), computed with brainstate's formula.
    fn grad(&self, x: f64) -> f64;

    /// A primitive `g(x)` of the surrogate gradient: `d g/dx = g′(x)` exactly, wherever `g′`
    /// is continuous. Each surrogate documents its formula and the constant it is pinned with
    /// (`g(0) = 1/2` for the bump-shaped ones).
    fn primitive(&self, x: f64) -> f64;
}

#[cfg(test)]
mod tests {
    use crate::surrogate::{Arctan, InvSquareGrad, ReluGrad, SurrogateGradient};

    #[test]
    fn the_spike_is_heaviside() {
        assert_eq!(ReluGrad::default().spike(-0.0), 1.0);
        assert_eq!(ReluGrad::default().spike(-0.1), 0.0);
    }

    #[test]
    fn inv_square_grad_at_0_and_0_01() {
        let f = InvSquareGrad::default(); // α = 100: g′(x) = 1/(α|x| + 1)²
        assert_eq!(f.grad(0.0), 1.0);
        assert!((f.grad(0.01) - 0.25).abs() < 1e-15);
    }

    #[test]
    fn arctan_primitive_from_0_5_to_1() {
        let f = Arctan::default(); // g(x) = arctan(π/2 · αx)/π + 1/2
        assert_eq!(f.primitive(0.0), 0.5);
        assert!((f.primitive(1e9) - 1.0).abs() < 1e-9);
    }
}
