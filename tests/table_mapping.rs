//! Header auto-mapping against a real model and real CRM export headers.
// Native only: reads files and runs processes (wasm-pack test builds every test target).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::model::Model;
use leadscore::table::{suggest, MatchKind};

fn model() -> Model {
    serde_json::from_str(
        r#"{ "schema": "leadscore/1", "name": "B2B SaaS",
             "fields": {
               "job_title": {"type": "text", "aliases": ["Position"]},
               "email": {"type": "email"},
               "employees": {"type": "number"},
               "annual_revenue": {"type": "number"},
               "country": {"type": "category"},
               "last_visit": {"type": "date"},
               "demo_requested": {"type": "boolean"},
               "email_opens": {"type": "number"},
               "unsubscribed": {"type": "boolean"},
               "budget": {"type": "number"}
             },
             "groups": [] }"#,
    )
    .expect("model")
}

fn mapped(header: &[&str]) -> Vec<(String, Option<String>, Option<MatchKind>)> {
    let report = suggest(&model(), header);
    for field in &report.fields {
        assert_eq!(
            report.mapping.column(&field.field),
            field.column,
            "{}",
            field.field
        );
    }
    report
        .fields
        .into_iter()
        .map(|f| (f.field, f.header, f.how))
        .collect()
}

fn header_of<'a>(
    rows: &'a [(String, Option<String>, Option<MatchKind>)],
    field: &str,
) -> Option<&'a str> {
    rows.iter()
        .find(|r| r.0 == field)
        .and_then(|r| r.1.as_deref())
}

#[test]
fn salesforce_lead_export() {
    let header = [
        "Id",
        "FirstName",
        "LastName",
        "Title",
        "Company",
        "Email",
        "NumberOfEmployees",
        "AnnualRevenue",
        "Country",
        "LastActivityDate",
        "HasOptedOutOfEmail",
        "LeadSource",
    ];
    let rows = mapped(&header);
    assert_eq!(header_of(&rows, "job_title"), Some("Title"));
    assert_eq!(header_of(&rows, "email"), Some("Email"));
    assert_eq!(header_of(&rows, "employees"), Some("NumberOfEmployees"));
    assert_eq!(header_of(&rows, "annual_revenue"), Some("AnnualRevenue"));
    assert_eq!(header_of(&rows, "last_visit"), Some("LastActivityDate"));
    assert_eq!(header_of(&rows, "unsubscribed"), Some("HasOptedOutOfEmail"));
    assert_eq!(header_of(&rows, "budget"), None);
}

#[test]
fn hubspot_contact_export() {
    let header = [
        "Record ID",
        "Email",
        "Job Title",
        "Number of Employees",
        "Annual Revenue",
        "Country/Region",
        "Last Activity Date",
        "Marketing emails opened",
        "Unsubscribed from all email",
        "Demo Requested",
    ];
    let rows = mapped(&header);
    assert_eq!(header_of(&rows, "job_title"), Some("Job Title"));
    assert_eq!(header_of(&rows, "country"), Some("Country/Region"));
    assert_eq!(
        header_of(&rows, "email_opens"),
        Some("Marketing emails opened")
    );
    assert_eq!(
        header_of(&rows, "unsubscribed"),
        Some("Unsubscribed from all email")
    );
    assert_eq!(header_of(&rows, "demo_requested"), Some("Demo Requested"));
}

#[test]
fn marketo_export_and_match_kinds() {
    let header = [
        "Email Address",
        "Position",
        "Company Size",
        "Annual Revenue",
        "Unsubscribed",
        "Email Opens",
    ];
    let rows = mapped(&header);
    let kind = |field: &str| rows.iter().find(|r| r.0 == field).and_then(|r| r.2);
    assert_eq!(kind("job_title"), Some(MatchKind::Alias));
    assert_eq!(kind("email"), Some(MatchKind::Synonym));
    assert_eq!(kind("employees"), Some(MatchKind::Synonym));
    assert_eq!(kind("annual_revenue"), Some(MatchKind::Name));
    assert_eq!(kind("unsubscribed"), Some(MatchKind::Name));
    assert_eq!(kind("email_opens"), Some(MatchKind::Name));
    assert_eq!(
        header_of(&rows, "email"),
        Some("Email Address"),
        "not 'Email Opens'"
    );
}

#[test]
fn unused_columns_are_listed() {
    let report = suggest(&model(), &["Notes", "Email", "Favourite colour"]);
    assert_eq!(report.unused_columns, [0, 2]);
    assert_eq!(report.mapping.len(), 1);
}
