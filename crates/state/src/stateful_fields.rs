//! [`stateful_fields!`](crate::stateful_fields): the [`Stateful`](crate::Stateful) impl of a
//! struct whose states and children are fields.

/// Implements [`Stateful`](crate::Stateful) for a type whose states (`state`) and child models
/// (`child`) are fields, visited in the order listed under the given names. It writes the
/// read-only and the mutable walk from one list, so that the two can never disagree. A generic
/// type lists its parameters with one bound each: `stateful_fields!(Soma<F: Precision> { .. })`.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_state::stateful_fields;
///
/// struct Compartment {
///     v: State<Voltage>,
/// }
/// stateful_fields!(Compartment { state "V" => v });
///
/// struct Cell {
///     soma: Compartment,
///     dendrite: Compartment,
/// }
/// stateful_fields!(Cell { child "soma" => soma, child "dend" => dendrite });
///
/// let compartment = || Compartment { v: State::hidden(Shape::vector(2).unwrap(), Zero) };
/// let cell = Cell { soma: compartment(), dendrite: compartment() };
/// let paths: Vec<String> = list_states(&cell).into_iter().map(|s| s.path).collect();
/// assert_eq!(paths, ["soma.V", "dend.V"]);
/// ```
#[macro_export]
macro_rules! stateful_fields {
    ($ty:ident < $($g:ident : $bound:path),+ > { $($kind:ident $name:literal => $field:ident),+ $(,)? }) => {
        impl<$($g: $bound),+> $crate::Stateful for $ty<$($g),+> {
            fn visit_states(&self, visitor: &mut $crate::Visit<'_>) {
                $(visitor.$kind($name, &self.$field);)+
            }

            fn visit_states_mut(&mut self, visitor: &mut $crate::VisitMut<'_>) {
                $(visitor.$kind($name, &mut self.$field);)+
            }
        }
    };
    ($ty:ty { $($kind:ident $name:literal => $field:ident),+ $(,)? }) => {
        impl $crate::Stateful for $ty {
            fn visit_states(&self, visitor: &mut $crate::Visit<'_>) {
                $(visitor.$kind($name, &self.$field);)+
            }

            fn visit_states_mut(&mut self, visitor: &mut $crate::VisitMut<'_>) {
                $(visitor.$kind($name, &mut self.$field);)+
            }
        }
    };
}
