//! The named members of the variance-scaling family (brainstate's defaults).

use crate::{
    RealValue, StateError, StreamRng,
    init::{FanMode, Initializer, ScalingDistribution, VarianceScaling},
};

macro_rules! variance_scaling_preset {
    ($(#[$doc:meta])* $name:ident, $scale:expr, $mode:expr, $distribution:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $name<T = f64>(VarianceScaling<T>);

        impl<T: RealValue> $name<T> {
            /// This initialiser with draws times `unit` (finite).
            ///
            #[doc = concat!("```\nuse neurodim_state::init::", stringify!($name), ";\n",
                "use neurodim_units::*;\n",
                "assert!(", stringify!($name), "::new(1.0 * mA).is_ok());\n",
                "assert!(", stringify!($name), "::new(f64::INFINITY).is_err());\n```")]
            pub fn new(unit: T) -> Result<Self, StateError> {
                VarianceScaling::new($scale, $mode, $distribution, unit).map($name)
            }

            /// The general form it is an instance of.
            ///
            #[doc = concat!("```\nuse neurodim_state::init::", stringify!($name), ";\n",
                "let vs = ", stringify!($name), "::default().variance_scaling().clone();\n",
                "assert!(vs.variance(&[4, 4])? > 0.0);\n",
                "# Ok::<(), neurodim_state::StateError>(())\n```")]
            pub fn variance_scaling(&self) -> &VarianceScaling<T> {
                &self.0
            }
        }

        impl Default for $name<f64> {
            /// Dimensionless draws (unit 1).
            fn default() -> Self {
                $name(VarianceScaling::new($scale, $mode, $distribution, 1.0)
                    .expect("a preset's constants are valid"))
            }
        }

        impl<T: RealValue> Initializer<T> for $name<T> {
            fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
                self.0.values(shape, rng)
            }
        }
    };
}

variance_scaling_preset!(
    /// He/Kaiming uniform: [`VarianceScaling`] with scale 2, `fan_in`, uniform, so values lie
    /// in `[−√(6/fan_in), √(6/fan_in))` times the unit.
    ///
    /// ```
    /// use neurodim_state::{init::{Initializer, KaimingUniform}, StreamKey};
    /// let w: Vec<f64> = KaimingUniform::default().values(&[24, 8], &mut StreamKey::new(0, "W").rng())?;
    /// assert!(w.iter().all(|x| x.abs() < 0.5)); // √(6/24)
    /// assert_eq!(KaimingUniform::new(1.0)?.variance_scaling().variance(&[24, 8])?, 2.0 / 24.0);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    KaimingUniform, 2.0, FanMode::FanIn, ScalingDistribution::Uniform
);

variance_scaling_preset!(
    /// He/Kaiming normal: [`VarianceScaling`] with scale 2, `fan_in`, truncated normal.
    /// brainstate's default weight initialiser; here, e.g., a weight in mA:
    ///
    /// ```
    /// use neurodim_state::{State, Shape, StreamKey, init::KaimingNormal};
    /// use neurodim_units::prelude::*;
    /// let mut w = State::param(Shape::new([16, 4])?, KaimingNormal::new(1.0 * mA)?);
    /// w.init(None, StreamKey::new(0, "W"))?;
    /// // truncated at 2 standard deviations: |w| ≤ 2 √(2/16) / 0.8796… mA
    /// assert!(w.values().iter().all(|x| x.value_in(mA).abs() <= 0.804));
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    KaimingNormal, 2.0, FanMode::FanIn, ScalingDistribution::TruncatedNormal
);

variance_scaling_preset!(
    /// Glorot/Xavier uniform: [`VarianceScaling`] with scale 1, `fan_avg`, uniform.
    ///
    /// ```
    /// use neurodim_state::prelude::*;
    /// assert_eq!(XavierUniform::default().variance_scaling().variance(&[10, 30])?, 1.0 / 20.0);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    XavierUniform, 1.0, FanMode::FanAvg, ScalingDistribution::Uniform
);

variance_scaling_preset!(
    /// Glorot/Xavier normal: [`VarianceScaling`] with scale 1, `fan_avg`, truncated normal.
    ///
    /// ```
    /// use neurodim_state::prelude::*;
    /// assert_eq!(XavierNormal::default().variance_scaling().variance(&[10, 30])?, 1.0 / 20.0);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    XavierNormal, 1.0, FanMode::FanAvg, ScalingDistribution::TruncatedNormal
);

variance_scaling_preset!(
    /// LeCun uniform: [`VarianceScaling`] with scale 1, `fan_in`, uniform.
    ///
    /// ```
    /// use neurodim_state::prelude::*;
    /// assert_eq!(LecunUniform::default().variance_scaling().variance(&[10, 30])?, 1.0 / 10.0);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    LecunUniform, 1.0, FanMode::FanIn, ScalingDistribution::Uniform
);

variance_scaling_preset!(
    /// LeCun normal: [`VarianceScaling`] with scale 1, `fan_in`, truncated normal.
    ///
    /// ```
    /// use neurodim_state::prelude::*;
    /// assert_eq!(LecunNormal::default().variance_scaling().variance(&[10, 30])?, 1.0 / 10.0);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    LecunNormal, 1.0, FanMode::FanIn, ScalingDistribution::TruncatedNormal
);
