//! One-to-one coupling: each output receives its own input, scaled.

use core::ops::Div;

use neurodim_state::{Shape, State, Stateful, Visit, VisitMut, init::Initializer};

use crate::DynError;
use crate::rate::Weight;
use crate::rate::checks;
use crate::rate::si_slice::{SiScalar, as_si, as_si_mut};

/// One-to-one coupling (brainstate's `OneToOne`): `yᵢ = xᵢ · wᵢ + bᵢ` over `n` units, with
/// input `X`, output `Y`, weight [`Weight<X, Y>`] (param `"weight"`, `[n]`; brainstate's
/// default is `Normal()`) and an optional bias (param `"bias"`; none by default).
///
/// ```
/// use neurodim_dyn::rate::OneToOne;
/// use neurodim_units::prelude::*;
/// use neurodim_state::{init::Constant, init_all};
/// // a conductance per unit of a dimensionless gate
/// let mut gain = OneToOne::<f64, Conductance>::new(2, Constant(5.0 * nS))?;
/// init_all(&mut gain, None, 0)?;
/// let g = gain.forward(&[0.5, 1.0])?;
/// assert!((g[1].value_in(nS) - 5.0).abs() < 1e-12);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct OneToOne<X = f64, Y = f64>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    n: usize,
    shape: Shape,
    weight: State<Weight<X, Y>>,
    bias: Option<State<Y>>,
}

impl<X, Y> OneToOne<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    /// One-to-one coupling of `n` (≥ 1) units with weights drawn by `w_init`, no bias.
    pub fn new(
        n: usize,
        w_init: impl Initializer<Weight<X, Y>> + 'static,
    ) -> Result<Self, DynError> {
        let shape = checks::units("in_size", n)?;
        Ok(OneToOne { n, weight: State::param(shape.clone(), w_init), shape, bias: None })
    }

    /// The same coupling with a bias drawn by `b_init`.
    pub fn with_bias(mut self, b_init: impl Initializer<Y> + 'static) -> Self {
        self.bias = Some(State::param(self.shape.clone(), b_init));
        self
    }

    /// The weights (empty before init).
    pub fn weight(&self) -> &[Weight<X, Y>] {
        self.weight.values()
    }

    /// Maps the rows of `x` (`[rows, n]`) into `y` (`[rows, n]`).
    pub fn forward_into(&mut self, x: &[X], y: &mut [Y]) -> Result<(), DynError> {
        if self.weight.values().is_empty() {
            return Err(neurodim_state::StateError::Uninitialised { path: "weight".into() }.into());
        }
        let rows = checks::whole_rows("OneToOne input", x.len(), self.n)?;
        checks::len("OneToOne output", y.len(), rows * self.n)?;
        let w = as_si(self.weight.values());
        let bias = self.bias.as_ref().map(|b| as_si(b.values()));
        for (x_row, y_row) in
            as_si(x).chunks_exact(self.n).zip(as_si_mut(y).chunks_exact_mut(self.n))
        {
            for ((y, &x), &w) in y_row.iter_mut().zip(x_row).zip(w) {
                *y = x * w;
            }
            if let Some(bias) = bias {
                y_row.iter_mut().zip(bias).for_each(|(y, &b)| *y += b);
            }
        }
        Ok(())
    }

    /// Maps the rows of `x` into a new vector (allocates).
    pub fn forward(&mut self, x: &[X]) -> Result<Vec<Y>, DynError> {
        let rows = checks::whole_rows("OneToOne input", x.len(), self.n)?;
        let mut y = vec![Y::from_si(0.0); rows * self.n];
        self.forward_into(x, &mut y)?;
        Ok(y)
    }
}

impl<X, Y> Stateful for OneToOne<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    fn visit_states(&self, v: &mut Visit<'_>) {
        v.state("weight", &self.weight);
        if let Some(b) = &self.bias {
            v.state("bias", b);
        }
    }

    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        v.state("weight", &mut self.weight);
        if let Some(b) = &mut self.bias {
            v.state("bias", b);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rate::OneToOne;
    use neurodim_state::init::{Constant, Normal};
    use neurodim_state::init_all;

    #[test]
    fn no_elements_is_refused() {
        assert!(OneToOne::<f64, f64>::new(0, Constant(1.0)).is_err());
    }

    #[test]
    fn with_bias_adds_the_bias() -> Result<(), Box<dyn std::error::Error>> {
        let mut c = OneToOne::<f64, f64>::new(2, Constant(2.0))?.with_bias(Constant(1.0));
        init_all(&mut c, None, 0)?;
        assert_eq!(c.forward(&[1.0, 2.0])?, vec![3.0, 5.0]);
        Ok(())
    }

    #[test]
    fn the_weight_has_no_batch_axis() -> Result<(), Box<dyn std::error::Error>> {
        let mut c = OneToOne::<f64, f64>::new(5, Normal::new(0.0, 1.0)?)?;
        init_all(&mut c, Some(2), 9)?;
        assert_eq!(c.weight().len(), 5);
        Ok(())
    }

    #[test]
    fn forward_into_a_batch_of_two_and_check_the_length() -> Result<(), Box<dyn std::error::Error>>
    {
        let mut c = OneToOne::<f64, f64>::new(2, Constant(3.0))?;
        init_all(&mut c, None, 0)?;
        let mut y = [0.0; 4];
        c.forward_into(&[1.0, 2.0, 3.0, 4.0], &mut y)?;
        assert_eq!(y, [3.0, 6.0, 9.0, 12.0]);
        assert!(c.forward_into(&[1.0; 3], &mut y).is_err());
        Ok(())
    }

    #[test]
    fn forward_scales_each_input() -> Result<(), Box<dyn std::error::Error>> {
        let mut c = OneToOne::<f64, f64>::new(1, Constant(-1.0))?;
        init_all(&mut c, None, 0)?;
        assert_eq!(c.forward(&[2.0])?, vec![-2.0]);
        Ok(())
    }
}
