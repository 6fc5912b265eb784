//! Built-in CRM vocabulary: for each lead concept, the names a model field for it may have and
//! the column headers that HubSpot, Salesforce and Marketo exports (and hand-made sheets) use.
//!
//! Written as people write them; [`super::mapping::normalize`] makes "Job Title",
//! "job_title" and "JobTitle" equal, so each spelling is listed once. Sources: HubSpot contact
//! export property labels, Salesforce Lead object API names, Marketo person field labels.

/// One lead concept.
pub struct Concept {
    /// Short id, for tests and debugging.
    pub id: &'static str,
    /// Names a model field for this concept may have.
    pub fields: &'static [&'static str],
    /// Headers of exports and common hand-made sheets for this concept.
    pub headers: &'static [&'static str],
}

/// The concepts. A header matches a field through a concept when the field's name is in
/// `fields` (or `headers`) and the header is in `headers` (or `fields`).
pub const CONCEPTS: &[Concept] = &[
    Concept {
        id: "job_title",
        fields: &["job_title", "title", "position", "role", "job"],
        headers: &[
            "Job Title",
            "Title",
            "Position",
            "Job Role",
            "Role",
            "Job Position",
            "Designation",
        ],
    },
    Concept {
        id: "email",
        fields: &["email", "email_address", "work_email", "business_email"],
        headers: &[
            "Email",
            "Email Address",
            "E-mail",
            "E-mail Address",
            "Work Email",
            "Business Email",
            "Primary Email",
        ],
    },
    Concept {
        id: "first_name",
        fields: &["first_name", "firstname", "given_name", "forename"],
        headers: &["First Name", "FirstName", "Given Name"],
    },
    Concept {
        id: "last_name",
        fields: &["last_name", "lastname", "surname", "family_name"],
        headers: &["Last Name", "LastName", "Surname", "Family Name"],
    },
    Concept {
        id: "company",
        fields: &[
            "company",
            "company_name",
            "organization",
            "organisation",
            "account",
            "account_name",
        ],
        headers: &[
            "Company",
            "Company Name",
            "Organization",
            "Organisation",
            "Account Name",
            "Account",
        ],
    },
    Concept {
        id: "website",
        fields: &["website", "domain", "company_domain", "url", "web_site"],
        headers: &[
            "Website",
            "Website URL",
            "Company Domain Name",
            "Domain",
            "Company Website",
            "Web Site",
            "URL",
        ],
    },
    Concept {
        id: "industry",
        fields: &["industry", "vertical", "sector"],
        headers: &["Industry", "Vertical", "Sector", "Company Industry"],
    },
    Concept {
        id: "employees",
        fields: &[
            "employees",
            "employee_count",
            "company_size",
            "headcount",
            "num_employees",
            "size",
        ],
        headers: &[
            "Number of Employees",
            "NumberOfEmployees",
            "Employee Count",
            "Employees",
            "Company Size",
            "Headcount",
            "No. of Employees",
            "Employee Range",
            "Company Headcount",
            "NumEmployees",
        ],
    },
    Concept {
        id: "revenue",
        fields: &["revenue", "annual_revenue", "company_revenue"],
        headers: &[
            "Annual Revenue",
            "AnnualRevenue",
            "Revenue",
            "Company Revenue",
            "Annual Revenue (USD)",
        ],
    },
    Concept {
        id: "country",
        fields: &["country", "country_code", "country_region"],
        headers: &[
            "Country",
            "Country/Region",
            "Country Code",
            "Country Name",
            "Inferred Country",
        ],
    },
    Concept {
        id: "state",
        fields: &["state", "region", "province", "state_region"],
        headers: &[
            "State",
            "State/Region",
            "Region",
            "Province",
            "State/Province",
            "State Code",
            "Inferred State Region",
        ],
    },
    Concept {
        id: "city",
        fields: &["city", "town"],
        headers: &["City", "Town", "Inferred City"],
    },
    Concept {
        id: "language",
        fields: &["language", "preferred_language", "locale"],
        headers: &["Language", "Preferred Language", "Locale"],
    },
    Concept {
        id: "phone",
        fields: &[
            "phone",
            "phone_number",
            "telephone",
            "mobile",
            "mobile_phone",
        ],
        headers: &[
            "Phone",
            "Phone Number",
            "Telephone",
            "Mobile Phone",
            "MobilePhone",
            "Mobile Phone Number",
        ],
    },
    Concept {
        id: "lead_source",
        fields: &["lead_source", "source", "original_source", "channel"],
        headers: &[
            "Lead Source",
            "LeadSource",
            "Original Source",
            "Source",
            "Person Source",
            "Original Source Type",
        ],
    },
    Concept {
        id: "lifecycle_stage",
        fields: &["lifecycle_stage", "lifecycle", "lead_status", "status"],
        headers: &[
            "Lifecycle Stage",
            "Lead Status",
            "Status",
            "Lifecycle Status",
        ],
    },
    Concept {
        id: "created",
        fields: &[
            "created",
            "created_date",
            "created_at",
            "create_date",
            "signup_date",
        ],
        headers: &[
            "Create Date",
            "Created Date",
            "CreatedDate",
            "Created At",
            "Created",
            "Became a Lead Date",
            "Acquisition Date",
        ],
    },
    Concept {
        id: "last_activity",
        fields: &[
            "last_activity",
            "last_activity_date",
            "last_visit",
            "last_seen",
            "last_engagement",
            "last_visit_date",
        ],
        headers: &[
            "Last Activity Date",
            "LastActivityDate",
            "Last Activity",
            "Last Engagement Date",
            "Time of Last Session",
            "Last Visit",
            "Last Visit Date",
            "Last Seen",
            "LastViewedDate",
            "Last Interesting Moment Date",
        ],
    },
    Concept {
        id: "page_views",
        fields: &["page_views", "pageviews", "views"],
        headers: &[
            "Number of Pageviews",
            "Page Views",
            "Pageviews",
            "Web Page Views",
            "Number of Page Views",
        ],
    },
    Concept {
        id: "sessions",
        fields: &["sessions", "visits", "site_visits", "web_visits"],
        headers: &[
            "Number of Sessions",
            "Sessions",
            "Visits",
            "Website Visits",
            "Number of Visits",
            "Web Visits",
        ],
    },
    Concept {
        id: "email_opens",
        fields: &["email_opens", "emails_opened", "opens"],
        headers: &[
            "Marketing Emails Opened",
            "Emails Opened",
            "Email Opens",
            "Opens",
            "Number of Email Opens",
        ],
    },
    Concept {
        id: "email_clicks",
        fields: &["email_clicks", "emails_clicked", "clicks"],
        headers: &[
            "Marketing Emails Clicked",
            "Emails Clicked",
            "Email Clicks",
            "Clicks",
            "Number of Email Clicks",
        ],
    },
    Concept {
        id: "form_submissions",
        fields: &["form_submissions", "forms", "forms_submitted", "form_fills"],
        headers: &[
            "Number of Form Submissions",
            "Form Submissions",
            "Forms Submitted",
            "Form Fills",
        ],
    },
    Concept {
        id: "downloads",
        fields: &["downloads", "content_downloads", "whitepaper_downloads"],
        headers: &[
            "Downloads",
            "Content Downloads",
            "Number of Downloads",
            "Whitepaper Downloads",
        ],
    },
    Concept {
        id: "webinars",
        fields: &[
            "webinars",
            "webinar_attended",
            "webinars_attended",
            "webinar",
        ],
        headers: &[
            "Webinars Attended",
            "Webinar Attended",
            "Webinars",
            "Attended Webinar",
            "Webinar Attendance",
        ],
    },
    Concept {
        id: "demo_requested",
        fields: &["demo_requested", "demo_request", "requested_demo", "demo"],
        headers: &["Demo Requested", "Requested Demo", "Demo Request", "Demo"],
    },
    Concept {
        id: "pricing_visits",
        fields: &[
            "pricing_visits",
            "pricing_page_visits",
            "pricing_views",
            "visited_pricing",
            "pricing_page",
        ],
        headers: &[
            "Pricing Page Visits",
            "Pricing Page Views",
            "Visited Pricing Page",
            "Pricing Visits",
        ],
    },
    Concept {
        id: "trial_signup",
        fields: &[
            "trial_signup",
            "trial",
            "free_trial",
            "trial_started",
            "started_trial",
        ],
        headers: &[
            "Trial Signup",
            "Trial Sign-up",
            "Free Trial",
            "Trial Started",
            "Started Trial",
            "Trial",
        ],
    },
    Concept {
        id: "unsubscribed",
        fields: &[
            "unsubscribed",
            "opted_out",
            "email_opt_out",
            "opt_out",
            "do_not_email",
        ],
        headers: &[
            "Unsubscribed",
            "HasOptedOutOfEmail",
            "Email Opt Out",
            "Opted Out",
            "Opt Out",
            "Unsubscribed from all email",
            "Do Not Email",
            "Email Opt-Out",
        ],
    },
    Concept {
        id: "budget",
        fields: &["budget", "has_budget", "budget_range"],
        headers: &["Budget", "Budget Range", "Has Budget", "Budget Confirmed"],
    },
    Concept {
        id: "timeline",
        fields: &[
            "timeline",
            "timeframe",
            "purchase_timeline",
            "buying_timeframe",
        ],
        headers: &[
            "Timeline",
            "Timeframe",
            "Purchase Timeline",
            "Buying Timeframe",
            "Purchase Timeframe",
        ],
    },
    Concept {
        id: "authority",
        fields: &[
            "authority",
            "seniority",
            "role_seniority",
            "job_level",
            "decision_maker",
        ],
        headers: &[
            "Authority",
            "Seniority",
            "Job Level",
            "Management Level",
            "Decision Maker",
            "Role Seniority",
        ],
    },
    Concept {
        id: "need",
        fields: &["need", "pain_point", "use_case", "business_need"],
        headers: &[
            "Need",
            "Pain Point",
            "Use Case",
            "Business Need",
            "Challenge",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::super::mapping::normalize;
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_header_belongs_to_two_concepts() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for concept in CONCEPTS {
            for name in concept.headers.iter().chain(concept.fields) {
                let key = normalize(name);
                assert!(!key.is_empty(), "{name}");
                if let Some(other) = seen.insert(key.clone(), concept.id) {
                    assert_eq!(
                        other, concept.id,
                        "'{name}' is in both {other} and {}",
                        concept.id
                    );
                }
            }
        }
    }
}
