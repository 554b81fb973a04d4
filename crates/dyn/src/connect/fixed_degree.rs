//! The sampling shared by the fixed out-degree and fixed in-degree rules: every row draws
//! exactly `degree` partners from a candidate population.

use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::sampling::sample_positions;

/// `degree` partners for each of `n_rows` rows, from `n_candidates` candidates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FixedDegree {
    pub(crate) n_rows: usize,
    pub(crate) n_candidates: usize,
    pub(crate) degree: usize,
    pub(crate) self_connections: bool,
    pub(crate) multapses: bool,
}

impl FixedDegree {
    /// Checks that the options can be met and that the total fits the `u32` CSR.
    pub(crate) fn validate(&self) -> Result<(), DynError> {
        let available = self.n_candidates - usize::from(!self.self_connections);
        if self.degree > 0 && available == 0 {
            return Err(DynError::invalid(
                "degree",
                self.degree,
                "needs at least one candidate besides the neuron itself",
            ));
        }
        if !self.multapses && self.degree > available {
            return Err(DynError::invalid(
                "degree",
                self.degree,
                "must be <= the number of distinct candidates without multapses \
                 (the other population's size, minus 1 without self-connections)",
            ));
        }
        match self.n_rows.checked_mul(self.degree) {
            Some(total) if u32::try_from(total).is_ok() => Ok(()),
            _ => Err(DynError::invalid(
                "degree",
                self.degree,
                "gives more than 4294967295 synapses in total",
            )),
        }
    }

    /// Calls `emit(partners)` for each row in order, `partners` ascending.
    ///
    /// Row `r` draws `degree` positions from `m = n_candidates` candidates, or from `m − 1`
    /// when self-connections are off and `r < n_candidates`, in which case a position `c ≥ r`
    /// maps to partner `c + 1` (so `r` is skipped). Positions come from
    /// [`sample_positions`]: independent uniform draws with multapses, Floyd's algorithm
    /// without. Must be called on a validated spec.
    pub(crate) fn for_each_row(
        &self,
        rng: &mut StreamRng,
        mut emit: impl FnMut(&[u32]) -> Result<(), DynError>,
    ) -> Result<(), DynError> {
        let mut marks = if self.multapses { Vec::new() } else { vec![false; self.n_candidates] };
        let mut row_buf = Vec::with_capacity(self.degree);
        let k = self.degree as u32;
        for r in 0..self.n_rows {
            row_buf.clear();
            let excluded = (!self.self_connections && r < self.n_candidates).then_some(r as u32);
            let m = self.n_candidates as u32 - u32::from(excluded.is_some());
            sample_positions(rng, m, k, self.multapses, &mut marks, &mut row_buf);
            if let Some(x) = excluded {
                row_buf.iter_mut().filter(|c| **c >= x).for_each(|c| *c += 1);
            }
            emit(&row_buf)?;
        }
        Ok(())
    }
}
