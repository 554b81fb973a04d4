use core::fmt;

use neurodim_dyn::DynError;
use neurodim_state::StateError;
use neurodim_units::UnitsError;

/// Any error of neurodim: one type for programs that use several crates, so that `?` works
/// across them. Each variant wraps the error of one crate, which names the parameter, state
/// path or file concerned.
///
/// ```
/// use neurodim::prelude::*;
///
/// fn build() -> Result<(), neurodim::Error> {
///     let _env = Environment::new(0.1 * ms)?;          // StateError
///     let _p = Probability::new(0.5)?;                  // UnitsError
///     let _shape = Shape::vector(0)?;                   // StateError: rejected
///     Ok(())
/// }
/// let err = build().unwrap_err();
/// assert!(matches!(err, neurodim::Error::State(_)));
/// assert_eq!(err.to_string(), "invalid shape [0]: every dimension must be >= 1");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// From `neurodim-units`: a value that breaks its rule.
    Units(UnitsError),
    /// From `neurodim-state`: shapes, batches, initialisers, delays, checkpoints.
    State(StateError),
    /// From `neurodim-dyn`: models, connectivity, projections, networks, monitors.
    Dyn(DynError),
    /// From [`io`](crate::io): writing results or plots.
    #[cfg(feature = "io")]
    Io(crate::io::IoError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Units(e) => e.fmt(f),
            Error::State(e) => e.fmt(f),
            Error::Dyn(e) => e.fmt(f),
            #[cfg(feature = "io")]
            Error::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Units(e) => Some(e),
            Error::State(e) => Some(e),
            Error::Dyn(e) => Some(e),
            #[cfg(feature = "io")]
            Error::Io(e) => Some(e),
        }
    }
}

impl From<UnitsError> for Error {
    fn from(e: UnitsError) -> Self {
        Error::Units(e)
    }
}

impl From<StateError> for Error {
    fn from(e: StateError) -> Self {
        Error::State(e)
    }
}

impl From<DynError> for Error {
    fn from(e: DynError) -> Self {
        Error::Dyn(e)
    }
}

#[cfg(feature = "io")]
impl From<crate::io::IoError> for Error {
    fn from(e: crate::io::IoError) -> Self {
        Error::Io(e)
    }
}
