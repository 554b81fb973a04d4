//! Activation functions, as brainstate's `functional` module (which follows `jax.nn`) defines
//! them. Element-wise functions take and return an `f64`; [`softmax`] and [`log_softmax`]
//! normalise a whole vector in place.
//!
//! ```
//! use neurodim_dyn::rate::functional::{relu, softmax};
//! let mut v = [relu(-1.0), relu(1.0)];
//! softmax(&mut v);
//! assert!((v[1] - 1f64.exp() / (1.0 + 1f64.exp())).abs() < 1e-15);
//! ```

/// The rectified linear unit, `relu(x) = max(x, 0)`.
///
/// ```
/// use neurodim_dyn::rate::functional::relu;
/// assert_eq!(relu(-2.0), 0.0);
/// assert_eq!(relu(3.0), 3.0);
/// ```
#[inline]
pub fn relu(x: f64) -> f64 {
    x.max(0.0)
}

/// The hyperbolic tangent, `tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)`, in (−1, 1).
///
/// ```
/// use neurodim_dyn::rate::functional::tanh;
/// assert_eq!(tanh(0.0), 0.0);
/// assert!((tanh(1.0) - 0.7615941559557649).abs() < 1e-16);
/// ```
#[inline]
pub fn tanh(x: f64) -> f64 {
    x.tanh()
}

/// The logistic sigmoid, `σ(x) = 1 / (1 + e⁻ˣ)`, in [0, 1].
///
/// ```
/// use neurodim_dyn::rate::functional::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(-1000.0), 0.0);
/// assert_eq!(sigmoid(1000.0), 1.0);
/// ```
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The softplus, `softplus(x) = ln(1 + eˣ)`, computed as `max(x, 0) + ln(1 + e^(−|x|))` so that
/// it neither overflows nor loses precision (jax's `logaddexp(x, 0)`).
///
/// ```
/// use neurodim_dyn::rate::functional::softplus;
/// assert!((softplus(0.0) - 2f64.ln()).abs() < 1e-16);
/// assert_eq!(softplus(1000.0), 1000.0);
/// ```
#[inline]
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// The sigmoid-weighted linear unit (also called swish), `silu(x) = x · σ(x)`.
///
/// ```
/// use neurodim_dyn::rate::functional::silu;
/// assert_eq!(silu(0.0), 0.0);
/// assert!((silu(1.0) - 1.0 / (1.0 + (-1f64).exp())).abs() < 1e-16);
/// ```
#[inline]
pub fn silu(x: f64) -> f64 {
    x * sigmoid(x)
}

/// The exponential linear unit, `elu(x) = x` for `x > 0`, `α (eˣ − 1)` otherwise (jax's default
/// `α = 1`).
///
/// ```
/// use neurodim_dyn::rate::functional::elu;
/// assert_eq!(elu(2.0, 1.0), 2.0);
/// assert!((elu(-1.0, 1.0) - ((-1f64).exp() - 1.0)).abs() < 1e-16);
/// ```
#[inline]
pub fn elu(x: f64, alpha: f64) -> f64 {
    if x > 0.0 { x } else { alpha * x.exp_m1() }
}

/// The leaky rectified linear unit, `leaky_relu(x) = x` for `x ≥ 0`, `slope · x` otherwise
/// (jax's default slope is 0.01).
///
/// ```
/// use neurodim_dyn::rate::functional::leaky_relu;
/// assert_eq!(leaky_relu(-2.0, 0.01), -0.02);
/// assert_eq!(leaky_relu(2.0, 0.01), 2.0);
/// ```
#[inline]
pub fn leaky_relu(x: f64, negative_slope: f64) -> f64 {
    if x >= 0.0 { x } else { negative_slope * x }
}

/// The Gaussian error linear unit in its tanh approximation (jax's default,
/// `approximate=True`): `gelu(x) = x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
///
/// ```
/// use neurodim_dyn::rate::functional::gelu;
/// assert_eq!(gelu(0.0), 0.0);
/// let x: f64 = 1.0;
/// let expected = 0.5 * x * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x.powi(3))).tanh());
/// assert_eq!(gelu(x), expected);
/// ```
#[inline]
pub fn gelu(x: f64) -> f64 {
    let sqrt_2_over_pi = (2.0 / core::f64::consts::PI).sqrt();
    0.5 * x * (1.0 + (sqrt_2_over_pi * (x + 0.044715 * x * x * x)).tanh())
}

/// The softmax of a vector, in place: `xᵢ ← e^(xᵢ − m) / Σⱼ e^(xⱼ − m)` with `m = maxⱼ xⱼ`
/// (subtracting the maximum keeps every exponential ≤ 1). The results are positive and sum to 1.
///
/// ```
/// use neurodim_dyn::rate::functional::softmax;
/// let mut x = [1.0, 2.0, 3.0];
/// softmax(&mut x);
/// let z: f64 = [1f64, 2.0, 3.0].iter().map(|v| v.exp()).sum();
/// assert!((x[2] - 3f64.exp() / z).abs() < 1e-15);
/// assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-15);
/// ```
pub fn softmax(x: &mut [f64]) {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in x.iter_mut() {
        *v /= sum;
    }
}

/// The log-softmax of a vector, in place: `xᵢ ← xᵢ − m − ln Σⱼ e^(xⱼ − m)` with `m = maxⱼ xⱼ`.
///
/// ```
/// use neurodim_dyn::rate::functional::log_softmax;
/// let mut x = [0.0, 0.0];
/// log_softmax(&mut x);
/// assert_eq!(x, [-2f64.ln(), -2f64.ln()]);
/// ```
pub fn log_softmax(x: &mut [f64]) {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum = x.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
    for v in x.iter_mut() {
        *v = *v - max - log_sum;
    }
}
