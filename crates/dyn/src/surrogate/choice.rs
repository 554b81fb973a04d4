use core::str::FromStr;

use super::{
    Arctan, Erf, GaussianGrad, InvSquareGrad, LeakyRelu, LogTailedRelu, MultiGaussianGrad,
    NonzeroSignLog, PiecewiseExp, PiecewiseLeakyRelu, PiecewiseQuadratic, QPseudoSpike, ReluGrad,
    S2nn, Sigmoid, SlayerGrad, SoftSign, SquarewaveFourierSeries, SurrogateGradient,
};
use crate::DynError;

/// Defines [`Surrogate`] and everything that follows from the one list of
/// `Variant => "brainstate_name"` pairs, so that names, variants and dispatch cannot drift apart.
macro_rules! surrogates {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// Any one of the 18 surrogate spike functions, as a neuron stores it.
        ///
        /// It implements [`SurrogateGradient`] by delegating to the surrogate it holds, and it
        /// can be chosen by brainstate's function name ([`Surrogate::from_name`], or
        /// [`str::parse`]). The default is [`ReluGrad`] with its defaults, the default of every
        /// concrete neuron in brainstate (its `Neuron` base class uses [`InvSquareGrad`]).
        ///
        /// ```
        /// use neurodim_dyn::surrogate::{InvSquareGrad, ReluGrad, Surrogate, SurrogateGradient};
        /// let base: Surrogate = InvSquareGrad::default().into();
        /// assert_eq!(base.name(), "inv_square_grad");
        /// assert_eq!(base.grad(0.0), 1.0);
        /// assert_eq!(Surrogate::default(), Surrogate::ReluGrad(ReluGrad::default()));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Surrogate {
            $(
                #[doc = concat!("[`", stringify!($variant), "`], brainstate's `", $name, "`.")]
                $variant($variant),
            )+
        }

        impl Surrogate {
            /// brainstate's function names of all 18 surrogates, in brainstate's order.
            pub const NAMES: [&'static str; 18] = [$($name),+];

            /// brainstate's function name of the surrogate held (`"relu_grad"`, …).
            pub fn name(&self) -> &'static str {
                match self {
                    $(Surrogate::$variant(_) => $name,)+
                }
            }

            /// The surrogate called `name` in brainstate (its snake_case function name), with
            /// brainstate's default parameters. An unknown name is an error that lists the
            /// known ones.
            pub fn from_name(name: &str) -> Result<Self, DynError> {
                match name {
                    $($name => Ok(Surrogate::$variant($variant::default())),)+
                    _ => Err(DynError::invalid(
                        "surrogate",
                        format_args!("{name:?}"),
                        concat!("must be one of", $(" ", $name),+),
                    )),
                }
            }
        }

        $(
            impl From<$variant> for Surrogate {
                #[doc = concat!("Wraps a [`", stringify!($variant), "`].")]
                fn from(surrogate: $variant) -> Self {
                    Surrogate::$variant(surrogate)
                }
            }
        )+

        impl SurrogateGradient for Surrogate {
            #[inline]
            fn grad(&self, x: f64) -> f64 {
                match self {
                    $(Surrogate::$variant(f) => f.grad(x),)+
                }
            }

            #[inline]
            fn primitive(&self, x: f64) -> f64 {
                match self {
                    $(Surrogate::$variant(f) => f.primitive(x),)+
                }
            }
        }
    };
}

surrogates! {
    Sigmoid => "sigmoid",
    PiecewiseQuadratic => "piecewise_quadratic",
    PiecewiseExp => "piecewise_exp",
    SoftSign => "soft_sign",
    Arctan => "arctan",
    NonzeroSignLog => "nonzero_sign_log",
    Erf => "erf",
    PiecewiseLeakyRelu => "piecewise_leaky_relu",
    SquarewaveFourierSeries => "squarewave_fourier_series",
    S2nn => "s2nn",
    QPseudoSpike => "q_pseudo_spike",
    LeakyRelu => "leaky_relu",
    LogTailedRelu => "log_tailed_relu",
    ReluGrad => "relu_grad",
    GaussianGrad => "gaussian_grad",
    MultiGaussianGrad => "multi_gaussian_grad",
    InvSquareGrad => "inv_square_grad",
    SlayerGrad => "slayer_grad",
}

impl Default for Surrogate {
    /// [`ReluGrad`] with brainstate's defaults (`α = 0.3`, `width = 1`), the default spike
    /// function of every concrete brainstate neuron.
    fn default() -> Self {
        Surrogate::ReluGrad(ReluGrad::default())
    }
}

impl FromStr for Surrogate {
    type Err = DynError;

    /// [`Surrogate::from_name`]: brainstate's function name, default parameters.
    fn from_str(name: &str) -> Result<Self, DynError> {
        Surrogate::from_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surrogate::{ReluGrad, S2nn, Sigmoid, Surrogate};

    #[test]
    fn eighteen_names_in_brainstates_order() {
        assert_eq!(Surrogate::NAMES.len(), 18);
        assert_eq!(Surrogate::NAMES[0], "sigmoid");
    }

    #[test]
    fn name_of_the_surrogate_held() {
        assert_eq!(Surrogate::from(Sigmoid::default()).name(), "sigmoid");
    }

    #[test]
    fn from_name_refuses_unknown_names() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Surrogate::from_name("s2nn")?, Surrogate::S2nn(S2nn::default()));
        let err = Surrogate::from_name("heaviside").unwrap_err();
        assert!(err.to_string().starts_with("invalid surrogate: \"heaviside\""));
        Ok(())
    }

    #[test]
    fn relu_grad_by_default() {
        assert_eq!(Surrogate::default(), ReluGrad::default().into());
    }

    #[test]
    fn parse_by_brainstates_name() -> Result<(), Box<dyn std::error::Error>> {
        let s: Surrogate = "inv_square_grad".parse()?;
        assert_eq!(s.name(), "inv_square_grad");
        Ok(())
    }

    #[test]
    fn from_each_surrogate_keeps_its_name() {
        assert_eq!(Surrogate::from(Sigmoid::default()).name(), "sigmoid");
        assert_eq!(Surrogate::from(PiecewiseQuadratic::default()).name(), "piecewise_quadratic");
        assert_eq!(Surrogate::from(PiecewiseExp::default()).name(), "piecewise_exp");
        assert_eq!(Surrogate::from(SoftSign::default()).name(), "soft_sign");
        assert_eq!(Surrogate::from(Arctan::default()).name(), "arctan");
        assert_eq!(Surrogate::from(NonzeroSignLog::default()).name(), "nonzero_sign_log");
        assert_eq!(Surrogate::from(Erf::default()).name(), "erf");
        assert_eq!(Surrogate::from(PiecewiseLeakyRelu::default()).name(), "piecewise_leaky_relu");
        assert_eq!(
            Surrogate::from(SquarewaveFourierSeries::default()).name(),
            "squarewave_fourier_series"
        );
        assert_eq!(Surrogate::from(S2nn::default()).name(), "s2nn");
        assert_eq!(Surrogate::from(QPseudoSpike::default()).name(), "q_pseudo_spike");
        assert_eq!(Surrogate::from(LeakyRelu::default()).name(), "leaky_relu");
        assert_eq!(Surrogate::from(LogTailedRelu::default()).name(), "log_tailed_relu");
        assert_eq!(Surrogate::from(ReluGrad::default()).name(), "relu_grad");
        assert_eq!(Surrogate::from(GaussianGrad::default()).name(), "gaussian_grad");
        assert_eq!(Surrogate::from(MultiGaussianGrad::default()).name(), "multi_gaussian_grad");
        assert_eq!(Surrogate::from(InvSquareGrad::default()).name(), "inv_square_grad");
        assert_eq!(Surrogate::from(SlayerGrad::default()).name(), "slayer_grad");
    }

    #[test]
    fn a_name_that_is_not_brainstates_is_refused() {
        assert!("relu".parse::<Surrogate>().is_err());
    }
}
