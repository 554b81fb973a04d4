//! A dense layer, `y = x · (W ∘ mask) + b`, with units.

use core::ops::Div;

use neurodim_state::{Shape, State, Stateful, Visit, VisitMut, init::Initializer, init::Zero};

use crate::DynError;
use crate::rate::checks;
use crate::rate::dense::affine;
use crate::rate::si_slice::{SiScalar, as_si, as_si_mut};

/// The quantity of a weight that maps an input `X` to an output `Y`: `Y / X`
/// (a weight in mA per unit of a dimensionless input makes a current).
///
/// ```
/// use neurodim_dyn::rate::Weight;
/// use neurodim_units::prelude::*;
/// let w: Weight<f64, Current> = 0.5 * mA;
/// let w2: Weight<Voltage, Current> = 2.0 * nS;
/// assert_eq!(w.value, 5e-4);
/// assert_eq!(w2.value, 2e-9);
/// ```
pub type Weight<X, Y> = <Y as Div<X>>::Output;

/// A dense linear layer (brainstate's `Linear`):
///
/// `y = x · (W ∘ M) + b`, i.e. `yⱼ = Σᵢ xᵢ Wᵢⱼ Mᵢⱼ + bⱼ`,
///
/// with input `x` of quantity `X`, output `y` of quantity `Y`, weight `W` of quantity
/// [`Weight<X, Y>`] = `Y / X` (shape `[num_in, num_out]`), bias `b` of quantity `Y` (shape
/// `[num_out]`; zero by default, as brainstate's `b_init=ZeroInit()`), and an optional boolean
/// mask `M` (brainstate's `w_mask`). Weight and bias are param states `"weight"` and `"bias"`,
/// drawn at [`init_all`](neurodim_state::init_all) from their own streams; they have no batch
/// axis. The input may hold any number of rows (a batch); each row is mapped independently.
///
/// ```
/// use neurodim_dyn::rate::Linear;
/// use neurodim_state::{init::Constant, init_all};
/// use neurodim_units::prelude::*;
///
/// // two dimensionless rates drive three currents through weights of 0.5 mA each
/// let mut layer = Linear::<f64, Current>::new(2, 3, Constant(0.5 * mA))?
///     .with_bias(Constant(1.0 * mA));
/// init_all(&mut layer, None, 0)?;
/// let y = layer.forward(&[1.0, 2.0])?;
/// assert!((y[0].value_in(mA) - 2.5).abs() < 1e-12); // 0.5·1 + 0.5·2 + 1
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Linear<X = f64, Y = f64>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    num_in: usize,
    num_out: usize,
    out_shape: Shape,
    weight: State<Weight<X, Y>>,
    bias: Option<State<Y>>,
    mask: Option<Vec<bool>>,
    /// `W ∘ M` in SI numbers, rebuilt each call when there is a mask (the weight may have
    /// changed); kept so that calls do not allocate.
    masked: Vec<f64>,
}

impl<X, Y> Linear<X, Y>
where
    X: SiScalar,
    Y: SiScalar + Div<X>,
    Weight<X, Y>: SiScalar,
{
    /// A layer from `num_in` inputs to `num_out` outputs (both ≥ 1) whose weight is drawn by
    /// `w_init`, with a zero bias and no mask.
    pub fn new(
        num_in: usize,
        num_out: usize,
        w_init: impl Initializer<Weight<X, Y>> + 'static,
    ) -> Result<Self, DynError> {
        checks::units("num_in", num_in)?;
        let out_shape = checks::units("num_out", num_out)?;
        Ok(Linear {
            num_in,
            num_out,
            weight: State::param(Shape::new([num_in, num_out])?, w_init),
            bias: Some(State::param(out_shape.clone(), Zero)),
            out_shape,
            mask: None,
            masked: Vec::new(),
        })
    }

    /// The same layer with its bias drawn by `b_init`.
    pub fn with_bias(mut self, b_init: impl Initializer<Y> + 'static) -> Self {
        self.bias = Some(State::param(self.out_shape.clone(), b_init));
        self
    }

    /// The same layer without a bias (brainstate's `b_init=None`): `y = x · (W ∘ M)`.
    pub fn without_bias(mut self) -> Self {
        self.bias = None;
        self
    }

    /// The same layer with a connection mask `M` (`[num_in, num_out]`, row-major): a `false`
    /// entry removes that weight from the product (brainstate's `w_mask`).
    pub fn with_mask(mut self, mask: Vec<bool>) -> Result<Self, DynError> {
        checks::len("w_mask", mask.len(), self.num_in * self.num_out)?;
        self.mask = Some(mask);
        Ok(self)
    }

    /// The number of inputs.
    pub fn num_in(&self) -> usize {
        self.num_in
    }

    /// The number of outputs.
    pub fn num_out(&self) -> usize {
        self.num_out
    }

    /// The weight `W`, `[num_in, num_out]` row-major (empty before init).
    pub fn weight(&self) -> &[Weight<X, Y>] {
        self.weight.values()
    }

    /// The weight, mutable (to set trained or explicit values after init).
    pub fn weight_mut(&mut self) -> &mut [Weight<X, Y>] {
        self.weight.values_mut()
    }

    /// The bias `b` (`None` without a bias; empty before init).
    pub fn bias(&self) -> Option<&[Y]> {
        self.bias.as_ref().map(State::values)
    }

    /// The bias, mutable.
    pub fn bias_mut(&mut self) -> Option<&mut [Y]> {
        self.bias.as_mut().map(State::values_mut)
    }

    /// Maps the rows of `x` (`[rows, num_in]`, any number of rows ≥ 1) into `y`
    /// (`[rows, num_out]`), without allocating after the first call.
    ///
    /// Errors: the layer has not been initialised; `x` is not a whole number of rows; `y` does
    /// not have `rows · num_out` values.
    pub fn forward_into(&mut self, x: &[X], y: &mut [Y]) -> Result<(), DynError> {
        if self.weight.values().is_empty() {
            return Err(neurodim_state::StateError::Uninitialised { path: "weight".into() }.into());
        }
        let rows = checks::whole_rows("Linear input", x.len(), self.num_in)?;
        checks::len("Linear output", y.len(), rows * self.num_out)?;
        let weight = as_si(self.weight.values());
        let weight = match &self.mask {
            Some(mask) => {
                self.masked.clear();
                self.masked.extend(weight.iter().zip(mask).map(|(&w, &m)| if m { w } else { 0.0 }));
                &self.masked[..]
            }
            None => weight,
        };
        let bias = self.bias.as_ref().map(|b| as_si(b.values()));
        affine(as_si(x), rows, weight, self.num_in, self.num_out, bias, as_si_mut(y));
        Ok(())
    }

    /// Maps the rows of `x` into a new vector (allocates; see [`forward_into`](Self::forward_into)).
    pub fn forward(&mut self, x: &[X]) -> Result<Vec<Y>, DynError> {
        let rows = checks::whole_rows("Linear input", x.len(), self.num_in)?;
        let mut y = vec![Y::from_si(0.0); rows * self.num_out];
        self.forward_into(x, &mut y)?;
        Ok(y)
    }
}

impl<X, Y> Stateful for Linear<X, Y>
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
    use crate::DynError;
    use crate::rate::Linear;
    use neurodim_state::init::Constant;
    use neurodim_state::{init_all, list_states};

    #[test]
    fn no_outputs_is_refused() {
        assert!(Linear::<f64, f64>::new(3, 0, Constant(1.0)).is_err());
    }

    #[test]
    fn with_bias_adds_the_bias() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(1, 1, Constant(2.0))?.with_bias(Constant(-1.0));
        init_all(&mut l, None, 0)?;
        assert_eq!(l.forward(&[3.0])?, vec![5.0]);
        Ok(())
    }

    #[test]
    fn without_bias_only_the_weight_is_a_state() -> Result<(), Box<dyn std::error::Error>> {
        let l = Linear::<f64, f64>::new(2, 2, Constant(1.0))?.without_bias();
        assert_eq!(list_states(&l).len(), 1); // only "weight"
        Ok(())
    }

    #[test]
    fn a_mask_cuts_synapses_and_must_cover_the_weight() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(2, 2, Constant(1.0))?
            .without_bias()
            .with_mask(vec![true, false, true, true])?; // cuts input 0 → output 1
        init_all(&mut l, None, 0)?;
        assert_eq!(l.forward(&[1.0, 10.0])?, vec![11.0, 10.0]);
        assert!(Linear::<f64, f64>::new(2, 2, Constant(1.0))?.with_mask(vec![true]).is_err());
        Ok(())
    }

    #[test]
    fn num_in_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Linear::<f64, f64>::new(3, 4, Constant(1.0))?.num_in(), 3);
        Ok(())
    }

    #[test]
    fn num_out_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Linear::<f64, f64>::new(3, 4, Constant(1.0))?.num_out(), 4);
        Ok(())
    }

    #[test]
    fn the_weight_has_no_batch_axis() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(2, 3, Constant(0.5))?;
        assert!(l.weight().is_empty());
        init_all(&mut l, Some(8), 0)?; // a batch does not give the weight a batch axis
        assert_eq!(l.weight(), &[0.5; 6]);
        Ok(())
    }

    #[test]
    fn weight_mut_sets_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(1, 2, Constant(0.0))?.without_bias();
        init_all(&mut l, None, 0)?;
        l.weight_mut().copy_from_slice(&[1.0, -1.0]);
        assert_eq!(l.forward(&[2.0])?, vec![2.0, -2.0]);
        Ok(())
    }

    #[test]
    fn bias_starts_at_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(1, 2, Constant(0.0))?;
        init_all(&mut l, None, 0)?;
        assert_eq!(l.bias(), Some(&[0.0, 0.0][..]));
        Ok(())
    }

    #[test]
    fn bias_mut_sets_the_bias() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(1, 1, Constant(1.0))?;
        init_all(&mut l, None, 0)?;
        l.bias_mut().unwrap()[0] = 3.0;
        assert_eq!(l.forward(&[1.0])?, vec![4.0]);
        Ok(())
    }

    #[test]
    fn forward_into_a_batch_of_two_and_check_the_length() -> Result<(), Box<dyn std::error::Error>>
    {
        let mut l = Linear::<f64, f64>::new(2, 1, Constant(1.0))?;
        init_all(&mut l, None, 0)?;
        let mut y = [0.0; 2];
        l.forward_into(&[1.0, 2.0, 3.0, 4.0], &mut y)?; // two rows
        assert_eq!(y, [3.0, 7.0]);
        assert!(matches!(l.forward_into(&[1.0; 3], &mut y), Err(DynError::SizeMismatch { .. })));
        Ok(())
    }

    #[test]
    fn forward_sums_the_inputs() -> Result<(), Box<dyn std::error::Error>> {
        let mut l = Linear::<f64, f64>::new(2, 2, Constant(1.0))?;
        init_all(&mut l, None, 0)?;
        assert_eq!(l.forward(&[1.0, 2.0])?, vec![3.0, 3.0]);
        Ok(())
    }
}
