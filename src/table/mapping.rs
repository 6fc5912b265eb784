//! Header -> field auto-mapping: which column feeds which model field, suggested from the
//! header names, for the user to confirm or change.

use serde::Serialize;

use super::synonyms::{Concept, CONCEPTS};
use crate::engine::Mapping;
use crate::model::{FieldDef, Model};

/// How a field found its column, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The header is the field's name ("Job Title" for `job_title`).
    Name,
    /// The header is one of the field's `aliases` (or its `label`).
    Alias,
    /// The header is a known CRM export name for the same concept ("NumberOfEmployees" for
    /// `employees`).
    Synonym,
    /// One name contains the other ("Lead Job Title" for `job_title`): a guess to confirm.
    Loose,
}

/// The suggestion for one model field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMatch {
    pub field: String,
    /// Zero-based column, `None` when nothing matched.
    pub column: Option<usize>,
    /// The header text of that column, as in the file.
    pub header: Option<String>,
    pub how: Option<MatchKind>,
}

/// What [`suggest`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappingReport {
    /// Ready for the engine.
    pub mapping: Mapping,
    /// Every model field, in model order, matched or not.
    pub fields: Vec<FieldMatch>,
    /// Columns no field uses, in file order.
    pub unused_columns: Vec<usize>,
}

/// Names compared loosely: lowercase letters and digits only, so "Job Title", "job_title" and
/// "JobTitle" are equal.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Loose matches need this many characters in the shorter name, so "id" or "no" do not match
/// every header that contains them.
const LOOSE_MIN_LEN: usize = 4;

/// Suggest a column for each model field.
///
/// Matching runs in passes from the strongest kind to the weakest ([`MatchKind`] order); each
/// pass only considers fields and columns still free, so a column feeds at most one field and
/// an exact name is never lost to an earlier field's loose guess.
pub fn suggest(model: &Model, header: &[impl AsRef<str>]) -> MappingReport {
    let headers: Vec<String> = header.iter().map(|h| normalize(h.as_ref())).collect();
    let mut taken = vec![false; headers.len()];
    let mut found: Vec<Option<(usize, MatchKind)>> = vec![None; model.fields.len()];

    for kind in [
        MatchKind::Name,
        MatchKind::Alias,
        MatchKind::Synonym,
        MatchKind::Loose,
    ] {
        for (slot, (name, def)) in found.iter_mut().zip(&model.fields) {
            if slot.is_some() {
                continue;
            }
            let column = match kind {
                MatchKind::Loose => loose_column(name, def, &headers, &taken),
                _ => keys(kind, name, def)
                    .iter()
                    .find_map(|key| exact_column(key, &headers, &taken)),
            };
            if let Some(column) = column {
                taken[column] = true;
                *slot = Some((column, kind));
            }
        }
    }

    let mut mapping = Mapping::new();
    let fields = model
        .fields
        .keys()
        .zip(&found)
        .map(|(field, hit)| {
            if let Some((column, _)) = hit {
                mapping.set(field.clone(), *column);
            }
            FieldMatch {
                field: field.clone(),
                column: hit.map(|(c, _)| c),
                header: hit.map(|(c, _)| header[c].as_ref().to_string()),
                how: hit.map(|(_, k)| k),
            }
        })
        .collect();
    let unused_columns = (0..headers.len()).filter(|&c| !taken[c]).collect();
    MappingReport {
        mapping,
        fields,
        unused_columns,
    }
}

/// The normalized names a field answers to in an exact pass, most telling first.
fn keys(kind: MatchKind, name: &str, def: &FieldDef) -> Vec<String> {
    match kind {
        MatchKind::Name => vec![normalize(name)],
        MatchKind::Alias => def
            .aliases
            .iter()
            .chain(&def.label)
            .map(|a| normalize(a))
            .collect(),
        MatchKind::Synonym => concepts_of(name, def)
            .flat_map(|c| c.headers.iter().chain(c.fields))
            .map(|n| normalize(n))
            .collect(),
        MatchKind::Loose => Vec::new(),
    }
}

/// The concepts a field belongs to, by its name, aliases or label.
fn concepts_of<'a>(
    name: &'a str,
    def: &'a FieldDef,
) -> impl Iterator<Item = &'static Concept> + 'a {
    let own: Vec<String> = std::iter::once(name)
        .chain(def.aliases.iter().map(String::as_str))
        .chain(def.label.as_deref())
        .map(normalize)
        .collect();
    CONCEPTS
        .iter()
        .filter(move |c| own.iter().any(|n| in_concept(c, n)))
}

fn in_concept(concept: &Concept, normalized: &str) -> bool {
    concept
        .fields
        .iter()
        .chain(concept.headers)
        .any(|n| normalize(n) == normalized)
}

fn exact_column(key: &str, headers: &[String], taken: &[bool]) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    (0..headers.len()).find(|&c| !taken[c] && headers[c] == key)
}

/// The free column whose name contains the field's name (or the reverse) with the smallest
/// length difference. Headers that are a known name of another concept are left alone: an
/// `email` field must not take "Email Opens".
fn loose_column(name: &str, def: &FieldDef, headers: &[String], taken: &[bool]) -> Option<usize> {
    let own: Vec<String> = std::iter::once(name)
        .chain(def.aliases.iter().map(String::as_str))
        .chain(def.label.as_deref())
        .map(normalize)
        .filter(|n| n.len() >= LOOSE_MIN_LEN)
        .collect();
    let own_concepts: Vec<&str> = concepts_of(name, def).map(|c| c.id).collect();
    let mut best: Option<(usize, usize)> = None; // (length difference, column)
    for (column, header) in headers.iter().enumerate() {
        if taken[column] || header.len() < LOOSE_MIN_LEN {
            continue;
        }
        let elsewhere = CONCEPTS
            .iter()
            .any(|c| !own_concepts.contains(&c.id) && in_concept(c, header));
        if elsewhere {
            continue;
        }
        for key in &own {
            if header.contains(key.as_str()) || key.contains(header.as_str()) {
                let diff = header.len().abs_diff(key.len());
                // Strictly better only, so the leftmost column wins a tie.
                if best.is_none_or(|(b, _)| diff < b) {
                    best = Some((diff, column));
                }
            }
        }
    }
    best.map(|(_, column)| column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(fields: &str) -> Model {
        let json = format!(
            r#"{{"schema": "leadscore/1", "name": "t", "fields": {{{fields}}}, "groups": []}}"#
        );
        serde_json::from_str(&json).expect("test model")
    }

    fn column_of(report: &MappingReport, field: &str) -> Option<(usize, MatchKind)> {
        let m = report.fields.iter().find(|m| m.field == field)?;
        Some((m.column?, m.how?))
    }

    fn maps(field: &str, header: &str) -> Option<MatchKind> {
        let m = model(&format!(r#""{field}": {{"type": "text"}}"#));
        let report = suggest(&m, &["Id", header]);
        column_of(&report, field).map(|(c, k)| {
            assert_eq!(c, 1, "{field} <- {header}");
            k
        })
    }

    #[test]
    fn normalize_ignores_case_and_punctuation() {
        assert_eq!(normalize("Job Title"), "jobtitle");
        assert_eq!(normalize("job_title"), "jobtitle");
        assert_eq!(normalize("JobTitle"), "jobtitle");
        assert_eq!(normalize(" E-mail  "), "email");
        assert_eq!(normalize("Société"), "société");
    }

    #[test]
    fn employees_from_every_crm() {
        for header in [
            "Number of Employees",
            "NumberOfEmployees",
            "Employee Count",
            "Company Size",
        ] {
            assert_eq!(
                maps("employees", header),
                Some(MatchKind::Synonym),
                "{header}"
            );
        }
        assert_eq!(
            maps("company_size", "NumberOfEmployees"),
            Some(MatchKind::Synonym)
        );
        assert_eq!(maps("employees", "Employees"), Some(MatchKind::Name));
    }

    #[test]
    fn revenue_and_title_synonyms() {
        for field in ["revenue", "annual_revenue"] {
            for header in ["Annual Revenue", "AnnualRevenue"] {
                assert!(maps(field, header).is_some(), "{field} <- {header}");
            }
        }
        for field in ["job_title", "title"] {
            for header in ["Job Title", "Title", "Position"] {
                assert!(maps(field, header).is_some(), "{field} <- {header}");
            }
        }
        assert_eq!(maps("job_title", "Job Title"), Some(MatchKind::Name));
        assert_eq!(maps("job_title", "Position"), Some(MatchKind::Synonym));
    }

    #[test]
    fn salesforce_and_marketo_names() {
        assert_eq!(maps("lead_source", "LeadSource"), Some(MatchKind::Name));
        assert_eq!(maps("source", "LeadSource"), Some(MatchKind::Synonym));
        assert_eq!(
            maps("unsubscribed", "HasOptedOutOfEmail"),
            Some(MatchKind::Synonym)
        );
        assert_eq!(maps("opted_out", "Unsubscribed"), Some(MatchKind::Synonym));
        assert_eq!(maps("company", "Company Name"), Some(MatchKind::Synonym));
        assert_eq!(maps("email", "Email Address"), Some(MatchKind::Synonym));
        assert_eq!(maps("industry", "Industry"), Some(MatchKind::Name));
        assert_eq!(maps("country", "Country/Region"), Some(MatchKind::Synonym));
        assert_eq!(
            maps("page_views", "Number of Pageviews"),
            Some(MatchKind::Synonym)
        );
        assert_eq!(
            maps("demo_requested", "Requested Demo"),
            Some(MatchKind::Synonym)
        );
    }

    #[test]
    fn aliases_beat_synonyms_and_names_beat_aliases() {
        let m = model(r#""title": {"type": "text", "aliases": ["Role Name"]}"#);
        let report = suggest(&m, &["Job Title", "Role Name"]);
        assert_eq!(column_of(&report, "title"), Some((1, MatchKind::Alias)));
        assert_eq!(report.unused_columns, [0]);
        let report = suggest(&m, &["Role Name", "TITLE"]);
        assert_eq!(column_of(&report, "title"), Some((1, MatchKind::Name)));
    }

    #[test]
    fn each_column_feeds_one_field_and_strong_matches_go_first() {
        // `position` would take "Title" by synonym, but `title` owns it by name.
        let m = model(r#""position": {"type": "text"}, "title": {"type": "text"}"#);
        let report = suggest(&m, &["Title"]);
        assert_eq!(column_of(&report, "title"), Some((0, MatchKind::Name)));
        assert_eq!(column_of(&report, "position"), None);
        assert_eq!(report.mapping.column("title"), Some(0));
        assert_eq!(report.mapping.len(), 1);
    }

    #[test]
    fn loose_matches_are_last_and_stay_in_their_concept() {
        assert_eq!(
            maps("job_title", "Lead Job Title (current)"),
            Some(MatchKind::Loose)
        );
        // "Email Opens" is another concept's header: an email field must not take it.
        assert_eq!(maps("email", "Email Opens"), None);
        // Short names never match loosely.
        assert_eq!(maps("aid", "Paid Plan"), None);
    }

    #[test]
    fn unmatched_fields_and_unused_columns_are_reported() {
        let m = model(r#""email": {"type": "email"}, "budget": {"type": "number"}"#);
        let report = suggest(&m, &["E-Mail", "Notes", ""]);
        assert_eq!(
            report.fields,
            [
                FieldMatch {
                    field: "email".into(),
                    column: Some(0),
                    header: Some("E-Mail".into()),
                    how: Some(MatchKind::Name)
                },
                FieldMatch {
                    field: "budget".into(),
                    column: None,
                    header: None,
                    how: None
                },
            ]
        );
        assert_eq!(report.unused_columns, [1, 2]);
    }
}
