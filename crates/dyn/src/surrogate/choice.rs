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
        /// assert!("relu".parse::<Surrogate>().is_err());
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
            ///
            /// ```
            /// use neurodim_dyn::surrogate::Surrogate;
            /// assert_eq!(Surrogate::NAMES.len(), 18);
            /// assert_eq!(Surrogate::NAMES[0], "sigmoid");
            /// ```
            pub const NAMES: [&'static str; 18] = [$($name),+];

            /// brainstate's function name of the surrogate held (`"relu_grad"`, …).
            ///
            /// ```
            /// use neurodim_dyn::surrogate::{Sigmoid, Surrogate};
            /// assert_eq!(Surrogate::from(Sigmoid::default()).name(), "sigmoid");
            /// ```
            pub fn name(&self) -> &'static str {
                match self {
                    $(Surrogate::$variant(_) => $name,)+
                }
            }

            /// The surrogate called `name` in brainstate (its snake_case function name), with
            /// brainstate's default parameters. An unknown name is an error that lists the
            /// known ones.
            ///
            /// ```
            /// use neurodim_dyn::surrogate::{S2nn, Surrogate};
            /// assert_eq!(Surrogate::from_name("s2nn")?, Surrogate::S2nn(S2nn::default()));
            /// let err = Surrogate::from_name("heaviside").unwrap_err();
            /// assert!(err.to_string().starts_with("invalid surrogate: \"heaviside\""));
            /// # Ok::<(), neurodim_dyn::DynError>(())
            /// ```
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
                ///
                /// ```
                #[doc = concat!("use neurodim_dyn::surrogate::{", stringify!($variant), ", Surrogate};")]
                #[doc = concat!("let s: Surrogate = ", stringify!($variant), "::default().into();")]
                #[doc = concat!("assert_eq!(s.name(), \"", $name, "\");")]
                /// ```
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
    ///
    /// ```
    /// use neurodim_dyn::surrogate::{ReluGrad, Surrogate};
    /// assert_eq!(Surrogate::default(), ReluGrad::default().into());
    /// ```
    fn default() -> Self {
        Surrogate::ReluGrad(ReluGrad::default())
    }
}

impl FromStr for Surrogate {
    type Err = DynError;

    /// [`Surrogate::from_name`]: brainstate's function name, default parameters.
    ///
    /// ```
    /// use neurodim_dyn::surrogate::Surrogate;
    /// let s: Surrogate = "inv_square_grad".parse()?;
    /// assert_eq!(s.name(), "inv_square_grad");
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    fn from_str(name: &str) -> Result<Self, DynError> {
        Surrogate::from_name(name)
    }
}
