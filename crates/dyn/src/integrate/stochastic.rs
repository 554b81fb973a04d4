//! The stochastic exponential-Euler step (Euler–Maruyama on the noise term).

use core::fmt;
use core::marker::PhantomData;

use neurodim_units::{DisplayField, SiQuantity, Time, uom, validate};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use uom::si::{Dimension, Quantity};

use super::exp_euler::dual_quantity;
use super::{Dual, DualQuantity, RateOf, exp_euler_step_f64};
use crate::DynError;

/// The diffusion coefficient `g` of an SDE `dx = f(x)·dt + g·dW` for a state of dimension `D`.
///
/// A Wiener increment `dW` has units of √time, so `g` is in **x-units per √second**, a unit
/// uom cannot express (its exponents are integers). `Diffusion` therefore stores `g` as an
/// `f64` in SI units (x-units·s^(−1/2)), keeps the state's dimension as a type parameter, and
/// is only built from, and read back as, typed quantities: the constructors take a typed
/// amplitude and a time, and [`Diffusion::std_over`] returns the standard deviation of one
/// step's increment, `g·√dt`, as a quantity of the state's type.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // increments of standard deviation 1 mV per √ms
/// let g = Diffusion::per_sqrt_time(1.0 * mV, 1.0 * ms)?;
/// assert!((g.std_over(0.25 * ms).value_in(mV) - 0.5).abs() < 1e-15);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub struct Diffusion<D: ?Sized> {
    /// `g` in SI units: x-units per √second.
    si_per_sqrt_second: f64,
    dimension: PhantomData<D>,
}

impl<D: Dimension + ?Sized> Diffusion<D> {
    /// `g = σ / √T`: increments of standard deviation `sigma` over a time `over`
    /// (`over = 1 ms` reads as "σ per √ms"). `sigma` must be finite and ≥ 0, `over` finite
    /// and > 0.
    pub fn per_sqrt_time(sigma: SiQuantity<D>, over: Time) -> Result<Self, DynError>
    where
        SiQuantity<D>: DisplayField,
    {
        let sigma = validate::non_negative("sigma", sigma)?;
        let over = validate::positive("over", over)?;
        Ok(Self::from_si(sigma.value / over.value.sqrt()))
    }

    /// `g = σ·√(2/τ)`: the diffusion of an Ornstein–Uhlenbeck process
    /// `dx = −(x − μ)/τ·dt + g·dW` whose stationary standard deviation is `sigma`.
    /// `sigma` must be finite and ≥ 0, `tau` finite and > 0.
    pub fn ornstein_uhlenbeck(sigma: SiQuantity<D>, tau: Time) -> Result<Self, DynError>
    where
        SiQuantity<D>: DisplayField,
    {
        let sigma = validate::non_negative("sigma", sigma)?;
        let tau = validate::positive("tau", tau)?;
        Ok(Self::from_si(sigma.value * (2.0 / tau.value).sqrt()))
    }

    /// `g` given directly in SI units (x-units per √second), for dimensions without a field
    /// unit. Must be finite.
    pub fn si_per_sqrt_second(value: f64) -> Result<Self, DynError> {
        Ok(Self::from_si(validate::finite_number("diffusion", value)?))
    }

    /// `g` multiplied by a number, for state-dependent (multiplicative) noise `g(x) = g₀·h(x)`.
    #[inline]
    pub fn scaled(self, factor: f64) -> Self {
        Self::from_si(self.si_per_sqrt_second * factor)
    }

    /// `g·√dt`: the standard deviation of one step's noise increment, in the state's units.
    #[inline]
    pub fn std_over(self, dt: Time) -> SiQuantity<D> {
        Quantity {
            dimension: PhantomData,
            units: PhantomData,
            value: self.si_per_sqrt_second * dt.value.sqrt(),
        }
    }

    #[inline]
    fn from_si(si_per_sqrt_second: f64) -> Self {
        Diffusion { si_per_sqrt_second, dimension: PhantomData }
    }
}

// Manual impls: deriving would require `D: Clone` etc., and `D` is an unsized marker.
impl<D: ?Sized> Clone for Diffusion<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D: ?Sized> Copy for Diffusion<D> {}
impl<D: ?Sized> fmt::Debug for Diffusion<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Diffusion({} SI/√s)", self.si_per_sqrt_second)
    }
}
impl<D: ?Sized> PartialEq for Diffusion<D> {
    fn eq(&self, other: &Self) -> bool {
        self.si_per_sqrt_second == other.si_per_sqrt_second
    }
}

/// One stochastic exponential-Euler step of `dx = f(x)·dt + g(x)·dW`, as brainstate's
/// `exp_euler_step` with a diffusion function computes it:
///
/// `x ← x + dt · exprel(dt · J) · f(x) + g(x) · √dt · ξ`,  `ξ ~ N(0, 1)`,
///
/// the drift by [`exp_euler_step`](super::exp_euler_step) (exact `J = ∂f/∂x`) and the noise by Euler–Maruyama, with
/// `g` evaluated at the old `x` (Itô). `ξ` is drawn from `rng`, the caller's generator,
/// normally the model's own seeded stream (a
/// [`StreamRng`](neurodim_state::StreamRng) from its
/// [`StreamKey`](neurodim_state::StreamKey)), so that runs are reproducible and independent
/// of other consumers; one draw per call.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let (e_l, tau, dt) = (-70.0 * mV, 10.0 * ms, 0.1 * ms);
/// let g = Diffusion::ornstein_uhlenbeck(2.0 * mV, tau)?;
/// let mut rng = StreamKey::new(7, "E.V").rng();
/// let mut v = e_l;
/// for _ in 0..100 {
///     v = exp_euler_maruyama_step(v, dt, |v: dq::Voltage| (e_l.lift() - v) / tau.lift(), |_| g, &mut rng);
/// }
/// assert!((v - e_l).abs() < 20.0 * mV);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[inline]
pub fn exp_euler_maruyama_step<D, F, R, G, Rg>(
    x: SiQuantity<D>,
    dt: Time,
    f: F,
    g: G,
    rng: &mut Rg,
) -> SiQuantity<D>
where
    D: Dimension + ?Sized,
    F: FnOnce(DualQuantity<D>) -> R,
    R: RateOf<D>,
    G: FnOnce(SiQuantity<D>) -> Diffusion<D>,
    Rg: Rng + ?Sized,
{
    let g_si = g(x).si_per_sqrt_second;
    let next = exp_euler_maruyama_step_f64(
        x.value,
        dt.value,
        |x| f(dual_quantity(x)).si_dual(),
        |_| g_si,
        rng,
    );
    Quantity { dimension: PhantomData, units: PhantomData, value: next }
}

/// [`exp_euler_maruyama_step`] for a unitless state: `g` is a plain number in x-units per
/// √(time unit of `dt`).
///
/// ```
/// use neurodim_dyn::integrate::exp_euler_maruyama_step_f64;
/// use neurodim_state::prelude::*;
/// let mut rng = StreamKey::new(1, "x").rng();
/// let x = exp_euler_maruyama_step_f64(1.0, 0.01, |x| -x, |_| 0.0, &mut rng);
/// assert!((x - (-0.01f64).exp()).abs() < 1e-15); // g = 0: the deterministic step
/// ```
#[inline]
pub fn exp_euler_maruyama_step_f64<Rg: Rng + ?Sized>(
    x: f64,
    dt: f64,
    f: impl FnOnce(Dual) -> Dual,
    g: impl FnOnce(f64) -> f64,
    rng: &mut Rg,
) -> f64 {
    let noise_std = g(x) * dt.sqrt();
    let xi: f64 = StandardNormal.sample(rng);
    exp_euler_step_f64(x, dt, f) + noise_std * xi
}

#[cfg(test)]
mod tests {
    use crate::integrate::Diffusion;
    use neurodim_units::prelude::*;
    use neurodim_units::{s, uom};

    #[test]
    fn per_sqrt_time_refuses_a_zero_time() -> Result<(), Box<dyn std::error::Error>> {
        let g = Diffusion::per_sqrt_time(2.0 * nS, 4.0 * ms)?;
        assert!((g.std_over(4.0 * ms).value_in(nS) - 2.0).abs() < 1e-15);
        let err = Diffusion::per_sqrt_time(2.0 * nS, 0.0 * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid over: 0 ms (must be > 0)");
        Ok(())
    }

    #[test]
    fn ornstein_uhlenbeck_has_the_stationary_variance() -> Result<(), Box<dyn std::error::Error>> {
        let g = Diffusion::ornstein_uhlenbeck(5.0 * mV, 10.0 * ms)?;
        // stationary variance g²·τ/2 = σ²
        let var = g.std_over(10.0 * ms).value_in(mV).powi(2) / 2.0;
        assert!((var - 25.0).abs() < 1e-12);
        assert!(Diffusion::ornstein_uhlenbeck(-1.0 * mV, 10.0 * ms).is_err());
        Ok(())
    }

    #[test]
    fn si_per_sqrt_second_refuses_nan() -> Result<(), Box<dyn std::error::Error>> {
        let g = Diffusion::<uom::si::electric_potential::Dimension>::si_per_sqrt_second(1e-3)?;
        assert!((g.std_over(1.0 * s).value_in(mV) - 1.0).abs() < 1e-12);
        assert!(Diffusion::<uom::si::ratio::Dimension>::si_per_sqrt_second(f64::NAN).is_err());
        Ok(())
    }

    #[test]
    fn scaled_multiplies_the_std() -> Result<(), Box<dyn std::error::Error>> {
        let g = Diffusion::per_sqrt_time(1.0 * mV, 1.0 * ms)?.scaled(3.0);
        assert!((g.std_over(1.0 * ms).value_in(mV) - 3.0).abs() < 1e-15);
        Ok(())
    }

    #[test]
    fn std_over_grows_with_the_square_root() -> Result<(), Box<dyn std::error::Error>> {
        let g = Diffusion::per_sqrt_time(3.0 * pA, 1.0 * ms)?;
        let std: Current = g.std_over(4.0 * ms); // 3 pA · √4
        assert!((std.value_in(pA) - 6.0).abs() < 1e-12);
        Ok(())
    }
}
