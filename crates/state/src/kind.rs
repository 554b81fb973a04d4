/// What role a state plays, following brainstate's state hierarchy. The kind decides what
/// [`reset_all`](crate::reset_all) touches, what a checkpoint holds, what an optimiser sees.
///
/// ```
/// use neurodim_state::prelude::*;
/// assert!(StateKind::Hidden.is_reset());
/// assert!(!StateKind::Param.is_reset());
/// assert_eq!(StateKind::Param.to_string(), "param");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateKind {
    /// A dynamical variable (V, g, gating variables): reset by `reset_all`.
    Hidden,
    /// A per-step value (spikes, last spike times, accumulators): reset by `reset_all`.
    ShortTerm,
    /// A persistent statistic that survives resets.
    LongTerm,
    /// A learnable weight: survives resets; what an optimiser updates.
    Param,
}

impl StateKind {
    /// Whether [`reset_all`](crate::reset_all) restores states of this kind (hidden and
    /// short-term do; long-term and param keep their values).
    pub fn is_reset(self) -> bool {
        matches!(self, StateKind::Hidden | StateKind::ShortTerm)
    }
}

impl core::fmt::Display for StateKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            StateKind::Hidden => "hidden",
            StateKind::ShortTerm => "short_term",
            StateKind::LongTerm => "long_term",
            StateKind::Param => "param",
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::StateKind;

    #[test]
    fn short_term_is_reset_long_term_is_not() {
        assert!(StateKind::ShortTerm.is_reset());
        assert!(!StateKind::LongTerm.is_reset());
    }
}
