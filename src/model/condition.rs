//! The `when` language.
//!
//! In JSON a condition is one of
//! `{"all": [..]}`, `{"any": [..]}`, `{"not": {..}}` or a field test
//! `{"field": "job_title", "<test>": <argument>}` with exactly one test.
//! It is read through a flat struct with every key optional ([`ConditionRepr`]) so that a
//! wrong combination gets a precise message instead of serde's "did not match any variant".

use serde::{Deserialize, Serialize};

/// A literal in a condition or a choice: text, number or boolean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ConditionRepr", into = "ConditionRepr")]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Field { field: String, test: FieldTest },
}

/// One test on one field. Text comparisons ignore case and surrounding whitespace.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldTest {
    Equals(Scalar),
    In(Vec<Scalar>),
    NotIn(Vec<Scalar>),
    /// Any of these words or phrases occurs as whole words.
    ContainsAny(Vec<String>),
    /// A regular expression (case-insensitive, linear time) finds a match.
    Matches(String),
    Gte(f64),
    Gt(f64),
    Lte(f64),
    Lt(f64),
    /// Inclusive range.
    Between(f64, f64),
    /// `true`: has a value; `false`: is empty.
    Present(bool),
    /// `true`: is empty; `false`: has a value.
    Missing(bool),
    /// `true`: the boolean is true; `false`: the boolean is false.
    IsTrue(bool),
    EmailIs(EmailCheck),
    /// The email's domain (or a parent domain) is in the list.
    DomainIn(Vec<String>),
    /// The date is at most this many days before `as_of`.
    WithinDays(f64),
    /// The date is more than this many days before `as_of`.
    OlderThanDays(f64),
}

impl FieldTest {
    /// Every test's JSON key, in the order the format documents them.
    pub const KEYS: [&'static str; 17] = [
        "equals",
        "in",
        "not_in",
        "contains_any",
        "matches",
        "gte",
        "gt",
        "lte",
        "lt",
        "between",
        "present",
        "missing",
        "is_true",
        "email_is",
        "domain_in",
        "within_days",
        "older_than_days",
    ];

    /// The JSON key of the test, for messages.
    pub fn key(&self) -> &'static str {
        match self {
            FieldTest::Equals(_) => "equals",
            FieldTest::In(_) => "in",
            FieldTest::NotIn(_) => "not_in",
            FieldTest::ContainsAny(_) => "contains_any",
            FieldTest::Matches(_) => "matches",
            FieldTest::Gte(_) => "gte",
            FieldTest::Gt(_) => "gt",
            FieldTest::Lte(_) => "lte",
            FieldTest::Lt(_) => "lt",
            FieldTest::Between(..) => "between",
            FieldTest::Present(_) => "present",
            FieldTest::Missing(_) => "missing",
            FieldTest::IsTrue(_) => "is_true",
            FieldTest::EmailIs(_) => "email_is",
            FieldTest::DomainIn(_) => "domain_in",
            FieldTest::WithinDays(_) => "within_days",
            FieldTest::OlderThanDays(_) => "older_than_days",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailCheck {
    /// gmail.com, outlook.com, ... (built-in list).
    Free,
    /// Throwaway inboxes: mailinator.com, ... (built-in list).
    Disposable,
    /// Shared inboxes: info@, sales@, support@, ...
    Role,
    /// Not a syntactically valid address.
    Invalid,
    /// Valid, and neither free nor disposable.
    Business,
}

impl Condition {
    /// Every field this condition reads.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit_fields(&mut |f| out.push(f));
        out
    }

    fn visit_fields<'a>(&'a self, f: &mut impl FnMut(&'a str)) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit_fields(f)),
            Condition::Not(c) => c.visit_fields(f),
            Condition::Field { field, .. } => f(field),
        }
    }
}

/// The JSON shape of a condition: every key optional, checked in `TryFrom`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConditionRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    equals: Option<Scalar>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    in_: Option<Vec<Scalar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_in: Option<Vec<Scalar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contains_any: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    matches: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gte: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lte: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    between: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    present: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    missing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_true: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email_is: Option<EmailCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    domain_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    within_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    older_than_days: Option<f64>,
}

impl TryFrom<ConditionRepr> for Condition {
    type Error = String;

    fn try_from(r: ConditionRepr) -> Result<Self, String> {
        let mut tests: Vec<FieldTest> = [
            r.equals.map(FieldTest::Equals),
            r.in_.map(FieldTest::In),
            r.not_in.map(FieldTest::NotIn),
            r.contains_any.map(FieldTest::ContainsAny),
            r.matches.map(FieldTest::Matches),
            r.gte.map(FieldTest::Gte),
            r.gt.map(FieldTest::Gt),
            r.lte.map(FieldTest::Lte),
            r.lt.map(FieldTest::Lt),
            r.between.map(|[a, b]| FieldTest::Between(a, b)),
            r.present.map(FieldTest::Present),
            r.missing.map(FieldTest::Missing),
            r.is_true.map(FieldTest::IsTrue),
            r.email_is.map(FieldTest::EmailIs),
            r.domain_in.map(FieldTest::DomainIn),
            r.within_days.map(FieldTest::WithinDays),
            r.older_than_days.map(FieldTest::OlderThanDays),
        ]
        .into_iter()
        .flatten()
        .collect();

        let combinators = [r.all.is_some(), r.any.is_some(), r.not.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if combinators > 1 || (combinators == 1 && (r.field.is_some() || !tests.is_empty())) {
            return Err(
                "a condition is either one of all/any/not or a field test, not both \
                        (wrap several tests in \"all\": [...])"
                    .into(),
            );
        }
        if let Some(all) = r.all {
            return Ok(Condition::All(all));
        }
        if let Some(any) = r.any {
            return Ok(Condition::Any(any));
        }
        if let Some(not) = r.not {
            return Ok(Condition::Not(not));
        }
        let Some(field) = r.field else {
            return Err(format!(
                "a condition needs \"all\", \"any\", \"not\" or \"field\" with one test ({})",
                FieldTest::KEYS.join(", ")
            ));
        };
        match tests.len() {
            1 => Ok(Condition::Field {
                field,
                test: tests.remove(0),
            }),
            0 => Err(format!(
                "condition on field '{field}' has no test; use one of: {}",
                FieldTest::KEYS.join(", ")
            )),
            _ => Err(format!(
                "condition on field '{field}' has {} tests ({}); use one per condition and \
                 combine them with \"all\": [...]",
                tests.len(),
                tests
                    .iter()
                    .map(FieldTest::key)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

impl From<Condition> for ConditionRepr {
    fn from(c: Condition) -> Self {
        let mut r = ConditionRepr::default();
        match c {
            Condition::All(v) => r.all = Some(v),
            Condition::Any(v) => r.any = Some(v),
            Condition::Not(c) => r.not = Some(c),
            Condition::Field { field, test } => {
                r.field = Some(field);
                match test {
                    FieldTest::Equals(v) => r.equals = Some(v),
                    FieldTest::In(v) => r.in_ = Some(v),
                    FieldTest::NotIn(v) => r.not_in = Some(v),
                    FieldTest::ContainsAny(v) => r.contains_any = Some(v),
                    FieldTest::Matches(v) => r.matches = Some(v),
                    FieldTest::Gte(v) => r.gte = Some(v),
                    FieldTest::Gt(v) => r.gt = Some(v),
                    FieldTest::Lte(v) => r.lte = Some(v),
                    FieldTest::Lt(v) => r.lt = Some(v),
                    FieldTest::Between(a, b) => r.between = Some([a, b]),
                    FieldTest::Present(v) => r.present = Some(v),
                    FieldTest::Missing(v) => r.missing = Some(v),
                    FieldTest::IsTrue(v) => r.is_true = Some(v),
                    FieldTest::EmailIs(v) => r.email_is = Some(v),
                    FieldTest::DomainIn(v) => r.domain_in = Some(v),
                    FieldTest::WithinDays(v) => r.within_days = Some(v),
                    FieldTest::OlderThanDays(v) => r.older_than_days = Some(v),
                }
            }
        }
        r
    }
}

/// A compiled `matches` pattern. With the `unicode-regex` feature (the CLI and the app) it is
/// the regex crate's: Unicode classes and case folding, and fast paths for bulk scoring.
/// Without it (the chat widget's wasm) it is regex-lite's: the same syntax with ASCII-only
/// classes and case folding, at a fraction of the size, for one lead at a time.
#[cfg(feature = "unicode-regex")]
pub use regex::Regex;
#[cfg(not(feature = "unicode-regex"))]
pub use regex_lite::Regex;

/// Compile a `matches` pattern as the engine runs it: case-insensitive, and refused when it
/// would compile to more than 1 MiB. The error is the regex library's explanation.
pub fn compile_pattern(pattern: &str) -> Result<Regex, String> {
    #[cfg(feature = "unicode-regex")]
    use regex::RegexBuilder;
    #[cfg(not(feature = "unicode-regex"))]
    use regex_lite::RegexBuilder;
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Condition, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    #[test]
    fn keys_lists_every_test_once() {
        let one_of_each = [
            FieldTest::Equals(Scalar::Bool(true)),
            FieldTest::In(vec![]),
            FieldTest::NotIn(vec![]),
            FieldTest::ContainsAny(vec![]),
            FieldTest::Matches(String::new()),
            FieldTest::Gte(0.0),
            FieldTest::Gt(0.0),
            FieldTest::Lte(0.0),
            FieldTest::Lt(0.0),
            FieldTest::Between(0.0, 1.0),
            FieldTest::Present(true),
            FieldTest::Missing(true),
            FieldTest::IsTrue(true),
            FieldTest::EmailIs(EmailCheck::Free),
            FieldTest::DomainIn(vec![]),
            FieldTest::WithinDays(1.0),
            FieldTest::OlderThanDays(1.0),
        ];
        let keys: Vec<&str> = one_of_each.iter().map(FieldTest::key).collect();
        assert_eq!(keys, FieldTest::KEYS);
    }

    #[test]
    fn field_test_round_trips() {
        let c = parse(r#"{"field":"title","contains_any":["vp","head of"]}"#).unwrap();
        assert_eq!(
            c,
            Condition::Field {
                field: "title".into(),
                test: FieldTest::ContainsAny(vec!["vp".into(), "head of".into()])
            }
        );
        let back = serde_json::to_string(&c).unwrap();
        assert_eq!(back, r#"{"field":"title","contains_any":["vp","head of"]}"#);
    }

    #[test]
    fn nested_combinators() {
        let c = parse(r#"{"all":[{"field":"a","gte":3},{"not":{"field":"b","missing":true}}]}"#)
            .unwrap();
        assert!(matches!(c, Condition::All(ref v) if v.len() == 2));
        assert_eq!(c.fields(), vec!["a", "b"]);
    }

    #[test]
    fn two_tests_is_an_error_naming_both() {
        let e = parse(r#"{"field":"a","gte":3,"lte":5}"#).unwrap_err();
        assert!(e.contains("gte, lte"), "{e}");
    }

    #[test]
    fn no_test_is_an_error() {
        let e = parse(r#"{"field":"a"}"#).unwrap_err();
        assert!(e.contains("has no test"), "{e}");
    }

    #[test]
    fn mixing_combinator_and_field_is_an_error() {
        let e = parse(r#"{"all":[],"field":"a","equals":1}"#).unwrap_err();
        assert!(e.contains("not both"), "{e}");
    }

    #[test]
    fn patterns_compile_case_insensitive_and_bad_ones_say_why() {
        // Both builds: the regex crate (feature unicode-regex) and regex-lite.
        let re = compile_pattern("^(test|asdf)[0-9._-]*@").unwrap();
        assert!(re.is_match("TEST_1@acme.io"));
        assert!(!re.is_match("ada@test.io"));
        assert!(!compile_pattern("(unclosed").unwrap_err().is_empty());
    }
}
