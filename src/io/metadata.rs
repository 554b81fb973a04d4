use serde_json::{Map, Value};

/// Free-form facts about a run that an export writes into its JSON sidecar under `"metadata"`:
/// the network's name, the seed, and anything else a later reader needs.
///
/// ```
/// use neurodim::io::Metadata;
/// let meta = Metadata::new().network("COBA E/I").seed(42).with("duration_ms", 1000.0);
/// let json = serde_json::Value::Object(meta.to_json());
/// assert_eq!(json["network"], "COBA E/I");
/// assert_eq!(json["seed"], 42);
/// assert_eq!(json["duration_ms"], 1000.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    fields: Map<String, Value>,
}

impl Metadata {
    /// No metadata.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `"network"`: the name of the simulated network.
    pub fn network(self, name: impl Into<String>) -> Self {
        self.with("network", name.into())
    }

    /// Sets `"seed"`: the seed that makes the run reproducible.
    pub fn seed(self, seed: u64) -> Self {
        self.with("seed", seed)
    }

    /// Sets `key` to `value` (any JSON value: a number, a string, a list, …), replacing an
    /// earlier value of the same key.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    /// The fields as a JSON object.
    pub fn to_json(&self) -> Map<String, Value> {
        self.fields.clone()
    }
}

#[cfg(test)]
mod tests {
    use crate::io::Metadata;

    #[test]
    fn new_metadata_is_empty() {
        assert!(Metadata::new().to_json().is_empty());
    }

    #[test]
    fn network_name() {
        assert_eq!(Metadata::new().network("CUBA").to_json()["network"], "CUBA");
    }

    #[test]
    fn seed_as_given() {
        assert_eq!(Metadata::new().seed(7).to_json()["seed"], 7);
    }

    #[test]
    fn with_the_same_key_replaces_it() {
        let meta = Metadata::new().with("n_exc", 3200).with("n_exc", 3000);
        assert_eq!(meta.to_json()["n_exc"], 3000);
    }

    #[test]
    fn to_json_has_one_field_per_value() {
        assert_eq!(Metadata::new().seed(1).to_json().len(), 1);
    }
}
