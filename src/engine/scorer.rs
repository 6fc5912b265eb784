//! The compiled model and the scoring pass.

use chrono::NaiveDate;

use super::cell::{day_number, Day};
use super::condition::{compile, group_by_field, FieldIndex, Leaf, Node, Tri};
use super::mapping::Mapping;
use super::record::Record;
use super::result::*;
use super::values::{FieldReader, Slot, Values};
use crate::model::{
    Condition, Dimension, FieldTest, FieldType, Model, ModelError, Problem, Rule, Tier,
};

/// Settings that are not part of the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// The day dates are measured against (decay, within_days, older_than_days). Required
    /// when the model uses dates: scores must not change with the day they are computed.
    pub as_of: Option<NaiveDate>,
}

const GRADE_LETTERS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// A model compiled against one column layout. Build once, score many rows.
#[derive(Debug)]
pub struct Scorer {
    model: Model,
    readers: Vec<FieldReader>,
    /// Every test of every condition; nodes refer to them by index.
    leaves: Vec<Leaf>,
    as_of: Option<Day>,
    /// The base model, then one variant per segment.
    variants: Vec<Variant>,
    segments: Vec<Node>,
    stages: Vec<Option<Node>>,
    require: Vec<Node>,
    disqualify: Vec<Node>,
    /// `ask_if` of each conversation question (`None`: always asked).
    asks: Vec<Option<Node>>,
    /// Minimum fit per grade, A first (only letters the model defines).
    grade: Vec<(u8, f64)>,
    tiers: Vec<Option<f64>>,
    /// The most rules a variant has (what a receipt may list).
    rule_count: usize,
    /// Per variant, each of its bands' place in [`Scorer::band_labels`]: batch scoring
    /// files a row's band by that place, without comparing label text row after row.
    band_places: Vec<Vec<usize>>,
}

#[derive(Debug)]
struct Variant {
    groups: Vec<CompiledGroup>,
    bands: Vec<Tier>,
    handoff: Option<usize>,
}

#[derive(Debug)]
struct CompiledGroup {
    index: usize,
    dimension: Dimension,
    min: Option<f64>,
    max: Option<f64>,
    rules: Vec<CompiledRule>,
    /// The rules that test one thing and give fixed points, as [`CompiledGroup::raw_points`]
    /// reads them.
    fixed: Vec<FixedRule>,
    /// Indexes into `rules` of the others (points per occurrence, caps, decay, trees).
    others: Vec<usize>,
}

/// A rule that tests one leaf and gives fixed points: its points for each outcome of the
/// test, indexed by the [`Tri`] itself. A load instead of a branch, since whether a rule
/// fires is data that the branch predictor mostly guesses wrong.
#[derive(Debug, Clone, Copy)]
struct FixedRule {
    by_outcome: [f64; 3],
    leaf: usize,
}

impl CompiledGroup {
    /// The group's points before its caps: the fixed-points rules, then the others in
    /// order. Batch scoring and receipts both sum through here, so their totals agree to
    /// the last bit even for fractional points.
    /// `other(r)`: the points of `rules[r]`, one of the others.
    fn raw_points(&self, values: &Values, mut other: impl FnMut(usize) -> f64) -> f64 {
        // Four running sums, not one: a single sum is a chain of dependent additions (four
        // cycles each) that made up half of a 25-rule row's scoring time.
        let outcomes = values.outcomes();
        let points = |r: &FixedRule| r.by_outcome[outcomes[r.leaf] as usize];
        let mut lanes = [0.0; 4];
        let mut quads = self.fixed.chunks_exact(4);
        for quad in &mut quads {
            for (lane, rule) in lanes.iter_mut().zip(quad) {
                *lane += points(rule);
            }
        }
        for (lane, rule) in lanes.iter_mut().zip(quads.remainder()) {
            *lane += points(rule);
        }
        let mut sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        for &r in &self.others {
            sum += other(r);
        }
        sum
    }
}

#[derive(Debug)]
struct CompiledRule {
    id: String,
    label: String,
    when: Node,
    points: f64,
    per: Option<(usize, f64)>,
    min: Option<f64>,
    max: Option<f64>,
    decay: Option<(usize, f64)>,
}

impl CompiledRule {
    /// The rule as a [`FixedRule`], when it is one.
    fn fixed(&self) -> Option<FixedRule> {
        let fixed =
            self.per.is_none() && self.decay.is_none() && self.min.is_none() && self.max.is_none();
        match self.when {
            Node::Leaf(leaf) if fixed => {
                let mut by_outcome = [0.0; 3];
                by_outcome[Tri::True as usize] = self.points;
                Some(FixedRule { by_outcome, leaf })
            }
            _ => None,
        }
    }
}

/// Scratch space for scoring many rows without allocating per row.
#[derive(Debug)]
pub struct Scratch {
    values: Values,
}

impl Scorer {
    /// Compile `model` for rows whose columns are given by `mapping`.
    pub fn new(
        model: &Model,
        mapping: &Mapping,
        options: ScoreOptions,
    ) -> Result<Scorer, ModelError> {
        let names: Vec<String> = model.fields.keys().cloned().collect();
        let kinds: Vec<FieldType> = model.fields.values().map(|f| f.kind).collect();
        let index = FieldIndex {
            names: &names,
            kinds: &kinds,
        };
        let mut problems = Vec::new();
        for (field, _) in mapping.iter() {
            if !model.fields.contains_key(field) {
                problems.push(Problem {
                    path: format!("mapping.{field}"),
                    message: "the model has no such field".into(),
                });
            }
        }
        let mut leaves = Vec::new();
        let mut compile_at = |path: String, cond: &Condition| -> Node {
            compile(cond, &index, &mut leaves).unwrap_or_else(|message| {
                problems.push(Problem { path, message });
                Node::All(vec![])
            })
        };

        let mut variants = vec![compile_variant(model, None, &mut compile_at)];
        let mut segments = Vec::new();
        for (s, segment) in model.segments.iter().enumerate() {
            segments.push(compile_at(format!("segments[{s}].when"), &segment.when));
            variants.push(compile_variant(model, Some(s), &mut compile_at));
        }
        let mut stages: Vec<Option<Node>> = (model.stages.iter().enumerate())
            .map(|(i, st)| {
                st.when
                    .as_ref()
                    .map(|w| compile_at(format!("stages[{i}].when"), w))
            })
            .collect();
        let questions = model
            .conversation
            .iter()
            .flat_map(|c| c.questions.iter().enumerate());
        let mut asks: Vec<Option<Node>> = questions
            .map(|(i, q)| {
                let path = format!("conversation.questions[{i}].ask_if");
                q.ask_if.as_ref().map(|c| compile_at(path, c))
            })
            .collect();
        let (mut require, mut disqualify) = (Vec::new(), Vec::new());
        if let Some(q) = &model.qualification {
            for (i, c) in q.require.iter().enumerate() {
                require.push(compile_at(
                    format!("qualification.require[{i}].when"),
                    &c.when,
                ));
            }
            for (i, c) in q.disqualify.iter().enumerate() {
                disqualify.push(compile_at(
                    format!("qualification.disqualify[{i}].when"),
                    &c.when,
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ModelError { problems });
        }

        // Each field's tests side by side (group_by_field); every tree and fixed-points rule
        // follows its leaves to their new places.
        let new_index = group_by_field(&mut leaves);
        for group in variants.iter_mut().flat_map(|v| v.groups.iter_mut()) {
            for rule in &mut group.rules {
                rule.when.renumber(&new_index);
            }
            for fixed in &mut group.fixed {
                fixed.leaf = new_index[fixed.leaf];
            }
        }
        let optional = stages.iter_mut().chain(asks.iter_mut()).flatten();
        let other_trees = segments
            .iter_mut()
            .chain(&mut require)
            .chain(&mut disqualify);
        for tree in optional.chain(other_trees) {
            tree.renumber(&new_index);
        }

        let used = used_fields(model, &names);
        if options.as_of.is_none() && uses_dates(model) {
            return Err(ModelError::one(
                "",
                "this model compares dates (decay, within_days or older_than_days): \
                 give the date to score as of (as_of), so scores do not drift with the calendar",
            ));
        }
        let readers = (model.fields.iter().zip(used).enumerate())
            .map(|(i, ((name, def), used))| {
                // The field's leaves, side by side (group_by_field).
                let start = leaves.partition_point(|l| l.field < i);
                let end = leaves.partition_point(|l| l.field <= i);
                FieldReader {
                    kind: def.kind,
                    column: mapping.column(name),
                    date_format: def.date_format.clone(),
                    used,
                    needs_text: leaves[start..end].iter().any(|l| l.test.needs_text()),
                    leaves: start..end,
                }
            })
            .collect();
        let grade = (model.grade.iter().flatten())
            .filter_map(|(letter, min)| {
                GRADE_LETTERS[..5]
                    .iter()
                    .position(|l| l == letter)
                    .map(|i| (i as u8, *min))
            })
            .collect();
        let rule_count = (variants.iter())
            .map(|v| v.groups.iter().map(|g| g.rules.len()).sum())
            .max()
            .unwrap_or(0);
        Ok(Scorer {
            rule_count,
            band_places: band_places(&variants),
            model: model.clone(),
            readers,
            leaves,
            as_of: options.as_of.map(day_number),
            variants,
            segments,
            stages,
            require,
            disqualify,
            asks,
            grade,
            tiers: model.engagement_tiers.iter().map(|t| t.min).collect(),
        })
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Reusable scratch for [`Scorer::score_with`].
    pub fn scratch(&self) -> Scratch {
        Scratch {
            values: Values::new(self.readers.len(), self.leaves.len()),
        }
    }

    /// Score one row (allocates scratch; use [`Scorer::score_with`] in loops).
    pub fn score<R: Record + ?Sized>(&self, row: &R) -> Summary {
        self.score_with(row, &mut self.scratch())
    }

    /// Score one row, reusing `scratch` from earlier rows.
    pub fn score_with<R: Record + ?Sized>(&self, row: &R, scratch: &mut Scratch) -> Summary {
        scratch
            .values
            .fill(&self.readers, &self.leaves, row, false, self.as_of);
        self.run(&scratch.values, None)
    }

    /// Score one row with its full receipt.
    pub fn explain<R: Record + ?Sized>(&self, row: &R) -> LeadScore {
        self.explain_with(row, &mut self.scratch())
    }

    /// Score one row with its full receipt, reusing `scratch` from earlier rows (its memos
    /// of repeated titles and email domains carry over).
    pub fn explain_with<R: Record + ?Sized>(&self, row: &R, scratch: &mut Scratch) -> LeadScore {
        scratch
            .values
            .fill(&self.readers, &self.leaves, row, true, self.as_of);
        let values = &scratch.values;
        // Room for every rule and group up front: receipts are made for every row of an
        // export, and growing these by doubling reallocated them several times a row.
        let mut trace = Trace {
            fired: Vec::with_capacity(self.rule_count),
            groups: Vec::with_capacity(self.model.groups.len()),
            ..Trace::default()
        };
        let summary = self.run(values, Some(&mut trace));

        let mut receipt = Receipt {
            fired: trace.fired,
            groups: trace.groups,
            raw_total: trace.raw_total,
            ..Receipt::default()
        };
        for (i, (name, reader)) in self.model.fields.keys().zip(&self.readers).enumerate() {
            match values.slot(i) {
                Slot::Missing => receipt.missing.push(name.clone()),
                Slot::Bad => {
                    let column = reader.column.unwrap_or_default();
                    let value = row.cell(column).unwrap_or_default().trim().to_string();
                    receipt.problems.push(CellProblem {
                        field: name.clone(),
                        column,
                        message: format!(
                            "'{value}' is not a {}; treated as missing",
                            type_name(reader.kind)
                        ),
                        value,
                    });
                    receipt.missing.push(name.clone());
                }
                _ => {}
            }
        }
        LeadScore {
            total: summary.total,
            fit: summary.fit,
            engagement: summary.engagement,
            grade: self.grade_label(&summary).map(str::to_string),
            band: self.band_label(&summary).map(str::to_string),
            matrix: self.matrix_label(&summary),
            handoff: summary.handoff,
            qualification: Qualification {
                state: summary.qualification,
                reasons: trace.reasons,
            },
            stage: self.stage_label(&summary).map(str::to_string),
            segment: self.segment_label(&summary).map(str::to_string),
            probability: self.model.probability.map(|s| s.probability(summary.total)),
            receipt,
        }
    }

    pub fn grade_label(&self, s: &Summary) -> Option<&'static str> {
        s.grade.map(|g| GRADE_LETTERS[usize::from(g)])
    }

    pub fn band_label(&self, s: &Summary) -> Option<&str> {
        let variant = &self.variants[variant_index(s.segment)];
        s.band.map(|b| variant.bands[usize::from(b)].label.as_str())
    }

    /// The place of the row's band label in [`Scorer::band_labels`].
    pub fn band_place(&self, s: &Summary) -> Option<usize> {
        let places = &self.band_places[variant_index(s.segment)];
        s.band.map(|b| places[usize::from(b)])
    }

    pub fn tier_label(&self, s: &Summary) -> Option<&str> {
        s.tier
            .map(|t| self.model.engagement_tiers[usize::from(t)].label.as_str())
    }

    /// Grade letter + engagement tier label, e.g. "A1".
    pub fn matrix_label(&self, s: &Summary) -> Option<String> {
        Some(format!("{}{}", self.grade_label(s)?, self.tier_label(s)?))
    }

    pub fn stage_label(&self, s: &Summary) -> Option<&str> {
        s.stage
            .map(|i| self.model.stages[usize::from(i)].id.as_str())
    }

    pub fn segment_label(&self, s: &Summary) -> Option<&str> {
        s.segment
            .map(|i| self.model.segments[usize::from(i)].id.as_str())
    }

    /// For a conversation: which of the model's questions may be asked, given the answers so
    /// far in `row`. A question is asked only when its `ask_if` is true (not unknown).
    pub fn askable<R: Record + ?Sized>(&self, row: &R) -> Vec<bool> {
        let mut values = Values::new(self.readers.len(), self.leaves.len());
        values.fill(&self.readers, &self.leaves, row, true, self.as_of);
        let asks = self.asks.iter();
        asks.map(|ask| {
            ask.as_ref()
                .is_none_or(|n| n.eval(values.outcomes()) == Tri::True)
        })
        .collect()
    }

    /// Every band label a result can carry, base model first, without repeats.
    pub fn band_labels(&self) -> Vec<&str> {
        distinct_band_labels(&self.variants)
    }

    /// The scoring pass shared by batch scoring and receipts.
    fn run(&self, values: &Values, mut trace: Option<&mut Trace>) -> Summary {
        let segment = self
            .segments
            .iter()
            .position(|n| n.eval(values.outcomes()) == Tri::True);
        let variant = &self.variants[segment.map_or(0, |s| s + 1)];

        let (mut fit, mut engagement) = (0.0, 0.0);
        // For receipts: each rule's points, by its place in its group, so that a rule is
        // applied once whether it is listed or summed.
        let mut rule_points = Vec::new();
        for group in &variant.groups {
            if let Some(t) = trace.as_deref_mut() {
                rule_points.clear();
                for rule in &group.rules {
                    let hit = self.apply(rule, values);
                    rule_points.push(hit.as_ref().map_or(0.0, |hit| hit.points));
                    let Some(hit) = hit else {
                        continue;
                    };
                    t.fired.push(RuleHit {
                        rule: rule.id.clone(),
                        label: rule.label.clone(),
                        group: self.model.groups[group.index].id.clone(),
                        raw: hit.raw,
                        points: hit.points,
                        decay: hit.decay,
                        capped: hit.capped,
                    });
                }
            }
            let sum = group.raw_points(values, |r| match trace {
                Some(_) => rule_points[r],
                None => (self.apply(&group.rules[r], values)).map_or(0.0, |hit| hit.points),
            });
            let points = clamp(sum, group.min, group.max);
            match group.dimension {
                Dimension::Fit => fit += points,
                Dimension::Engagement => engagement += points,
            }
            if let Some(t) = trace.as_deref_mut() {
                let g = &self.model.groups[group.index];
                t.groups.push(GroupPoints {
                    group: g.id.clone(),
                    label: g.label.clone().unwrap_or_else(|| g.id.clone()),
                    dimension: g.dimension,
                    raw: sum,
                    points,
                });
            }
        }
        let raw_total = fit + engagement;
        let total = clamp(raw_total, self.model.min, self.model.max);

        let grade = if self.grade.is_empty() {
            None
        } else {
            Some(
                self.grade
                    .iter()
                    .find(|(_, min)| fit >= *min)
                    .map_or(5, |(letter, _)| *letter),
            )
        };
        let tier = first_tier(self.tiers.iter().copied(), engagement);
        let band = first_tier(variant.bands.iter().map(|b| b.min), total);
        let qualification = self.qualify(values, trace.as_deref_mut().map(|t| &mut t.reasons));
        let handoff = match (variant.handoff, band) {
            (Some(h), Some(b)) => {
                let unless = self
                    .model
                    .handoff
                    .as_ref()
                    .is_some_and(|h| h.unless_disqualified);
                usize::from(b) <= h && !(unless && qualification == QualState::NotQualified)
            }
            _ => false,
        };
        let stage = self.stages.iter().position(|w| {
            w.as_ref()
                .is_none_or(|n| n.eval(values.outcomes()) == Tri::True)
        });
        if let Some(t) = trace {
            t.raw_total = raw_total;
        }
        Summary {
            total,
            fit,
            engagement,
            grade,
            band,
            tier,
            handoff,
            qualification,
            stage: stage.map(to_u16),
            segment: segment.map(to_u16),
            problems: to_u16(values.bad_count()),
        }
    }

    /// A rule's contribution, if it fires.
    fn apply(&self, rule: &CompiledRule, values: &Values) -> Option<Contribution> {
        if rule.when.eval(values.outcomes()) != Tri::True {
            return None;
        }
        let decay = match rule.decay {
            None => None,
            Some((field, half_life)) => {
                let age = at_least(f64::from(self.as_of? - values.date(field)?), 0.0);
                Some(0.5f64.powf(age / half_life))
            }
        };
        let per = rule.per.map_or(0.0, |(field, points)| {
            points * at_least(values.number(field).unwrap_or(0.0), 0.0)
        });
        let raw = rule.points + per;
        let capped = clamp(raw, rule.min, rule.max);
        Some(Contribution {
            raw,
            points: capped * decay.unwrap_or(1.0),
            decay,
            capped: capped != raw,
        })
    }

    fn qualify(&self, values: &Values, mut reasons: Option<&mut Vec<Reason>>) -> QualState {
        let Some(q) = &self.model.qualification else {
            return QualState::NotAssessed;
        };
        let mut note = |id: &str, label: &Option<String>, outcome| {
            if let Some(r) = reasons.as_deref_mut() {
                r.push(Reason {
                    id: id.to_string(),
                    label: label.clone().unwrap_or_else(|| id.to_string()),
                    outcome,
                });
            }
        };
        let mut knocked_out = false;
        for (node, c) in self.disqualify.iter().zip(&q.disqualify) {
            if node.eval(values.outcomes()) == Tri::True {
                knocked_out = true;
                note(&c.id, &c.label, ReasonOutcome::Knockout);
            }
        }
        let (mut failed, mut unknown) = (false, false);
        for (node, c) in self.require.iter().zip(&q.require) {
            let outcome = match node.eval(values.outcomes()) {
                Tri::True => ReasonOutcome::Met,
                Tri::False => {
                    failed = true;
                    ReasonOutcome::Failed
                }
                Tri::Unknown => {
                    unknown = true;
                    ReasonOutcome::Unknown
                }
            };
            note(&c.id, &c.label, outcome);
        }
        if knocked_out || failed {
            QualState::NotQualified
        } else if unknown {
            QualState::Undecided
        } else {
            QualState::Qualified
        }
    }
}

/// What a fired rule adds, before it is named in a receipt (kept small for batch scoring).
struct Contribution {
    raw: f64,
    points: f64,
    decay: Option<f64>,
    capped: bool,
}

#[derive(Default)]
struct Trace {
    fired: Vec<RuleHit>,
    groups: Vec<GroupPoints>,
    reasons: Vec<Reason>,
    raw_total: f64,
}

/// Compile the base model (`segment` None) or a segment's variant of it.
fn compile_variant(
    model: &Model,
    segment: Option<usize>,
    compile_at: &mut impl FnMut(String, &Condition) -> Node,
) -> Variant {
    let seg = segment.map(|s| &model.segments[s]);
    let mut groups = Vec::new();
    for (g, group) in model.groups.iter().enumerate() {
        let mut rules = Vec::new();
        for (r, rule) in group.rules.iter().enumerate() {
            if !rule.enabled || seg.is_some_and(|s| s.disable.contains(&rule.id)) {
                continue;
            }
            let points = seg.and_then(|s| s.points.get(&rule.id)).copied();
            rules.push(compile_rule(
                model,
                rule,
                format!("groups[{g}].rules[{r}]"),
                points,
                compile_at,
            ));
        }
        if let Some((s, seg)) = segment.zip(seg) {
            for (a, extra) in seg
                .add
                .iter()
                .enumerate()
                .filter(|(_, e)| e.group == group.id && e.rule.enabled)
            {
                rules.push(compile_rule(
                    model,
                    &extra.rule,
                    format!("segments[{s}].add[{a}]"),
                    None,
                    compile_at,
                ));
            }
        }
        let (mut fixed, mut others) = (Vec::new(), Vec::new());
        for (r, rule) in rules.iter().enumerate() {
            match rule.fixed() {
                Some(f) => fixed.push(f),
                None => others.push(r),
            }
        }
        groups.push(CompiledGroup {
            index: g,
            dimension: group.dimension,
            min: group.min,
            max: group.max,
            fixed,
            others,
            rules,
        });
    }
    let bands = match seg {
        Some(s) if !s.bands.is_empty() => s.bands.clone(),
        _ => model.bands.clone(),
    };
    let handoff = model
        .handoff
        .as_ref()
        .and_then(|h| bands.iter().position(|b| b.label == h.band));
    Variant {
        groups,
        bands,
        handoff,
    }
}

fn compile_rule(
    model: &Model,
    rule: &Rule,
    path: String,
    points: Option<f64>,
    compile_at: &mut impl FnMut(String, &Condition) -> Node,
) -> CompiledRule {
    let field = |name: &str| model.fields.get_index_of(name).unwrap_or_default();
    CompiledRule {
        id: rule.id.clone(),
        label: rule.label.clone().unwrap_or_else(|| rule.id.clone()),
        when: compile_at(format!("{path}.when"), &rule.when),
        points: points.unwrap_or(rule.points),
        per: rule.per.as_ref().map(|p| (field(&p.field), p.points)),
        min: rule.min,
        max: rule.max,
        decay: rule
            .decay
            .as_ref()
            .map(|d| (field(&d.field), d.half_life_days)),
    }
}

/// Which fields any condition, `per` or `decay` reads.
fn used_fields(model: &Model, names: &[String]) -> Vec<bool> {
    let mut used = vec![false; names.len()];
    let mut mark = |name: &str| {
        if let Some(i) = names.iter().position(|n| n == name) {
            used[i] = true;
        }
    };
    let rules = model.groups.iter().flat_map(|g| &g.rules).chain(
        model
            .segments
            .iter()
            .flat_map(|s| s.add.iter().map(|a| &a.rule)),
    );
    for rule in rules {
        rule.when.fields().into_iter().for_each(&mut mark);
        rule.per.iter().for_each(|p| mark(&p.field));
        rule.decay.iter().for_each(|d| mark(&d.field));
    }
    let criteria = model
        .qualification
        .iter()
        .flat_map(|q| q.require.iter().chain(&q.disqualify));
    for cond in criteria
        .map(|c| &c.when)
        .chain(model.stages.iter().filter_map(|s| s.when.as_ref()))
        .chain(model.segments.iter().map(|s| &s.when))
    {
        cond.fields().into_iter().for_each(&mut mark);
    }
    used
}

/// Does scoring depend on the calendar?
fn uses_dates(model: &Model) -> bool {
    fn in_condition(c: &Condition) -> bool {
        match c {
            Condition::All(v) | Condition::Any(v) => v.iter().any(in_condition),
            Condition::Not(c) => in_condition(c),
            Condition::Field { test, .. } => {
                matches!(test, FieldTest::WithinDays(_) | FieldTest::OlderThanDays(_))
            }
        }
    }
    let rules = model.groups.iter().flat_map(|g| &g.rules).chain(
        model
            .segments
            .iter()
            .flat_map(|s| s.add.iter().map(|a| &a.rule)),
    );
    let mut conditions: Vec<&Condition> = Vec::new();
    for rule in rules {
        if rule.decay.is_some() {
            return true;
        }
        conditions.push(&rule.when);
    }
    conditions.extend(
        model
            .qualification
            .iter()
            .flat_map(|q| q.require.iter().chain(&q.disqualify))
            .map(|c| &c.when),
    );
    conditions.extend(model.stages.iter().filter_map(|s| s.when.as_ref()));
    conditions.extend(model.segments.iter().map(|s| &s.when));
    let questions = model.conversation.iter().flat_map(|c| &c.questions);
    conditions.extend(questions.filter_map(|q| q.ask_if.as_ref()));
    conditions.into_iter().any(in_condition)
}

/// The variant a result was scored by: the base model, or its segment's (segments are
/// numbered from 0, variants from the base model's 0).
fn variant_index(segment: Option<u16>) -> usize {
    segment.map_or(0, |i| usize::from(i) + 1)
}

/// Every band label of the variants, base model first, without repeats.
fn distinct_band_labels(variants: &[Variant]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for band in variants.iter().flat_map(|v| &v.bands) {
        if !out.contains(&band.label.as_str()) {
            out.push(&band.label);
        }
    }
    out
}

/// Per variant, each of its bands' place in [`distinct_band_labels`].
fn band_places(variants: &[Variant]) -> Vec<Vec<usize>> {
    let labels = distinct_band_labels(variants);
    // Every variant's labels are among them, so the fallback is never taken.
    let place = |label: &str| labels.iter().position(|l| *l == label).unwrap_or(0);
    (variants.iter())
        .map(|v| v.bands.iter().map(|b| place(&b.label)).collect())
        .collect()
}

fn clamp(x: f64, min: Option<f64>, max: Option<f64>) -> f64 {
    let x = min.map_or(x, |m| at_least(x, m));
    max.map_or(x, |m| at_most(x, m))
}

/// `x.max(m)` for a bound `m` that is a number (never NaN), as plain compare and select.
/// Batch scoring clamps several times a row, and on wasm32 `f64::max` and `f64::min` are
/// calls into libm's `fmax`/`fmin` (their NaN rules have no single wasm instruction).
/// Like `f64::max`, a NaN `x` gives `m`.
fn at_least(x: f64, m: f64) -> f64 {
    if x >= m {
        x
    } else {
        m
    }
}

/// `x.min(m)` for a bound `m` that is a number; see [`at_least`].
fn at_most(x: f64, m: f64) -> f64 {
    if x <= m {
        x
    } else {
        m
    }
}

/// Index of the first tier whose minimum the value reaches (a tier without one always does).
fn first_tier(mins: impl Iterator<Item = Option<f64>>, value: f64) -> Option<u16> {
    let mut last = None;
    for (i, min) in mins.enumerate() {
        if min.is_none_or(|m| value >= m) {
            return Some(to_u16(i));
        }
        last = Some(i);
    }
    // Thresholds above the value and no catch-all (validation requires one): the lowest.
    last.map(to_u16)
}

fn to_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn type_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Number => "number",
        FieldType::Boolean => "yes/no value",
        FieldType::Date => "date",
        _ => "value",
    }
}

#[cfg(test)]
mod tests {
    use super::{at_least, at_most};

    #[test]
    fn bounds_agree_with_f64_max_and_min() {
        let xs = [
            f64::NAN,
            f64::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            2.0,
            1e300,
            f64::INFINITY,
        ];
        let bounds = [f64::NEG_INFINITY, -3.5, 0.0, 2.0, 1e300, f64::INFINITY];
        for x in xs {
            for m in bounds {
                assert_eq!(at_least(x, m), x.max(m), "max({x}, {m})");
                assert_eq!(at_most(x, m), x.min(m), "min({x}, {m})");
            }
        }
    }
}
