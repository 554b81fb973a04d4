use neurodim_state::{SiDimension, ValueType};

/// The SI unit in which an exported value of type `value_type` is stored: the named unit where
/// SI has one (`V`, `S`, `A`, `s`, `Hz`, …), else the dimension in base units
/// (`m^-2 kg^-1 s^3 A^2`); `"1"` for dimensionless numbers, `"bool"` for booleans (stored
/// as 0 or 1) and `"stream"` for a random stream's position (eight 32-bit integers).
///
/// ```
/// use neurodim::io::si_unit;
/// use neurodim::state::StateValue;
/// use neurodim::units::*;
/// assert_eq!(si_unit(<Voltage as StateValue>::VALUE_TYPE), "V");
/// assert_eq!(si_unit(<Conductance as StateValue>::VALUE_TYPE), "S");
/// assert_eq!(si_unit(<Ratio as StateValue>::VALUE_TYPE), "1");
/// assert_eq!(si_unit(<bool as StateValue>::VALUE_TYPE), "bool");
/// assert_eq!(si_unit(<ConductanceDensity as StateValue>::VALUE_TYPE), "S/m^2");
/// ```
pub fn si_unit(value_type: ValueType) -> String {
    // Exponents of (m, kg, s, A, K, mol, cd).
    const NAMED: &[([i8; 7], &str)] = &[
        ([0, 0, 0, 0, 0, 0, 0], "1"),
        ([2, 1, -3, -1, 0, 0, 0], "V"),
        ([0, 0, 0, 1, 0, 0, 0], "A"),
        ([-2, -1, 3, 2, 0, 0, 0], "S"),
        ([-2, -1, 4, 2, 0, 0, 0], "F"),
        ([2, 1, -3, -2, 0, 0, 0], "ohm"),
        ([0, 0, 1, 1, 0, 0, 0], "C"),
        ([0, 0, 1, 0, 0, 0, 0], "s"),
        ([0, 0, -1, 0, 0, 0, 0], "Hz"),
        ([-3, 0, 0, 0, 0, 1, 0], "mol/m^3"),
        ([2, 0, 0, 0, 0, 0, 0], "m^2"),
        ([-4, -1, 3, 2, 0, 0, 0], "S/m^2"),
        ([-2, 0, 0, 1, 0, 0, 0], "A/m^2"),
        ([-4, -1, 4, 2, 0, 0, 0], "F/m^2"),
        ([2, 1, -4, -1, 0, 0, 0], "V/s"),
        ([0, 0, -1, 1, 0, 0, 0], "A/s"),
        ([-2, -1, 2, 2, 0, 0, 0], "S/s"),
    ];
    match value_type {
        ValueType::Bool => "bool".into(),
        ValueType::Stream => "stream".into(),
        ValueType::Real(SiDimension(exponents)) => NAMED
            .iter()
            .find(|(named, _)| *named == exponents)
            .map_or_else(|| SiDimension(exponents).to_string(), |(_, symbol)| (*symbol).into()),
    }
}
