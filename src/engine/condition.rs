//! Conditions compiled for speed, evaluated in three-valued logic.
//!
//! Missing data is not zero: a test on an empty cell is `Unknown`, and a rule fires only on
//! `True`. The same logic tells the qualification checklist "undecided" from "failed".

use rustc_hash::FxHashSet;

use super::cell::{normalise_text, Day};
use super::email::{domain_or_parent, EmailFacts};
use super::phrases::Phrases;
use crate::model::condition::{compile_pattern, Regex};
use crate::model::{Condition, EmailCheck, FieldTest, FieldType, Scalar};

/// Kleene's three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    False,
    True,
    Unknown,
}

impl Tri {
    pub fn from(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

/// A condition tree whose leaves are indexes into the scorer's [`Leaf`] list. Each row's
/// leaf outcomes are computed once per field (see `values.rs`), so a test shared by several
/// rules, variants or criteria runs once, and the tree only combines outcomes.
#[derive(Debug)]
pub enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Leaf(usize),
}

/// One test on one field.
#[derive(Debug)]
pub struct Leaf {
    pub field: usize,
    pub test: Test,
    /// The test as the model wrote it: identical tests share one leaf, so a base rule that
    /// every segment variant keeps runs once per row, not once per variant.
    source: FieldTest,
}

#[derive(Debug)]
pub enum Test {
    /// equals / in / not_in on text, category and email fields (normalised text).
    TextIn {
        values: FxHashSet<String>,
        negate: bool,
    },
    NumberIn {
        values: Vec<f64>,
        negate: bool,
    },
    BoolIn {
        accept_true: bool,
        accept_false: bool,
    },
    /// Whole-word phrase search over normalised text.
    Contains(Phrases),
    Regex(Regex),
    /// `lo <= n <= hi`. Strict bounds (`gt`, `lt`) are stored as the next number inward
    /// (`n > 5` is `n >= 5.000000000000001`, exactly, since cells read as finite numbers), so
    /// every range is two comparisons without a branch on which kind of bound it has.
    Range {
        lo: f64,
        hi: f64,
    },
    /// `true`: the field has a value. (`missing: true` compiles to `Present(false)`.)
    Present(bool),
    Email(EmailCheck),
    DomainIn(FxHashSet<String>),
    WithinDays(f64),
    OlderThanDays(f64),
}

/// What compiling needs to know about the model's fields.
pub struct FieldIndex<'a> {
    pub names: &'a [String],
    pub kinds: &'a [FieldType],
}

impl FieldIndex<'_> {
    fn resolve(&self, name: &str) -> Result<(usize, FieldType), String> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| (i, self.kinds[i]))
            .ok_or_else(|| format!("unknown field '{name}'"))
    }
}

/// Compile a validated condition, adding its tests to `leaves`. Errors only arise for models
/// that skipped validation.
pub fn compile(
    cond: &Condition,
    fields: &FieldIndex,
    leaves: &mut Vec<Leaf>,
) -> Result<Node, String> {
    let each = |items: &[Condition], leaves: &mut Vec<Leaf>| {
        items
            .iter()
            .map(|c| compile(c, fields, leaves))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match cond {
        Condition::All(items) => Node::All(each(items, leaves)?),
        Condition::Any(items) => Node::Any(each(items, leaves)?),
        Condition::Not(inner) => Node::Not(Box::new(compile(inner, fields, leaves)?)),
        Condition::Field { field, test } => {
            let (index, kind) = fields.resolve(field)?;
            let same = |l: &Leaf| l.field == index && l.source == *test;
            if let Some(existing) = leaves.iter().position(same) {
                return Ok(Node::Leaf(existing));
            }
            leaves.push(Leaf {
                field: index,
                test: compile_test(test, kind)?,
                source: test.clone(),
            });
            Node::Leaf(leaves.len() - 1)
        }
    })
}

/// Reorder `leaves` so that each field's leaves sit side by side, fields in order (each
/// keeping its leaves' order); returns where each leaf went (its old index gives its new
/// one), for [`Node::renumber`]. A row's tests then run over one slice per field and write
/// their outcomes in order, with no list of indexes to follow.
pub fn group_by_field(leaves: &mut Vec<Leaf>) -> Vec<usize> {
    // A pass per field rather than a sort: models have a few dozen leaves, and a sort's code
    // would add 3 KB (gzip) to the chat widget's wasm.
    let view: &[Leaf] = leaves;
    let fields = view.iter().map(|l| l.field + 1).max().unwrap_or(0);
    let order: Vec<usize> = (0..fields)
        .flat_map(|f| (0..view.len()).filter(move |&l| view[l].field == f))
        .collect();
    let mut new_index = vec![0; leaves.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut taken: Vec<Option<Leaf>> = leaves.drain(..).map(Some).collect();
    leaves.extend(order.iter().filter_map(|&old| taken[old].take()));
    new_index
}

fn compile_test(test: &FieldTest, kind: FieldType) -> Result<Test, String> {
    let set_test = |values: &[Scalar], negate: bool| -> Result<Test, String> {
        Ok(match kind {
            FieldType::Number => Test::NumberIn {
                values: values
                    .iter()
                    .filter_map(|v| {
                        if let Scalar::Number(n) = v {
                            Some(*n)
                        } else {
                            None
                        }
                    })
                    .collect(),
                negate,
            },
            FieldType::Boolean => {
                let has = |b: bool| values.contains(&Scalar::Bool(b));
                let (t, f) = (has(true), has(false));
                if negate {
                    Test::BoolIn {
                        accept_true: !t,
                        accept_false: !f,
                    }
                } else {
                    Test::BoolIn {
                        accept_true: t,
                        accept_false: f,
                    }
                }
            }
            _ => Test::TextIn {
                values: values.iter().map(|v| normalised(&v.to_string())).collect(),
                negate,
            },
        })
    };
    Ok(match test {
        FieldTest::Equals(v) => set_test(std::slice::from_ref(v), false)?,
        FieldTest::In(vs) => set_test(vs, false)?,
        FieldTest::NotIn(vs) => set_test(vs, true)?,
        FieldTest::ContainsAny(phrases) => {
            let patterns: Vec<String> = phrases.iter().map(|p| normalised(p)).collect();
            Test::Contains(Phrases::new(patterns)?)
        }
        FieldTest::Matches(pattern) => Test::Regex(
            compile_pattern(pattern).map_err(|e| format!("not a valid regular expression: {e}"))?,
        ),
        FieldTest::Gte(n) => Test::Range {
            lo: *n,
            hi: f64::INFINITY,
        },
        FieldTest::Gt(n) => Test::Range {
            lo: n.next_up(),
            hi: f64::INFINITY,
        },
        FieldTest::Lte(n) => Test::Range {
            lo: f64::NEG_INFINITY,
            hi: *n,
        },
        FieldTest::Lt(n) => Test::Range {
            lo: f64::NEG_INFINITY,
            hi: n.next_down(),
        },
        FieldTest::Between(lo, hi) => Test::Range { lo: *lo, hi: *hi },
        FieldTest::Present(p) => Test::Present(*p),
        FieldTest::Missing(m) => Test::Present(!*m),
        FieldTest::IsTrue(b) => Test::BoolIn {
            accept_true: *b,
            accept_false: !*b,
        },
        FieldTest::EmailIs(check) => Test::Email(*check),
        FieldTest::DomainIn(domains) => Test::DomainIn(
            domains
                .iter()
                .map(|d| normalised(d.trim_start_matches('@')))
                .collect(),
        ),
        FieldTest::WithinDays(n) => Test::WithinDays(*n),
        FieldTest::OlderThanDays(n) => Test::OlderThanDays(*n),
    })
}

fn normalised(text: &str) -> String {
    let mut out = String::new();
    normalise_text(text, &mut out);
    out
}

impl Node {
    /// Point the tree's leaves at their new places: leaf `l` becomes `new_index[l]`.
    pub fn renumber(&mut self, new_index: &[usize]) {
        match self {
            Node::All(items) | Node::Any(items) => {
                items.iter_mut().for_each(|n| n.renumber(new_index));
            }
            Node::Not(inner) => inner.renumber(new_index),
            Node::Leaf(leaf) => *leaf = new_index[*leaf],
        }
    }

    /// Does the condition hold, given this row's leaf outcomes? Most rules test one thing,
    /// so a single leaf is answered here, inline, and only trees take the recursive walk.
    #[inline]
    pub fn eval(&self, outcomes: &[Tri]) -> Tri {
        match self {
            Node::Leaf(leaf) => outcomes[*leaf],
            tree => tree.eval_tree(outcomes),
        }
    }

    fn eval_tree(&self, outcomes: &[Tri]) -> Tri {
        match self {
            Node::All(items) => {
                let mut result = Tri::True;
                for item in items {
                    match item.eval(outcomes) {
                        Tri::False => return Tri::False,
                        Tri::Unknown => result = Tri::Unknown,
                        Tri::True => {}
                    }
                }
                result
            }
            Node::Any(items) => {
                let mut result = Tri::False;
                for item in items {
                    match item.eval(outcomes) {
                        Tri::True => return Tri::True,
                        Tri::Unknown => result = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                result
            }
            Node::Not(inner) => match inner.eval(outcomes) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                Tri::Unknown => Tri::Unknown,
            },
            Node::Leaf(leaf) => outcomes[*leaf],
        }
    }
}

impl Test {
    /// Does the test read the normalised text (not just whether there is a value)?
    pub fn needs_text(&self) -> bool {
        matches!(
            self,
            Test::TextIn { .. } | Test::Contains(_) | Test::Regex(_) | Test::DomainIn(_)
        )
    }

    // The test on one value, one method per kind of value: scoring knows each field's kind,
    // so it runs a small match per test. A test that does not suit the value's kind
    // (validation prevents it) is unknown. Text is normalised (see `normalise_text`).

    pub fn on_missing(&self) -> Tri {
        match self {
            Test::Present(want) => Tri::from(!*want),
            _ => Tri::Unknown,
        }
    }

    pub fn on_text(&self, text: &str) -> Tri {
        match self {
            Test::Present(want) => Tri::from(*want),
            Test::TextIn { values, negate } => Tri::from(values.contains(text) != *negate),
            Test::Contains(phrases) => Tri::from(phrases.found_in(text)),
            Test::Regex(re) => Tri::from(re.is_match(text)),
            _ => Tri::Unknown,
        }
    }

    pub fn on_email(&self, facts: EmailFacts, text: &str) -> Tri {
        match self {
            Test::Email(check) => Tri::from(match check {
                EmailCheck::Free => facts.free,
                EmailCheck::Disposable => facts.disposable,
                EmailCheck::Role => facts.role,
                EmailCheck::Invalid => !facts.valid,
                EmailCheck::Business => facts.valid && !facts.free && !facts.disposable,
            }),
            Test::DomainIn(_) => {
                let domain = text.get(usize::from(facts.domain_at)..).unwrap_or("");
                Tri::from(facts.valid && self.domain_in(domain))
            }
            other => other.on_text(text),
        }
    }

    /// A `domain_in` test on a valid address's domain (false for other tests).
    pub fn domain_in(&self, domain: &str) -> bool {
        match self {
            Test::DomainIn(domains) => domain_or_parent(domain, |d| domains.contains(d)),
            _ => false,
        }
    }

    #[inline]
    pub fn on_number(&self, n: f64) -> Tri {
        match self {
            Test::Range { lo, hi } => Tri::from((n >= *lo) & (n <= *hi)),
            Test::NumberIn { values, negate } => Tri::from(values.contains(&n) != *negate),
            Test::Present(want) => Tri::from(*want),
            _ => Tri::Unknown,
        }
    }

    #[inline]
    pub fn on_bool(&self, b: bool) -> Tri {
        match self {
            Test::BoolIn {
                accept_true,
                accept_false,
            } => Tri::from(if b { *accept_true } else { *accept_false }),
            Test::Present(want) => Tri::from(*want),
            _ => Tri::Unknown,
        }
    }

    #[inline]
    pub fn on_date(&self, day: Day, as_of: Option<Day>) -> Tri {
        match (self, as_of) {
            (Test::WithinDays(n), Some(today)) => Tri::from(f64::from(today - day) <= *n),
            (Test::OlderThanDays(n), Some(today)) => Tri::from(f64::from(today - day) > *n),
            (Test::Present(want), _) => Tri::from(*want),
            _ => Tri::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_grouped_by_field_answer_as_before() {
        // Tests on three number fields, met in an order that is not the fields', shared
        // between trees, under all / any / not.
        let kinds = [FieldType::Number; 3];
        let names = ["a", "b", "c"].map(String::from);
        let fields = FieldIndex {
            names: &names,
            kinds: &kinds,
        };
        let test = |field: &str, n: f64| Condition::Field {
            field: field.into(),
            test: FieldTest::Gte(n),
        };
        let conditions = [
            Condition::All(vec![test("c", 1.0), test("a", 1.0)]),
            Condition::Any(vec![
                test("b", 1.0),
                Condition::Not(Box::new(test("c", 2.0))),
                test("a", 1.0),
            ]),
            Condition::Not(Box::new(Condition::All(vec![
                test("a", 2.0),
                Condition::Any(vec![test("b", 2.0), test("c", 1.0)]),
            ]))),
            test("b", 1.0),
        ];
        let mut leaves = Vec::new();
        let mut trees: Vec<Node> = (conditions.iter())
            .map(|c| compile(c, &fields, &mut leaves).unwrap())
            .collect();
        let fields_before: Vec<usize> = leaves.iter().map(|l| l.field).collect();
        let sources_before: Vec<FieldTest> = leaves.iter().map(|l| l.source.clone()).collect();
        assert_eq!(
            fields_before,
            [2, 0, 1, 2, 0, 1],
            "the leaves begin out of order"
        );
        let before: Vec<Vec<Tri>> = (0..3usize.pow(6))
            .map(|mut code| {
                (0..6)
                    .map(|_| {
                        let t = [Tri::False, Tri::True, Tri::Unknown][code % 3];
                        code /= 3;
                        t
                    })
                    .collect()
            })
            .collect();
        let answers: Vec<Vec<Tri>> = (before.iter())
            .map(|outcomes| trees.iter().map(|t| t.eval(outcomes)).collect())
            .collect();

        let new_index = group_by_field(&mut leaves);
        trees.iter_mut().for_each(|t| t.renumber(&new_index));
        let fields_after: Vec<usize> = leaves.iter().map(|l| l.field).collect();
        assert_eq!(fields_after, [0, 0, 1, 1, 2, 2]);
        // Each field keeps its leaves' order, and each leaf keeps its test.
        assert_eq!(new_index, [4, 0, 2, 5, 1, 3]);
        for (old, &new) in new_index.iter().enumerate() {
            assert_eq!(leaves[new].field, fields_before[old]);
            assert_eq!(leaves[new].source, sources_before[old]);
        }
        for (outcomes, want) in before.iter().zip(&answers) {
            let mut moved = vec![Tri::Unknown; 6];
            for (old, &new) in new_index.iter().enumerate() {
                moved[new] = outcomes[old];
            }
            let got: Vec<Tri> = trees.iter().map(|t| t.eval(&moved)).collect();
            assert_eq!(&got, want, "{outcomes:?}");
        }
    }

    #[test]
    fn strict_bounds_stored_inward_compare_as_written() {
        let bounds = [
            0.0,
            -0.0,
            5.0,
            -5.0,
            0.1,
            1e300,
            -1e-300,
            f64::MIN_POSITIVE,
            1e6,
        ];
        let mut values: Vec<f64> = bounds.to_vec();
        for b in bounds {
            values.extend([b.next_up(), b.next_down(), b + 1.0, b - 1.0, b * 2.0]);
        }
        values.extend([f64::MAX, f64::MIN, 5e-324, -5e-324]);
        for b in bounds {
            let tests = [
                (FieldTest::Gt(b), (|n, b| n > b) as fn(f64, f64) -> bool),
                (FieldTest::Gte(b), |n, b| n >= b),
                (FieldTest::Lt(b), |n, b| n < b),
                (FieldTest::Lte(b), |n, b| n <= b),
                (FieldTest::Between(b, b + 1.0), |n, b| {
                    b <= n && n <= b + 1.0
                }),
            ];
            for (test, expected) in tests {
                let compiled = compile_test(&test, FieldType::Number).unwrap();
                for &n in &values {
                    let want = Tri::from(expected(n, b));
                    assert_eq!(compiled.on_number(n), want, "{test:?} on {n:e}");
                }
            }
        }
    }
}
