//! JSON text -> [`Model`], with located problems.
//!
//! serde stops at the first type error, and `deny_unknown_fields` at the first unknown key.
//! Users fixing a model want the whole list, so:
//! - unknown keys are collected with `serde_ignored` (deserialization carries on);
//! - when the whole document fails, each field definition, group, rule and section is
//!   deserialized on its own, so a type error in one rule does not hide one in another.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::condition::FieldTest;
use super::types::{Criterion, FieldDef, Model, Question, Rule, Segment, Stage};
use super::SCHEMA;

/// One thing wrong with a model, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path such as `groups[1].rules[3].when.field`; empty for the whole document.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the model has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelError {}

impl ModelError {
    pub(crate) fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError {
            problems: vec![Problem {
                path: path.into(),
                message: message.into(),
            }],
        }
    }
}

pub(super) fn parse(text: &str) -> Result<Model, ModelError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        ModelError::one(
            "",
            format!(
                "not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    check_schema(&value)?;
    let mut problems = Vec::new();
    match typed::<Model>(&value, "", &mut problems) {
        Some(model) if problems.is_empty() => Ok(model),
        Some(_) => Err(ModelError { problems }),
        None => {
            // The first type error is known; look at each part alone for the others. That
            // deserializes each part type on its own, which doubles the deserializer code:
            // the widget's build (without "all-problems") reports the first error only.
            if cfg!(feature = "all-problems") {
                problems.clear();
                collect_part_problems(&value, &mut problems);
                if problems.is_empty() {
                    // The failing part is one we do not split (a top-level key): as is.
                    typed::<Model>(&value, "", &mut problems);
                }
            }
            Err(ModelError { problems })
        }
    }
}

/// Checked first, so a model of another format gets one clear message, not fifty.
fn check_schema(value: &Value) -> Result<(), ModelError> {
    let Some(obj) = value.as_object() else {
        return Err(ModelError::one(
            "",
            "a model is a JSON object ({ \"schema\": \"leadscore/1\", ... })",
        ));
    };
    match obj.get("schema") {
        Some(Value::String(s)) if s == SCHEMA => Ok(()),
        Some(Value::String(s)) => Err(ModelError::one(
            "schema",
            format!("unsupported schema '{s}': this version of leadscore reads '{SCHEMA}'"),
        )),
        Some(_) => Err(ModelError::one(
            "schema",
            format!("must be the string \"{SCHEMA}\""),
        )),
        None => Err(ModelError::one(
            "schema",
            format!("missing: add \"schema\": \"{SCHEMA}\""),
        )),
    }
}

/// Deserialize `value` (found at `base`) as `T`, recording unknown keys and the type error.
pub(super) fn typed<T: DeserializeOwned>(
    value: &Value,
    base: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let mut unknown = Vec::new();
    let result = {
        let mut on_unknown = |path: serde_ignored::Path| unknown.push(path_string(&path));
        let ignoring = serde_ignored::Deserializer::new(value, &mut on_unknown);
        located::<T, _>(ignoring)
    };
    for path in unknown {
        let key = path.rsplit('.').next().unwrap_or(&path);
        let message = format!("unknown key '{key}'{}", hint(key));
        problems.push(Problem {
            path: join(base, &path),
            message,
        });
    }
    match result {
        Ok(t) => Some(t),
        Err((path, message)) => {
            problems.push(Problem {
                path: join(base, &path),
                message,
            });
            None
        }
    }
}

/// Deserialize, or say why and where (the JSON path, empty for the document itself).
#[cfg(feature = "all-problems")]
fn located<'de, T: DeserializeOwned, D>(deserializer: D) -> Result<T, (String, String)>
where
    D: serde::Deserializer<'de>,
{
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, e.into_inner().to_string())
    })
}

/// The widget's build leaves serde_path_to_error out (its wrappers double the deserializer
/// code): the error says what, and the app's model check says where.
#[cfg(not(feature = "all-problems"))]
fn located<'de, T: DeserializeOwned, D>(deserializer: D) -> Result<T, (String, String)>
where
    D: serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map_err(|e| {
        (
            String::new(),
            format!("{e} (the leadscore app's model check shows where)"),
        )
    })
}

/// Deserialize the parts of a model one by one, to report each part's own error.
fn collect_part_problems(value: &Value, problems: &mut Vec<Problem>) {
    fn each<T: DeserializeOwned>(value: Option<&Value>, base: &str, problems: &mut Vec<Problem>) {
        if let Some(Value::Array(items)) = value {
            for (i, item) in items.iter().enumerate() {
                typed::<T>(item, &format!("{base}[{i}]"), problems);
            }
        }
    }
    if let Some(Value::Object(fields)) = value.get("fields") {
        for (name, def) in fields {
            typed::<FieldDef>(def, &format!("fields.{name}"), problems);
        }
    }
    if let Some(Value::Array(groups)) = value.get("groups") {
        for (g, group) in groups.iter().enumerate() {
            let base = format!("groups[{g}]");
            let mut shell = group.clone();
            if let Some(obj) = shell.as_object_mut() {
                obj.insert("rules".into(), Value::Array(vec![]));
            }
            typed::<super::types::Group>(&shell, &base, problems);
            each::<Rule>(group.get("rules"), &format!("{base}.rules"), problems);
        }
    }
    if let Some(q) = value.get("qualification") {
        each::<Criterion>(q.get("require"), "qualification.require", problems);
        each::<Criterion>(q.get("disqualify"), "qualification.disqualify", problems);
    }
    each::<Stage>(value.get("stages"), "stages", problems);
    each::<Segment>(value.get("segments"), "segments", problems);
    if let Some(c) = value.get("conversation") {
        each::<Question>(c.get("questions"), "conversation.questions", problems);
    }
}

/// `groups[0].rules[2].when`: the same notation serde_path_to_error uses.
fn path_string(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", path_string(parent)),
        Path::Map { parent, key } => join(&path_string(parent), key),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_string(parent),
    }
}

fn join(base: &str, path: &str) -> String {
    match (base.is_empty(), path.is_empty()) {
        (true, _) => path.to_string(),
        (false, true) => base.to_string(),
        (false, false) if path.starts_with('[') => format!("{base}{path}"),
        _ => format!("{base}.{path}"),
    }
}

/// A "did you mean" for the keys people mistype most.
fn hint(key: &str) -> String {
    const KNOWN: &[&str] = &[
        "schema",
        "name",
        "description",
        "version",
        "fields",
        "groups",
        "min",
        "max",
        "grade",
        "engagement_tiers",
        "bands",
        "handoff",
        "probability",
        "pdo",
        "base_score",
        "base_odds",
        "qualification",
        "stages",
        "segments",
        "conversation",
        "type",
        "label",
        "aliases",
        "values",
        "date_format",
        "id",
        "dimension",
        "rules",
        "when",
        "points",
        "per",
        "decay",
        "enabled",
        "field",
        "half_life_days",
        "band",
        "unless_disqualified",
        "require",
        "disqualify",
        "disable",
        "add",
        "group",
        "greeting",
        "questions",
        "stop_when_disqualified",
        "stop_when_decided",
        "outcomes",
        "ask",
        "choices",
        "ask_if",
        "placeholder",
        "optional",
        "message",
        "link",
        "url",
        "value",
        "all",
        "any",
        "not",
    ];
    let best = KNOWN
        .iter()
        .chain(FieldTest::KEYS.iter())
        .map(|k| (edit_distance(k, key), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len())
        .min();
    match best {
        Some((_, k)) => format!(" (did you mean '{k}'?)"),
        None => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_all_reported_with_paths_and_hints() {
        let text = r#"{"schema":"leadscore/1","name":"m","fields":{"t":{"type":"text","alias":["x"]}},
          "groups":[{"id":"g","dimension":"fit","rules":[
            {"id":"r","when":{"feild":"t","present":true},"points":1}]}]}"#;
        let err = parse(text).unwrap_err();
        let paths: Vec<_> = err.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            paths.contains(&"fields.t.alias: unknown key 'alias' (did you mean 'aliases'?)".into()),
            "{paths:?}"
        );
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("groups[0].rules[0].when.feild: unknown key 'feild'")),
            "{paths:?}"
        );
    }

    const TWO_TYPE_ERRORS: &str = r#"{"schema":"leadscore/1","name":"m","fields":{},
          "groups":[{"id":"g","dimension":"fit","rules":[
            {"id":"a","when":{"field":"t","present":true},"pints":1,"points":"ten"},
            {"id":"b","when":{"field":"t","gte":"x"},"points":1}]}]}"#;

    #[cfg(feature = "all-problems")]
    #[test]
    fn type_errors_in_two_rules_are_both_reported() {
        let err = parse(TWO_TYPE_ERRORS).unwrap_err();
        let paths: Vec<_> = err.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "groups[0].rules[0].pints",
                "groups[0].rules[0].points",
                "groups[0].rules[1].when.gte"
            ]
        );
    }

    /// The widget's build: unknown keys with their paths, then the first type error alone.
    #[cfg(not(feature = "all-problems"))]
    #[test]
    fn without_all_problems_the_first_type_error_is_reported_without_its_path() {
        let err = parse(TWO_TYPE_ERRORS).unwrap_err();
        let found: Vec<_> = (err.problems.iter())
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0],
            (
                "groups[0].rules[0].pints",
                "unknown key 'pints' (did you mean 'points'?)"
            )
        );
        assert_eq!(found[1].0, "");
        assert!(
            found[1].1.contains("invalid type: string \"ten\""),
            "{found:?}"
        );
        assert!(found[1]
            .1
            .ends_with("(the leadscore app's model check shows where)"));
    }

    #[test]
    fn wrong_schema_is_one_clear_message() {
        let err = parse(r#"{"schema":"leadscore/9"}"#).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(err.to_string().contains("unsupported schema 'leadscore/9'"));
    }

    #[test]
    fn syntax_error_gives_line_and_column() {
        let err = parse("{\n  \"schema\": \"leadscore/1\",\n  oops\n}").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
