//! The scoring model users write: a plain, versioned JSON document (`"schema": "leadscore/1"`).
//!
//! - [`types`]: the serde types of every section (fields, groups, rules, grade, bands, ...).
//! - [`condition`]: the `when` language (`all`/`any`/`not` over field tests).
//! - `load`: JSON text -> [`Model`], reporting unknown keys and type errors with their paths.
//! - `validate`: semantic checks (references, thresholds, regexes) with their paths.
//!
//! [`Model::from_json`] runs all of it and returns every problem at once.

pub mod condition;
mod load;
pub mod types;
mod validate;

pub use condition::{Condition, EmailCheck, FieldTest, Scalar};
pub use load::{ModelError, Problem};
pub use types::*;

/// The only schema version this build reads.
pub const SCHEMA: &str = "leadscore/1";

impl Model {
    /// Parse and validate a model; every problem found is returned with its JSON path.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let model = load::parse(text)?;
        let problems = validate::validate(&model);
        if problems.is_empty() {
            Ok(model)
        } else {
            Err(ModelError { problems })
        }
    }

    /// Pretty JSON in the same format `from_json` reads.
    pub fn to_json(&self) -> String {
        // Serializing plain data structs to a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Names of the fields a lead needs, in the model's order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }
}
