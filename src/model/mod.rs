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

    /// The fields as a form shows them (a calculator, a CRM sidebar), in the model's order.
    pub fn form_fields(&self) -> Vec<FormField> {
        (self.fields.iter())
            .map(|(name, def)| FormField {
                name: name.clone(),
                kind: def.kind,
                label: def.label.clone().unwrap_or_else(|| humanised(name)),
                values: def.values.clone(),
            })
            .collect()
    }
}

/// One field as a form shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FormField {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// The field's `label`, else its name with spaces for underscores and a capital letter
    /// ("monthly_leads" -> "Monthly leads"): never a bare identifier in front of a visitor.
    pub label: String,
    /// A category's known values (choices of a select).
    pub values: Vec<String>,
}

fn humanised(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_keep_the_model_order_and_give_every_field_a_label() {
        let model = Model::from_json(
            r#"{"schema": "leadscore/1", "name": "Form",
                "fields": {"monthly_leads": {"type": "number"},
                           "crm": {"type": "category", "label": "CRM", "values": ["HubSpot", "None"]},
                           "is-customer": {"type": "boolean"}},
                "groups": []}"#,
        )
        .unwrap();
        let fields = model.form_fields();
        let summary: Vec<(&str, FieldType, &str)> = (fields.iter())
            .map(|f| (f.name.as_str(), f.kind, f.label.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("monthly_leads", FieldType::Number, "Monthly leads"),
                ("crm", FieldType::Category, "CRM"),
                ("is-customer", FieldType::Boolean, "Is customer"),
            ]
        );
        assert_eq!(fields[1].values, ["HubSpot", "None"]);
        assert!(fields[0].values.is_empty());
    }
}
