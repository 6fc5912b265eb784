//! Semantic checks of a well-formed model: every reference resolves, every test suits its
//! field's type, thresholds are ordered, regexes compile. All problems are collected.

use std::collections::HashSet;

use super::condition::{Condition, FieldTest, Scalar};
use super::load::Problem;
use super::types::{FieldType, Model, Rule, Tier};

struct Checker<'m> {
    model: &'m Model,
    problems: Vec<Problem>,
}

pub(super) fn validate(model: &Model) -> Vec<Problem> {
    let mut c = Checker {
        model,
        problems: Vec::new(),
    };
    c.check_model();
    c.problems
}

impl Checker<'_> {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn check_model(&mut self) {
        let m = self.model;
        if m.name.trim().is_empty() {
            self.problem("name", "must not be empty");
        }
        self.check_range("", m.min, m.max);
        for (name, def) in &m.fields {
            let path = format!("fields.{name}");
            if name.trim().is_empty() {
                self.problem(&path, "a field name must not be empty");
            }
            if def.date_format.is_some() && def.kind != FieldType::Date {
                self.problem(
                    format!("{path}.date_format"),
                    "only date fields take a date_format",
                );
            }
        }

        let mut group_ids = HashSet::new();
        let mut rule_ids = HashSet::new();
        for (g, group) in m.groups.iter().enumerate() {
            let path = format!("groups[{g}]");
            if !group_ids.insert(group.id.as_str()) {
                self.problem(
                    format!("{path}.id"),
                    format!("duplicate group id '{}'", group.id),
                );
            }
            self.check_range(&path, group.min, group.max);
            for (r, rule) in group.rules.iter().enumerate() {
                let path = format!("{path}.rules[{r}]");
                if !rule_ids.insert(rule.id.as_str()) {
                    self.problem(
                        format!("{path}.id"),
                        format!("duplicate rule id '{}'", rule.id),
                    );
                }
                self.check_rule(&path, rule);
            }
        }

        if let Some(grade) = &m.grade {
            let mut previous: Option<(&str, f64)> = None;
            for (letter, min) in grade {
                if !matches!(letter.as_str(), "A" | "B" | "C" | "D" | "E") {
                    self.problem(
                        format!("grade.{letter}"),
                        "grade letters are A, B, C, D and E (F is every lead below the lowest)",
                    );
                } else if let Some((prev, prev_min)) = previous {
                    if *min >= prev_min {
                        self.problem(
                            format!("grade.{letter}"),
                            format!("must be below grade {prev}'s minimum ({prev_min})"),
                        );
                    }
                }
                previous = Some((letter, *min));
            }
        }
        self.check_tiers("engagement_tiers", &m.engagement_tiers);
        self.check_tiers("bands", &m.bands);
        if let Some(h) = &m.handoff {
            if !m.bands.iter().any(|b| b.label == h.band) {
                self.problem("handoff.band", format!("no band is labelled '{}'", h.band));
            }
        }
        if let Some(scale) = &m.probability {
            for (key, value) in [("pdo", scale.pdo), ("base_odds", scale.base_odds)] {
                if !(value > 0.0 && value.is_finite()) {
                    self.problem(
                        format!("probability.{key}"),
                        format!("must be a number above 0, not {value}"),
                    );
                }
            }
        }

        if let Some(q) = &m.qualification {
            let mut ids = HashSet::new();
            for (list, items) in [("require", &q.require), ("disqualify", &q.disqualify)] {
                for (i, c) in items.iter().enumerate() {
                    let path = format!("qualification.{list}[{i}]");
                    if !ids.insert(c.id.as_str()) {
                        self.problem(
                            format!("{path}.id"),
                            format!("duplicate criterion id '{}'", c.id),
                        );
                    }
                    self.check_condition(&format!("{path}.when"), &c.when);
                }
            }
        }

        let mut stage_ids = HashSet::new();
        for (i, stage) in m.stages.iter().enumerate() {
            let path = format!("stages[{i}]");
            if !stage_ids.insert(stage.id.as_str()) {
                self.problem(
                    format!("{path}.id"),
                    format!("duplicate stage id '{}'", stage.id),
                );
            }
            match &stage.when {
                Some(cond) => self.check_condition(&format!("{path}.when"), cond),
                None if i + 1 < m.stages.len() => self.problem(
                    &path,
                    "a stage without \"when\" always matches, so the stages after it never do: \
                     put it last",
                ),
                None => {}
            }
        }

        self.check_segments(&rule_ids, &group_ids);
        self.check_conversation();
    }

    fn check_segments(&mut self, rule_ids: &HashSet<&str>, group_ids: &HashSet<&str>) {
        let m = self.model;
        let mut seen = HashSet::new();
        for (s, seg) in m.segments.iter().enumerate() {
            let path = format!("segments[{s}]");
            if !seen.insert(seg.id.as_str()) {
                self.problem(
                    format!("{path}.id"),
                    format!("duplicate segment id '{}'", seg.id),
                );
            }
            self.check_condition(&format!("{path}.when"), &seg.when);
            for id in seg.points.keys() {
                if !rule_ids.contains(id.as_str()) {
                    self.problem(
                        format!("{path}.points.{id}"),
                        format!("no rule has id '{id}'"),
                    );
                }
            }
            for (i, id) in seg.disable.iter().enumerate() {
                if !rule_ids.contains(id.as_str()) {
                    self.problem(
                        format!("{path}.disable[{i}]"),
                        format!("no rule has id '{id}'"),
                    );
                }
            }
            for (i, extra) in seg.add.iter().enumerate() {
                let path = format!("{path}.add[{i}]");
                if !group_ids.contains(extra.group.as_str()) {
                    self.problem(
                        format!("{path}.group"),
                        format!("no group has id '{}'", extra.group),
                    );
                }
                if rule_ids.contains(extra.rule.id.as_str()) {
                    self.problem(
                        format!("{path}.id"),
                        format!(
                            "rule id '{}' is already used by the base model",
                            extra.rule.id
                        ),
                    );
                }
                self.check_rule(&path, &extra.rule);
            }
            if !seg.bands.is_empty() {
                self.check_tiers(&format!("{path}.bands"), &seg.bands);
                if let Some(h) = &m.handoff {
                    if !seg.bands.iter().any(|b| b.label == h.band) {
                        self.problem(
                            format!("{path}.bands"),
                            format!(
                                "the handoff band '{}' must exist in every segment's bands",
                                h.band
                            ),
                        );
                    }
                }
            }
        }
    }

    fn check_conversation(&mut self) {
        let m = self.model;
        let Some(conv) = &m.conversation else { return };
        let mut ids = HashSet::new();
        for (i, q) in conv.questions.iter().enumerate() {
            let path = format!("conversation.questions[{i}]");
            if !ids.insert(q.id.as_str()) {
                self.problem(
                    format!("{path}.id"),
                    format!("duplicate question id '{}'", q.id),
                );
            }
            if q.ask.trim().is_empty() {
                self.problem(format!("{path}.ask"), "the question text must not be empty");
            }
            match m.fields.get(&q.field) {
                None => self.problem(format!("{path}.field"), self.unknown_field(&q.field)),
                Some(def) => {
                    for (c, choice) in q.choices.iter().enumerate() {
                        if let Some(msg) = scalar_mismatch(def.kind, choice.value()) {
                            self.problem(format!("{path}.choices[{c}]"), msg);
                        }
                    }
                }
            }
            if let Some(cond) = &q.ask_if {
                self.check_condition(&format!("{path}.ask_if"), cond);
            }
        }
        let segment_bands = m.segments.iter().flat_map(|s| s.bands.iter());
        let labels: HashSet<&str> = m
            .bands
            .iter()
            .chain(segment_bands)
            .map(|b| b.label.as_str())
            .collect();
        for key in conv.outcomes.keys() {
            if key != "disqualified" && !labels.contains(key.as_str()) {
                self.problem(
                    format!("conversation.outcomes.{key}"),
                    format!("'{key}' is neither a band label nor \"disqualified\""),
                );
            }
        }
    }

    fn check_rule(&mut self, path: &str, rule: &Rule) {
        if rule.id.trim().is_empty() {
            self.problem(format!("{path}.id"), "must not be empty");
        }
        self.check_condition(&format!("{path}.when"), &rule.when);
        self.check_range(path, rule.min, rule.max);
        if let Some(per) = &rule.per {
            self.check_field_kind(
                &format!("{path}.per.field"),
                &per.field,
                &[FieldType::Number],
            );
        }
        if let Some(decay) = &rule.decay {
            self.check_field_kind(
                &format!("{path}.decay.field"),
                &decay.field,
                &[FieldType::Date],
            );
            if decay.half_life_days.is_nan() || decay.half_life_days <= 0.0 {
                self.problem(
                    format!("{path}.decay.half_life_days"),
                    "must be more than 0",
                );
            }
        }
    }

    fn check_condition(&mut self, path: &str, cond: &Condition) {
        match cond {
            Condition::All(items) | Condition::Any(items) => {
                let key = if matches!(cond, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if items.is_empty() {
                    self.problem(format!("{path}.{key}"), "needs at least one condition");
                }
                for (i, c) in items.iter().enumerate() {
                    self.check_condition(&format!("{path}.{key}[{i}]"), c);
                }
            }
            Condition::Not(inner) => self.check_condition(&format!("{path}.not"), inner),
            Condition::Field { field, test } => {
                let Some(def) = self.model.fields.get(field) else {
                    self.problem(format!("{path}.field"), self.unknown_field(field));
                    return;
                };
                let at = format!("{path}.{}", test.key());
                if let Some(msg) = test_mismatch(def.kind, test) {
                    self.problem(
                        &at,
                        format!("{msg} (field '{field}' is {})", kind_name(def.kind)),
                    );
                    return;
                }
                self.check_test_argument(&at, def.kind, test);
            }
        }
    }

    fn check_test_argument(&mut self, at: &str, kind: FieldType, test: &FieldTest) {
        match test {
            FieldTest::Equals(v) => {
                if let Some(msg) = scalar_mismatch(kind, v) {
                    self.problem(at, msg);
                }
            }
            FieldTest::In(values) | FieldTest::NotIn(values) => {
                if values.is_empty() {
                    self.problem(at, "needs at least one value");
                }
                for (i, v) in values.iter().enumerate() {
                    if let Some(msg) = scalar_mismatch(kind, v) {
                        self.problem(format!("{at}[{i}]"), msg);
                    }
                }
            }
            FieldTest::ContainsAny(phrases) | FieldTest::DomainIn(phrases) => {
                if phrases.is_empty() {
                    self.problem(at, "needs at least one entry");
                }
                for (i, p) in phrases.iter().enumerate() {
                    if p.trim().is_empty() {
                        self.problem(format!("{at}[{i}]"), "must not be empty");
                    }
                }
            }
            FieldTest::Matches(pattern) => {
                if let Err(e) = super::condition::compile_pattern(pattern) {
                    self.problem(at, format!("not a valid regular expression: {e}"));
                }
            }
            FieldTest::Between(lo, hi) if lo > hi => {
                self.problem(
                    at,
                    format!("the lower bound {lo} is above the upper bound {hi}"),
                );
            }
            FieldTest::WithinDays(d) | FieldTest::OlderThanDays(d) if *d < 0.0 => {
                self.problem(at, "must not be negative");
            }
            _ => {}
        }
    }

    fn check_field_kind(&mut self, path: &str, field: &str, kinds: &[FieldType]) {
        match self.model.fields.get(field) {
            None => self.problem(path, self.unknown_field(field)),
            Some(def) if !kinds.contains(&def.kind) => self.problem(
                path,
                format!(
                    "field '{field}' is {}, but this needs a {} field",
                    kind_name(def.kind),
                    kind_name(kinds[0])
                ),
            ),
            Some(_) => {}
        }
    }

    fn check_range(&mut self, path: &str, min: Option<f64>, max: Option<f64>) {
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                let at = if path.is_empty() {
                    "min".to_string()
                } else {
                    format!("{path}.min")
                };
                self.problem(at, format!("min ({lo}) is above max ({hi})"));
            }
        }
    }

    /// Bands and tiers: best first, strictly decreasing minimums, the last a catch-all.
    fn check_tiers(&mut self, path: &str, tiers: &[Tier]) {
        let mut labels = HashSet::new();
        let mut previous: Option<f64> = None;
        for (i, tier) in tiers.iter().enumerate() {
            let at = format!("{path}[{i}]");
            if tier.label.trim().is_empty() {
                self.problem(format!("{at}.label"), "must not be empty");
            }
            if !labels.insert(tier.label.as_str()) {
                self.problem(
                    format!("{at}.label"),
                    format!("duplicate label '{}'", tier.label),
                );
            }
            let last = i + 1 == tiers.len();
            match (tier.min, last) {
                (None, false) => self.problem(
                    format!("{at}.min"),
                    "only the last entry may leave out \"min\" (it catches every lower score)",
                ),
                (Some(_), true) => self.problem(
                    format!("{at}.min"),
                    "the last entry catches every lower score: leave out its \"min\"",
                ),
                (Some(min), false) => {
                    if let Some(prev) = previous {
                        if min >= prev {
                            self.problem(
                                format!("{at}.min"),
                                format!("must be below the previous entry's minimum ({prev}): list best first"),
                            );
                        }
                    }
                    previous = Some(min);
                }
                (None, true) => {}
            }
        }
    }

    fn unknown_field(&self, field: &str) -> String {
        let known: Vec<&str> = self.model.fields.keys().map(String::as_str).collect();
        format!(
            "unknown field '{field}' (the model's fields: {})",
            known.join(", ")
        )
    }
}

fn kind_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Text => "text",
        FieldType::Category => "category",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Email => "email",
    }
}

/// Why `test` cannot apply to a field of `kind`, if it cannot.
fn test_mismatch(kind: FieldType, test: &FieldTest) -> Option<&'static str> {
    use FieldType::*;
    let ok = match test {
        FieldTest::Present(_) | FieldTest::Missing(_) => true,
        FieldTest::Equals(_) | FieldTest::In(_) | FieldTest::NotIn(_) => {
            matches!(kind, Text | Category | Number | Email | Boolean)
        }
        FieldTest::ContainsAny(_) | FieldTest::Matches(_) => {
            matches!(kind, Text | Category | Email)
        }
        FieldTest::Gte(_)
        | FieldTest::Gt(_)
        | FieldTest::Lte(_)
        | FieldTest::Lt(_)
        | FieldTest::Between(..) => kind == Number,
        FieldTest::IsTrue(_) => kind == Boolean,
        FieldTest::EmailIs(_) | FieldTest::DomainIn(_) => kind == Email,
        FieldTest::WithinDays(_) | FieldTest::OlderThanDays(_) => kind == Date,
    };
    if ok {
        return None;
    }
    Some(match test {
        FieldTest::Equals(_) | FieldTest::In(_) | FieldTest::NotIn(_) => {
            "dates are compared with within_days / older_than_days"
        }
        FieldTest::ContainsAny(_) | FieldTest::Matches(_) => {
            "phrase and pattern tests need a text, category or email field"
        }
        FieldTest::IsTrue(_) => "is_true needs a boolean field",
        FieldTest::EmailIs(_) | FieldTest::DomainIn(_) => "email tests need an email field",
        FieldTest::WithinDays(_) | FieldTest::OlderThanDays(_) => {
            "day-count tests need a date field"
        }
        _ => "number comparisons need a number field",
    })
}

/// Why the literal `v` can never equal a value of a field of `kind`, if so.
fn scalar_mismatch(kind: FieldType, v: &Scalar) -> Option<String> {
    match (kind, v) {
        (FieldType::Number, Scalar::Number(_)) | (FieldType::Boolean, Scalar::Bool(_)) => None,
        (FieldType::Number, _) => Some(format!(
            "'{v}' is not a number, and the field is a number field"
        )),
        (FieldType::Boolean, _) => Some(format!(
            "'{v}' is not true or false, and the field is boolean"
        )),
        (_, Scalar::Text(_)) => None,
        (_, _) => Some(format!(
            "'{v}' must be written as a string for a {} field",
            kind_name(kind)
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn problems(json: &str) -> Vec<String> {
        match Model::from_json(json) {
            Ok(_) => vec![],
            Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    const HEAD: &str = r#""schema":"leadscore/1","name":"t","fields":{
        "title":{"type":"text"},"employees":{"type":"number"},"seen":{"type":"date"},
        "email":{"type":"email"},"demo":{"type":"boolean"}}"#;

    #[test]
    fn a_test_on_the_wrong_field_type_names_both() {
        let p = problems(&format!(
            r#"{{{HEAD},"groups":[{{"id":"g","dimension":"fit","rules":[
                {{"id":"r","when":{{"field":"title","gte":3}},"points":1}}]}}]}}"#
        ));
        assert_eq!(
            p,
            ["groups[0].rules[0].when.gte: number comparisons need a number field (field 'title' is text)"]
        );
    }

    #[test]
    fn every_semantic_problem_is_reported_at_once() {
        let p = problems(&format!(
            r#"{{{HEAD},"groups":[{{"id":"g","dimension":"fit","min":10,"max":0,"rules":[
                {{"id":"r","when":{{"field":"titel","present":true}},"points":1}},
                {{"id":"r","when":{{"field":"title","matches":"(unclosed"}},"points":1,
                  "decay":{{"field":"employees","half_life_days":0}}}}]}}],
              "bands":[{{"label":"Cold"}},{{"label":"Hot","min":50}}],
              "handoff":{{"band":"Warm"}}}}"#
        ));
        let joined = p.join("\n");
        for expected in [
            "groups[0].min: min (10) is above max (0)",
            "groups[0].rules[0].when.field: unknown field 'titel'",
            "groups[0].rules[1].id: duplicate rule id 'r'",
            "groups[0].rules[1].when.matches: not a valid regular expression",
            "groups[0].rules[1].decay.field: field 'employees' is number, but this needs a date field",
            "groups[0].rules[1].decay.half_life_days: must be more than 0",
            "bands[0].min: only the last entry may leave out",
            "bands[1].min: the last entry catches every lower score",
            "handoff.band: no band is labelled 'Warm'",
        ] {
            assert!(joined.contains(expected), "missing {expected:?} in\n{joined}");
        }
    }

    #[test]
    fn grades_must_descend() {
        let p = problems(&format!(
            r#"{{{HEAD},"groups":[],"grade":{{"A":10,"B":20}}}}"#
        ));
        assert_eq!(p, ["grade.B: must be below grade A's minimum (10)"]);
    }

    #[test]
    fn a_probability_scale_needs_positive_pdo_and_odds() {
        let p = problems(&format!(
            r#"{{{HEAD},"groups":[],"probability":{{"pdo":0,"base_score":100,"base_odds":-1}}}}"#
        ));
        assert_eq!(
            p,
            [
                "probability.pdo: must be a number above 0, not 0",
                "probability.base_odds: must be a number above 0, not -1"
            ]
        );
        let ok = format!(r#"{{{HEAD},"groups":[],"probability":{{"pdo":20,"base_score":100}}}}"#);
        assert!(problems(&ok).is_empty());
        let scale = crate::model::Model::from_json(&ok)
            .unwrap()
            .probability
            .unwrap();
        assert_eq!(scale.base_odds, 1.0);
        assert!((scale.probability(100.0) - 0.5).abs() < 1e-12);
        assert!((scale.probability(120.0) - 2.0 / 3.0).abs() < 1e-12);
        assert!((scale.score_of(scale.probability(87.5)) - 87.5).abs() < 1e-9);
    }
}
