use core::{fmt, str::FromStr};

use neurodim_units::UnitsError;
use rand::RngExt;
use rand_distr::StandardNormal;

use crate::{
    RealValue, StateError, StreamRng,
    init::{Initializer, check, truncated_normal::standard_truncated},
};

/// The standard deviation of `N(0, 1)` truncated to `[−2, 2]`; dividing by it gives the
/// truncated draws of [`VarianceScaling`] the intended variance (brainstate's constant
/// `0.87962566103423978`, kept digit for digit although f64 holds ~17 significant digits).
#[allow(clippy::excessive_precision)]
pub const TRUNCATED_NORMAL_STD: f64 = 0.879_625_661_034_239_78;

/// Which fan sets the variance of [`VarianceScaling`].
///
/// ```
/// use neurodim_state::init::FanMode;
/// assert_eq!("fan_avg".parse::<FanMode>()?, FanMode::FanAvg);
/// assert!("fan_sum".parse::<FanMode>().is_err());
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanMode {
    /// `var = scale / fan_in`.
    FanIn,
    /// `var = scale / fan_out`.
    FanOut,
    /// `var = scale / ((fan_in + fan_out) / 2)`.
    FanAvg,
}

/// The distribution [`VarianceScaling`] draws from, each with variance `var`.
///
/// ```
/// use neurodim_state::init::ScalingDistribution;
/// assert_eq!("uniform".parse::<ScalingDistribution>()?, ScalingDistribution::Uniform);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingDistribution {
    /// `z · √var / 0.8796…` with `z ~ N(0, 1)` truncated to `[−2, 2]`.
    TruncatedNormal,
    /// `z · √var` with `z ~ N(0, 1)`.
    Normal,
    /// `u · √(3 var)` with `u ~ U[−1, 1)`.
    Uniform,
}

impl FromStr for FanMode {
    type Err = StateError;

    /// Parses brainstate's names `fan_in`, `fan_out`, `fan_avg`.
    fn from_str(name: &str) -> Result<Self, StateError> {
        match name {
            "fan_in" => Ok(FanMode::FanIn),
            "fan_out" => Ok(FanMode::FanOut),
            "fan_avg" => Ok(FanMode::FanAvg),
            _ => Err(unknown("mode", name, "must be one of fan_in, fan_out, fan_avg")),
        }
    }
}

impl FromStr for ScalingDistribution {
    type Err = StateError;

    /// Parses brainstate's names `truncated_normal`, `normal`, `uniform`.
    fn from_str(name: &str) -> Result<Self, StateError> {
        match name {
            "truncated_normal" => Ok(ScalingDistribution::TruncatedNormal),
            "normal" => Ok(ScalingDistribution::Normal),
            "uniform" => Ok(ScalingDistribution::Uniform),
            _ => Err(unknown(
                "distribution",
                name,
                "must be one of truncated_normal, normal, uniform",
            )),
        }
    }
}

fn unknown(param: &'static str, name: &str, rule: &'static str) -> StateError {
    StateError::Units(UnitsError::invalid(param, format!("{name:?}"), rule))
}

impl fmt::Display for FanMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FanMode::FanIn => "fan_in",
            FanMode::FanOut => "fan_out",
            FanMode::FanAvg => "fan_avg",
        })
    }
}

impl fmt::Display for ScalingDistribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScalingDistribution::TruncatedNormal => "truncated_normal",
            ScalingDistribution::Normal => "normal",
            ScalingDistribution::Uniform => "uniform",
        })
    }
}

/// Draws whose variance is scaled by the fans of the shape (brainstate's `VarianceScaling`,
/// the basis of Kaiming, Xavier and Lecun initialisation), times a unit quantity.
///
/// With `n = ∏ shape`, `rf = n / shape[in_axis] / shape[out_axis]`,
/// `fan_in = shape[in_axis] · rf`, `fan_out = shape[out_axis] · rf`:
/// `var = scale / fan` (the fan chosen by [`FanMode`]), and each value is a draw of
/// [`ScalingDistribution`] with that variance, times `unit`.
///
/// ```
/// use neurodim_state::{init::{Initializer, VarianceScaling}, StreamKey};
/// use neurodim_units::prelude::*;
/// let init = VarianceScaling::new(2.0, "fan_in".parse()?, "normal".parse()?, 1.0 * mA)?;
/// let w: Vec<Current> = init.values(&[100, 50], &mut StreamKey::new(0, "W").rng())?;
/// assert_eq!(w.len(), 5000);
/// assert_eq!(init.fans(&[100, 50])?, (100.0, 50.0));
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VarianceScaling<T> {
    scale: f64,
    mode: FanMode,
    distribution: ScalingDistribution,
    in_axis: isize,
    out_axis: isize,
    unit: T,
}

impl<T: RealValue> VarianceScaling<T> {
    /// A variance-scaling initialiser with brainstate's axes (`in_axis = −2`,
    /// `out_axis = −1`); `scale` finite and `> 0`, `unit` finite.
    pub fn new(
        scale: f64,
        mode: FanMode,
        distribution: ScalingDistribution,
        unit: T,
    ) -> Result<Self, StateError> {
        check::positive("scale", scale)?;
        check::finite("unit", unit)?;
        Ok(VarianceScaling { scale, mode, distribution, in_axis: -2, out_axis: -1, unit })
    }

    /// The same with other fan axes (negative counts from the end); checked against the
    /// shape when values are drawn.
    pub fn with_axes(self, in_axis: isize, out_axis: isize) -> Self {
        VarianceScaling { in_axis, out_axis, ..self }
    }

    /// `(fan_in, fan_out)` of `shape`; an error if an axis is not in the shape.
    pub fn fans(&self, shape: &[usize]) -> Result<(f64, f64), StateError> {
        let fan_in_dim = shape[check::axis("in_axis", self.in_axis, shape)?] as f64;
        let fan_out_dim = shape[check::axis("out_axis", self.out_axis, shape)?] as f64;
        let n: f64 = shape.iter().map(|&d| d as f64).product();
        let receptive_field = n / fan_in_dim / fan_out_dim;
        Ok((fan_in_dim * receptive_field, fan_out_dim * receptive_field))
    }

    /// The variance of the dimensionless draws for `shape`, `scale / fan`.
    pub fn variance(&self, shape: &[usize]) -> Result<f64, StateError> {
        let (fan_in, fan_out) = self.fans(shape)?;
        let fan = match self.mode {
            FanMode::FanIn => fan_in,
            FanMode::FanOut => fan_out,
            FanMode::FanAvg => (fan_in + fan_out) / 2.0,
        };
        Ok(self.scale / fan)
    }
}

impl<T: RealValue> Initializer<T> for VarianceScaling<T> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let sd = self.variance(shape)?.sqrt() * self.unit.to_si();
        let n = check::element_count(shape)?;
        let draw = |rng: &mut StreamRng| match self.distribution {
            ScalingDistribution::TruncatedNormal => {
                standard_truncated(-2.0, 2.0, rng) * sd / TRUNCATED_NORMAL_STD
            }
            ScalingDistribution::Normal => rng.sample::<f64, _>(StandardNormal) * sd,
            ScalingDistribution::Uniform => (2.0 * rng.random::<f64>() - 1.0) * 3.0_f64.sqrt() * sd,
        };
        Ok((0..n).map(|_| T::from_si(draw(rng))).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::{FanMode, ScalingDistribution, VarianceScaling};

    #[test]
    fn std_of_the_truncated_standard_normal() {
        assert!((crate::init::TRUNCATED_NORMAL_STD - 0.8796).abs() < 1e-4);
    }

    #[test]
    fn a_zero_scale_is_refused() {
        let err = VarianceScaling::new(0.0, FanMode::FanIn, ScalingDistribution::Normal, 1.0)
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid scale: 0 (must be > 0)");
    }

    #[test]
    fn fans_over_chosen_axes() -> Result<(), Box<dyn std::error::Error>> {
        let init = VarianceScaling::new(1.0, FanMode::FanOut, ScalingDistribution::Uniform, 1.0)?
            .with_axes(0, 1);
        assert_eq!(init.fans(&[3, 4, 5])?, (15.0, 20.0));
        assert!(init.fans(&[3]).is_err());
        Ok(())
    }

    #[test]
    fn fans_of_a_convolution_kernel() -> Result<(), Box<dyn std::error::Error>> {
        let init = VarianceScaling::new(1.0, FanMode::FanIn, ScalingDistribution::Normal, 1.0)?;
        // receptive field 3·3 for a [3, 3, 16, 32] convolution kernel
        assert_eq!(init.fans(&[3, 3, 16, 32])?, (144.0, 288.0));
        Ok(())
    }

    #[test]
    fn variance_over_the_average_fan() -> Result<(), Box<dyn std::error::Error>> {
        let init = VarianceScaling::new(1.0, FanMode::FanAvg, ScalingDistribution::Normal, 1.0)?;
        assert_eq!(init.variance(&[10, 30])?, 1.0 / 20.0);
        Ok(())
    }
}
