//! Parameters that may take one value per neuron: how a model names them
//! ([`ParameterVisitor`]), and the values a population holds for them (one param state each),
//! from which the driver derives one set of constants per neuron.

use core::fmt::Debug;

use neurodim_state::init::Initializer;
use neurodim_state::{
    AnyState, Precision, RealValue, Shape, State, StateError, StateKind, StreamRng, ValueType,
    Visit, VisitMut,
};
use neurodim_units::{Time, UnitsError};

use crate::DynError;
use crate::kernel::NeuronModel;
use crate::kernel::checks::{check_initialised, check_len};

/// What a model shows to [`NeuronModel::visit_parameters`]: each parameter that may take one
/// value per neuron, by name, with the field that holds it (whose type is the parameter's
/// unit).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_dyn::kernel::ParameterVisitor;
/// let mut names = Vec::new();
/// LifParams::default().visit_parameters(&mut ParameterVisitor::new(&mut |name, _| names.push(name)));
/// assert_eq!(names, ["R", "tau", "V_th", "V_reset", "V_rest"]);
/// ```
pub struct ParameterVisitor<'a> {
    callback: &'a mut dyn FnMut(&'static str, &mut dyn ParameterField),
}

impl<'a> ParameterVisitor<'a> {
    /// A visitor that calls `callback(name, field)` for every parameter.
    pub fn new(callback: &'a mut dyn FnMut(&'static str, &mut dyn ParameterField)) -> Self {
        ParameterVisitor { callback }
    }

    /// Shows the parameter `name`, held in `field` (a quantity such as `Voltage`, or `f64`
    /// for a dimensionless one). Use the name the model's validation uses (`"V_th"`), so
    /// that an error about a neuron's value names the same parameter.
    pub fn value<Q: RealValue>(&mut self, name: &'static str, field: &mut Q) {
        (self.callback)(name, field)
    }
}

/// A parameter's field seen without its type: its unit (as a [`ValueType`]) and a setter in
/// SI base units. Every [`RealValue`] is one.
///
/// ```
/// use neurodim_dyn::kernel::ParameterField;
/// use neurodim_state::{StateValue, ValueType};
/// use neurodim_units::prelude::*;
/// let mut v_th = -50.0 * mV;
/// let field: &mut dyn ParameterField = &mut v_th;
/// assert_eq!(field.value_type(), <Voltage as StateValue>::VALUE_TYPE);
/// field.set_si((-52.0 * mV).value);
/// assert_eq!(v_th, -52.0 * mV);
/// ```
pub trait ParameterField {
    /// The type of value, with its SI dimension.
    fn value_type(&self) -> ValueType;
    /// Sets the value from `x` in SI base units.
    fn set_si(&mut self, x: f64);
}

impl<Q: RealValue> ParameterField for Q {
    fn value_type(&self) -> ValueType {
        Q::VALUE_TYPE
    }

    fn set_si(&mut self, x: f64) {
        *self = Q::from_si(x);
    }
}

/// The names and types of the parameters of `model`, in the order it shows them.
pub(crate) fn declared<M: NeuronModel>(model: &M) -> Vec<(&'static str, ValueType)> {
    let mut declared = Vec::new();
    model.clone().visit_parameters(&mut ParameterVisitor::new(&mut |name, field| {
        declared.push((name, field.value_type()))
    }));
    declared
}

/// The values of one parameter, one per neuron, as a param state of the parameter's type
/// (so that init draws them, checkpoints keep them and listings show them in their unit).
trait ParameterValues: AnyState + Debug + Send + Sync {
    fn clone_box(&self) -> Box<dyn ParameterValues>;
}

impl<Q: RealValue> ParameterValues for State<Q> {
    fn clone_box(&self) -> Box<dyn ParameterValues> {
        Box::new(self.clone())
    }
}

/// One parameter with a value per neuron.
#[derive(Debug)]
struct PerNeuronParameter {
    name: &'static str,
    values: Box<dyn ParameterValues>,
}

impl Clone for PerNeuronParameter {
    fn clone(&self) -> Self {
        PerNeuronParameter { name: self.name, values: self.values.clone_box() }
    }
}

/// The parameters of a population that take one value per neuron (none by default).
#[derive(Debug, Clone, Default)]
pub(crate) struct PerNeuronParameters {
    parameters: Vec<PerNeuronParameter>,
}

impl PerNeuronParameters {
    /// Whether every parameter has one value for the whole population.
    pub(crate) fn is_empty(&self) -> bool {
        self.parameters.is_empty()
    }

    /// Gives the parameter `name` of `model` one value per neuron of `shape`, drawn by
    /// `init` (a param state, replacing an earlier one of the same name). `name` must be one
    /// that `model` declares, and `Q` its type.
    pub(crate) fn insert<M: NeuronModel, Q: RealValue>(
        &mut self,
        model: &M,
        name: &str,
        shape: Shape,
        init: impl Initializer<Q> + 'static,
    ) -> Result<(), DynError> {
        let declared = declared(model);
        let Some(&(name, expected)) = declared.iter().find(|(known, _)| *known == name) else {
            let known: Vec<&str> = declared.iter().map(|(known, _)| *known).collect();
            let shown = format!("{name:?} ({} has: {})", M::NAME, known.join(", "));
            return Err(DynError::invalid(
                "parameter",
                shown,
                "must name a parameter of the model",
            ));
        };
        if Q::VALUE_TYPE != expected {
            let shown = format!("values in {} for a parameter in {expected}", Q::VALUE_TYPE);
            return Err(DynError::invalid(name, shown, "must have the parameter's unit"));
        }
        let values = Box::new(State::new(StateKind::Param, shape, init));
        self.parameters.retain(|p| p.name != name);
        self.parameters.push(PerNeuronParameter { name, values });
        Ok(())
    }

    /// The constants of every neuron for a step of `dt`, `len` of them (the neurons of every
    /// item of a batch: neuron `k` of the flat layout is neuron `k mod n` of the population
    /// of `n`): `model` with neuron `j`'s values, validated, for each `j`. An invalid value is
    /// an error that names the parameter, the neuron and the value.
    pub(crate) fn consts<M: NeuronModel, F: Precision>(
        &self,
        model: &M,
        dt: Time,
        n: usize,
        len: usize,
    ) -> Result<Vec<M::Consts<F>>, DynError> {
        let mut columns = Vec::with_capacity(self.parameters.len());
        for parameter in &self.parameters {
            let values = parameter.values.to_si();
            check_initialised(parameter.name, values.len())?;
            check_len(parameter.name, n, values.len())?;
            columns.push((parameter.name, parameter.values.value_type(), values));
        }
        let mut model = model.clone();
        let mut neurons = Vec::with_capacity(n);
        for j in 0..n {
            for (name, value_type, values) in &columns {
                if !values[j].is_finite() {
                    let shown = format!("{} {value_type} at neuron {j}", values[j]);
                    return Err(DynError::invalid(name, shown, "must be finite"));
                }
            }
            model.visit_parameters(&mut ParameterVisitor::new(&mut |name, field| {
                if let Some((_, _, values)) = columns.iter().find(|(known, ..)| *known == name) {
                    field.set_si(values[j]);
                }
            }));
            model.validate().map_err(|e| at_neuron(e, j))?;
            neurons.push(model.consts::<F>(dt));
        }
        Ok((0..len).map(|k| neurons[k % n]).collect())
    }

    /// Shows each parameter's values as a state named after the parameter.
    pub(crate) fn visit_states(&self, visitor: &mut Visit<'_>) {
        for parameter in &self.parameters {
            visitor.state(parameter.name, parameter.values.as_ref());
        }
    }

    /// Shows each parameter's values as a state named after the parameter, mutably.
    pub(crate) fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        for parameter in &mut self.parameters {
            visitor.state(parameter.name, parameter.values.as_mut());
        }
    }
}

/// Given values, one per neuron, as an initialiser (it draws nothing).
#[derive(Debug, Clone)]
pub(crate) struct GivenValues<Q>(pub(crate) Vec<Q>);

impl<Q: RealValue> Initializer<Q> for GivenValues<Q> {
    /// The values; a shape of another size is refused when the state is initialised (a
    /// population's parameters ignore the batch axis).
    fn values(&self, _shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<Q>, StateError> {
        Ok(self.0.clone())
    }
}

/// `error` about neuron `j`: an invalid value is shown with the neuron's index.
fn at_neuron(error: DynError, j: usize) -> DynError {
    match error {
        DynError::Units(UnitsError::Invalid { param, value, rule })
        | DynError::Invalid { param, value, rule } => {
            DynError::invalid(param, format!("{value} at neuron {j}"), rule)
        }
        other => other,
    }
}
