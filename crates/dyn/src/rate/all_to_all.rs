//! All-to-all coupling, with a homogeneous or a dense weight, with or without self-coupling.

use core::ops::Div;

use neurodim_state::{
    Shape, State, StateValue, Stateful, Visit, VisitMut, init::Constant, init::Initializer,
};

use crate::DynError;
use crate::rate::checks;
use crate::rate::si_slice::{SiScalar, as_si, as_si_mut};
use crate::rate::{Linear, Weight};

/// The weight of an [`AllToAll`] coupling.
#[derive(Debug, Clone)]
enum Coupling<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    /// One weight for every pair (a param state of one element).
    Homogeneous(State<Weight<X, Y>>),
    /// A weight per pair, `[num_in, num_out]`.
    Dense(Linear<X, Y>),
}

/// All-to-all coupling (brainstate's `AllToAll`): every output receives every input.
///
/// - Homogeneous weight `w`: `yⱼ = w · Σᵢ xᵢ`, or `yⱼ = w · (Σᵢ xᵢ − xⱼ)` without self-coupling.
/// - Dense weight `W` (`[num_in, num_out]`): `y = x · W`, with the diagonal left out
///   (`Wⱼⱼ = 0` in the product) without self-coupling.
///
/// plus an optional bias `b` (none by default, as brainstate's `b_init=None`). Input `X`,
/// output `Y`, weight [`Weight<X, Y>`]; param states `"weight"` and `"bias"`. Without
/// self-coupling the input and the output are the same population, so `num_in == num_out`.
///
/// ```
/// use neurodim_dyn::rate::AllToAll;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// // each neuron receives 0.1 mA per unit of activity of every other neuron
/// let mut recurrent = AllToAll::<f64, Current>::homogeneous(3, 3, 0.1 * mA)?.without_self()?;
/// init_all(&mut recurrent, None, 0)?;
/// let y = recurrent.forward(&[1.0, 2.0, 3.0])?;
/// assert!((y[0].value_in(mA) - 0.5).abs() < 1e-12); // 0.1 · (2 + 3)
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct AllToAll<X = f64, Y = f64>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    num_in: usize,
    num_out: usize,
    out_shape: Shape,
    include_self: bool,
    coupling: Coupling<X, Y>,
    bias: Option<State<Y>>,
}

impl<X, Y> AllToAll<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    /// All-to-all coupling with one weight `w` (finite) for every pair, self-coupling included.
    pub fn homogeneous(num_in: usize, num_out: usize, w: Weight<X, Y>) -> Result<Self, DynError> {
        checks::units("num_in", num_in)?;
        let out_shape = checks::units("num_out", num_out)?;
        let si = w.to_si();
        if !si.is_finite() {
            return Err(DynError::invalid("w", format_args!("{si} (SI units)"), "must be finite"));
        }
        Ok(AllToAll {
            num_in,
            num_out,
            out_shape,
            include_self: true,
            coupling: Coupling::Homogeneous(State::param(Shape::vector(1)?, Constant(w))),
            bias: None,
        })
    }

    /// All-to-all coupling with a weight per pair drawn by `w_init` (brainstate's default is
    /// `KaimingNormal`), self-coupling included.
    pub fn dense(
        num_in: usize,
        num_out: usize,
        w_init: impl Initializer<Weight<X, Y>> + 'static,
    ) -> Result<Self, DynError> {
        let linear = Linear::new(num_in, num_out, w_init)?.without_bias();
        Ok(AllToAll {
            num_in,
            num_out,
            out_shape: checks::units("num_out", num_out)?,
            include_self: true,
            coupling: Coupling::Dense(linear),
            bias: None,
        })
    }

    /// The same coupling without self-coupling (brainstate's `include_self=False`); requires
    /// `num_in == num_out`.
    pub fn without_self(mut self) -> Result<Self, DynError> {
        checks::len("AllToAll without self-coupling: num_out", self.num_out, self.num_in)?;
        if let Coupling::Dense(linear) = self.coupling {
            let n = self.num_in;
            let off_diagonal = (0..n * n).map(|k| k / n != k % n).collect();
            self.coupling = Coupling::Dense(linear.with_mask(off_diagonal)?);
        }
        self.include_self = false;
        Ok(self)
    }

    /// The same coupling with a bias drawn by `b_init`.
    pub fn with_bias(mut self, b_init: impl Initializer<Y> + 'static) -> Self {
        self.bias = Some(State::param(self.out_shape.clone(), b_init));
        self
    }

    /// Maps the rows of `x` (`[rows, num_in]`) into `y` (`[rows, num_out]`).
    pub fn forward_into(&mut self, x: &[X], y: &mut [Y]) -> Result<(), DynError> {
        let rows = checks::whole_rows("AllToAll input", x.len(), self.num_in)?;
        checks::len("AllToAll output", y.len(), rows * self.num_out)?;
        match &mut self.coupling {
            Coupling::Dense(linear) => linear.forward_into(x, y)?,
            Coupling::Homogeneous(w) => {
                let w = as_si(w.values()).first().copied().ok_or_else(|| {
                    neurodim_state::StateError::Uninitialised { path: "weight".into() }
                })?;
                for (x_row, y_row) in as_si(x)
                    .chunks_exact(self.num_in)
                    .zip(as_si_mut(y).chunks_exact_mut(self.num_out))
                {
                    let sum: f64 = x_row.iter().sum();
                    if self.include_self {
                        y_row.fill(w * sum);
                    } else {
                        y_row.iter_mut().zip(x_row).for_each(|(y, &x)| *y = w * (sum - x));
                    }
                }
            }
        }
        if let Some(bias) = &self.bias {
            let bias = as_si(bias.values());
            for y_row in as_si_mut(y).chunks_exact_mut(self.num_out) {
                y_row.iter_mut().zip(bias).for_each(|(y, &b)| *y += b);
            }
        }
        Ok(())
    }

    /// Maps the rows of `x` into a new vector (allocates).
    pub fn forward(&mut self, x: &[X]) -> Result<Vec<Y>, DynError> {
        let rows = checks::whole_rows("AllToAll input", x.len(), self.num_in)?;
        let mut y = vec![Y::from_si(0.0); rows * self.num_out];
        self.forward_into(x, &mut y)?;
        Ok(y)
    }
}

impl<X, Y> Stateful for AllToAll<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    fn visit_states(&self, v: &mut Visit<'_>) {
        match &self.coupling {
            Coupling::Homogeneous(w) => v.state("weight", w),
            Coupling::Dense(linear) => linear.visit_states(v),
        }
        if let Some(b) = &self.bias {
            v.state("bias", b);
        }
    }

    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        match &mut self.coupling {
            Coupling::Homogeneous(w) => v.state("weight", w),
            Coupling::Dense(linear) => linear.visit_states_mut(v),
        }
        if let Some(b) = &mut self.bias {
            v.state("bias", b);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rate::AllToAll;
    use neurodim_state::init::{Constant, KaimingNormal};
    use neurodim_state::init_all;

    #[test]
    fn a_nan_weight_is_refused() {
        assert!(AllToAll::<f64, f64>::homogeneous(2, 2, f64::NAN).is_err());
    }

    #[test]
    fn dense_from_an_initializer() -> Result<(), Box<dyn std::error::Error>> {
        let mut a = AllToAll::<f64, f64>::dense(4, 4, KaimingNormal::default())?;
        init_all(&mut a, None, 3)?;
        assert_eq!(a.forward(&[1.0; 4])?.len(), 4);
        Ok(())
    }

    #[test]
    fn without_self_needs_a_square_layer() -> Result<(), Box<dyn std::error::Error>> {
        let mut a = AllToAll::<f64, f64>::dense(2, 2, Constant(1.0))?.without_self()?;
        init_all(&mut a, None, 0)?;
        assert_eq!(a.forward(&[1.0, 10.0])?, vec![10.0, 1.0]);
        assert!(AllToAll::<f64, f64>::homogeneous(2, 3, 1.0)?.without_self().is_err());
        Ok(())
    }

    #[test]
    fn with_bias_adds_the_bias() -> Result<(), Box<dyn std::error::Error>> {
        let mut a = AllToAll::<f64, f64>::homogeneous(2, 1, 1.0)?.with_bias(Constant(0.5));
        init_all(&mut a, None, 0)?;
        assert_eq!(a.forward(&[1.0, 2.0])?, vec![3.5]);
        Ok(())
    }

    #[test]
    fn forward_into_a_batch_of_two() -> Result<(), Box<dyn std::error::Error>> {
        let mut a = AllToAll::<f64, f64>::homogeneous(2, 2, 2.0)?;
        init_all(&mut a, None, 0)?;
        let mut y = [0.0; 4];
        a.forward_into(&[1.0, 2.0, 3.0, 4.0], &mut y)?;
        assert_eq!(y, [6.0, 6.0, 14.0, 14.0]);
        Ok(())
    }

    #[test]
    fn forward_sums_the_inputs() -> Result<(), Box<dyn std::error::Error>> {
        let mut a = AllToAll::<f64, f64>::homogeneous(3, 1, 1.0)?;
        init_all(&mut a, None, 0)?;
        assert_eq!(a.forward(&[1.0, 2.0, 3.0])?, vec![6.0]);
        Ok(())
    }
}
