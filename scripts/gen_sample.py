#!/usr/bin/env python3
"""Generate the built-in sample lead files (deterministic for a given seed).

    python3 scripts/gen_sample.py                       # www/samples/leads.csv, 5,000 rows
    python3 scripts/gen_sample.py --rows 1000000 --out /tmp/leads-1m.csv   # for benchmarks
    python3 scripts/gen_sample.py --calculator          # www/samples/calculator-leads.csv

leads.csv looks like a HubSpot contacts export and maps onto www/models/b2b-saas.json by its
aliases. The people and companies are invented. Dates are relative to --as-of (default
2026-11-20): score the file with that as_of date to get the intended spread.

The distributions are correlated the way real funnels are: senior people at well-fitting
companies request demos more often; engaged leads have recent activity, more page views and
more BANT answers filled in. A small share of rows carries the mess real exports have: empty
cells, "1,200", "$2.5M" and "51-200" numbers, US dates next to ISO ones, free-mail, disposable,
role and competitor addresses, accented names, a cell with a comma, a cell with a newline,
and one company named like an XSS probe (for the web page tests).
"""

import argparse
import csv
import datetime as dt
import math
import os
import random
import sys

HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Job Title", "Company Name", "Industry",
    "Number of Employees", "Annual Revenue", "Country/Region", "Preferred language",
    "Number of Pageviews", "Marketing emails opened", "Content downloads", "Webinars attended",
    "Last Activity Date", "Demo Requested", "Pricing page views", "Free trial",
    "Unsubscribed from all email", "Budget", "Timeline", "Buying role", "Pain point",
    "Create Date",
]

XSS_PROBE = "<img src=x onerror=alert(1)>"
COMPETITOR_DOMAINS = ["leadrival.example", "scorewise.example", "pipemetric.example"]

FIRST = [
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra",
    "Mark", "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Kevin", "Amanda", "Brian",
    "Melissa", "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Lukas", "Anna", "Lena",
    "Jonas", "Emma", "Noah", "Olivia", "Liam", "Sofia", "Mateo", "Isabella", "Lucas", "Chloe",
    "Oliver", "Amelia", "Jack", "Grace", "Ethan", "Aisha", "Omar", "Fatima", "Ravi", "Sanjay",
]
LAST = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
    "Patel", "Shah", "Kumar", "Singh", "Chen", "Wang", "Li", "Tanaka", "Sato", "Schmidt",
    "Schneider", "Fischer", "Weber", "Meyer", "Dubois", "Bernard", "Jansen", "de Vries",
    "O'Brien", "Murphy", "Kelly", "Nguyen", "Kim", "Park", "Cohen", "Rossi", "Silva",
]
# Names with accents and other non-ASCII letters (UTF-8 must survive import and export).
ACCENTED = [
    ("José", "Núñez"), ("Zoë", "Müller"), ("Søren", "Ødegaard"), ("François", "Lefèvre"),
    ("Łukasz", "Wiśniewski"), ("Renée", "Gauthier"), ("Björn", "Åström"), ("İlkay", "Çelik"),
    ("Antonín", "Dvořák"), ("Inês", "Gonçalves"), ("Jürgen", "Groß"), ("Siobhán", "Ó Briain"),
    ("Märta", "Sjöberg"), ("Dženan", "Hadžić"), ("Chloé", "Bézier"), ("Nuño", "Peña"),
]

# Industry -> (weight, company name endings, revenue per employee in USD).
INDUSTRIES = {
    "Computer Software": (16, ["Software", "Labs", "Cloud", "Systems", "AI"], 250_000),
    "Information Technology & Services": (12, ["IT", "Technologies", "Solutions", "Digital"], 180_000),
    "Internet": (7, ["Online", "Digital", ".io", "Networks"], 300_000),
    "Marketing & Advertising": (9, ["Media", "Agency", "Marketing", "Creative"], 150_000),
    "Financial Services": (8, ["Capital", "Financial", "Partners", "Payments"], 350_000),
    "Insurance": (3, ["Insurance", "Assurance", "Mutual"], 400_000),
    "Telecommunications": (3, ["Telecom", "Networks", "Communications"], 320_000),
    "Hospital & Health Care": (6, ["Health", "Medical", "Care", "Clinics"], 120_000),
    "Retail": (6, ["Retail", "Stores", "Goods", "Market"], 200_000),
    "Manufacturing": (6, ["Manufacturing", "Industries", "Works", "Components"], 220_000),
    "Consumer Goods": (3, ["Brands", "Consumer", "Goods"], 260_000),
    "Real Estate": (3, ["Properties", "Realty", "Estates"], 280_000),
    "Staffing & Recruiting": (3, ["Staffing", "Talent", "Recruitment"], 110_000),
    "Education Management": (3, ["Learning", "Academy", "Education"], 90_000),
    "Higher Education": (3, ["University", "College", "Institute"], 100_000),
    "Government Administration": (2, ["County", "Agency", "Authority"], 130_000),
    "Non-profit Organization Management": (3, ["Foundation", "Trust", "Alliance"], 80_000),
    "Other": (4, ["Group", "Company", "Holdings"], 150_000),
}
COMPANY_STEMS = [
    "Acme", "Bright", "Bluefin", "Northwind", "Summit", "Vertex", "Nimbus", "Pioneer", "Harbor",
    "Atlas", "Cobalt", "Maple", "Granite", "Lumen", "Orbit", "Quartz", "Redwood", "Silverline",
    "Tidal", "Umbra", "Vantage", "Willow", "Zenith", "Aurora", "Beacon", "Cascade", "Delta",
    "Ember", "Falcon", "Glacier", "Helix", "Ironclad", "Juniper", "Keystone", "Lighthouse",
    "Meridian", "Nova", "Oakridge", "Polaris", "Quantum", "Riverbend", "Sequoia", "Trident",
    "Unity", "Velocity", "Westbrook", "Yellowstone", "Apex", "Brightpath", "Clearwater",
    "Datastream", "Evergreen", "Foxglove", "Greenfield", "Highland", "Insight", "Kinetic",
]
TLDS = [".com"] * 6 + [".io", ".co", ".net", ".co.uk", ".de"]

# Country -> (weight, language weights).
COUNTRIES = {
    "United States": (44, {"English": 95, "Spanish": 5}),
    "United Kingdom": (10, {"English": 100}),
    "Canada": (6, {"English": 80, "French": 20}),
    "Germany": (7, {"German": 75, "English": 25}),
    "France": (4, {"French": 80, "English": 20}),
    "Netherlands": (3, {"Dutch": 50, "English": 50}),
    "Ireland": (1.5, {"English": 100}),
    "Sweden": (1.5, {"English": 70, "Swedish": 30}),
    "Australia": (4, {"English": 100}),
    "New Zealand": (1, {"English": 100}),
    "Spain": (2, {"Spanish": 80, "English": 20}),
    "Italy": (2, {"Italian": 80, "English": 20}),
    "Brazil": (3, {"Portuguese": 85, "English": 15}),
    "India": (6, {"English": 100}),
    "Japan": (2, {"Japanese": 85, "English": 15}),
    "Singapore": (1.5, {"English": 100}),
    "Russia": (0.4, {"Russian": 90, "English": 10}),
    "Iran": (0.1, {"English": 100}),
}
# How exports spell some countries besides the canonical name.
COUNTRY_SPELLINGS = {"United States": ["USA", "US", "United States of America"], "United Kingdom": ["UK"]}

FREE_DOMAINS = ["gmail.com"] * 6 + ["yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "gmx.de", "aol.com"]
DISPOSABLE_DOMAINS = ["mailinator.com", "yopmail.com", "10minutemail.com", "guerrillamail.com"]
ROLE_LOCALS = ["info", "sales", "hello", "contact", "marketing", "office"]

# Seniority -> (weight, fit of the person as a buyer 0..1).
SENIORITY = {
    "c_level": (5, 0.9), "vp": (8, 0.85), "director": (14, 0.75), "manager": (25, 0.55),
    "ic": (33, 0.3), "student": (4, 0.0), "wrong": (3, 0.0), "none": (8, 0.3),
}
FUNCTIONS = {  # function -> (weight, relevance to a lead-scoring product 0..1)
    "Marketing": (30, 1.0), "Demand Generation": (6, 1.0), "Marketing Operations": (4, 1.0),
    "Sales": (20, 0.9), "Revenue Operations": (5, 1.0), "Sales Operations": (3, 0.95),
    "Growth": (3, 0.9), "Business Development": (4, 0.8), "Customer Success": (4, 0.4),
    "IT": (7, 0.3), "Engineering": (5, 0.2), "Finance": (4, 0.2), "Operations": (5, 0.3),
}
C_LEVEL_BY_FUNCTION = {
    "Marketing": "Chief Marketing Officer", "Sales": "Chief Revenue Officer",
    "Revenue Operations": "Chief Revenue Officer", "IT": "CIO", "Engineering": "CTO",
    "Finance": "CFO", "Operations": "COO",
}
IC_TITLES = {
    "Marketing": ["Marketing Specialist", "Content Marketer", "Marketing Coordinator", "SEO Specialist"],
    "Demand Generation": ["Demand Generation Specialist", "Campaign Specialist"],
    "Marketing Operations": ["Marketing Operations Analyst", "Marketing Automation Specialist"],
    "Sales": ["Account Executive", "Sales Development Representative", "Business Development Representative"],
    "Revenue Operations": ["RevOps Analyst", "Revenue Operations Specialist"],
    "Sales Operations": ["Sales Operations Analyst", "CRM Administrator"],
    "Growth": ["Growth Marketer", "Growth Analyst"],
    "Business Development": ["Partnerships Associate", "Business Development Associate"],
    "Customer Success": ["Customer Success Specialist", "Account Manager"],
    "IT": ["Systems Administrator", "IT Specialist"],
    "Engineering": ["Software Engineer", "Data Engineer"],
    "Finance": ["Financial Analyst", "Accountant"],
    "Operations": ["Operations Analyst", "Project Coordinator"],
}
STUDENT_TITLES = ["Student", "Marketing Intern", "MBA Student", "Sales Intern", "Graduate Student", "Trainee"]
WRONG_TITLES = ["Technical Recruiter", "Talent Acquisition Partner", "Retired", "Job Seeker", "Freelance Writer"]

BUDGETS = ["No budget yet", "Under $5k", "$5k-$20k", "$20k-$50k", "Over $50k"]
TIMELINES = ["Immediately", "Within 3 months", "3-6 months", "6-12 months", "No timeline"]
ROLES = ["Decision Maker", "Budget Holder", "Executive Sponsor", "Champion", "Influencer", "End User", "Legal and Compliance", "Blocker", "Other"]
NEEDS = ["Too many unqualified leads", "Slow sales handoff", "No visibility into lead quality", "Replacing current tool", "Just researching", "No current need"]


def weighted(rng, table):
    """Pick a key of {key: weight or (weight, ...)}."""
    keys = list(table)
    weights = [v[0] if isinstance(v, tuple) else v for v in table.values()]
    return rng.choices(keys, weights=weights)[0]


def slug(text):
    return "".join(c for c in text.lower() if c.isalnum())


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def job_title(rng, seniority, function):
    if seniority == "c_level":
        if function in C_LEVEL_BY_FUNCTION and rng.random() < 0.5:
            return C_LEVEL_BY_FUNCTION[function]
        return rng.choice(["CEO", "Founder & CEO", "Co-Founder", "President", "Owner", "Managing Director"])
    if seniority == "vp":
        return rng.choice([f"VP of {function}", f"VP, {function}", f"Vice President {function}", f"Head of {function}", f"SVP {function}"])
    if seniority == "director":
        return rng.choice([f"Director of {function}", f"{function} Director", f"Senior Director, {function}"])
    if seniority == "manager":
        return rng.choice([f"{function} Manager", f"Senior {function} Manager", f"{function} Team Lead"])
    if seniority == "student":
        return rng.choice(STUDENT_TITLES)
    if seniority == "wrong":
        return rng.choice(WRONG_TITLES)
    if seniority == "none":
        return ""
    return rng.choice(IC_TITLES[function])


def fmt_employees(rng, n):
    r = rng.random()
    if r < 0.06:  # a size band instead of a count
        for lo, hi in [(1, 10), (11, 50), (51, 200), (201, 500), (501, 1000), (1001, 5000), (5001, 10000)]:
            if n <= hi:
                return f"{lo}-{hi}" if rng.random() < 0.8 else f"{lo:,}-{hi:,}"
        return "10000+" if rng.random() < 0.5 else "10,001+"
    if n >= 1000 and r < 0.35:
        return f"{n:,}"
    return str(n)


def fmt_revenue(rng, v):
    r = rng.random()
    if r < 0.07:
        if v >= 1e9:
            return f"${v / 1e9:.1f}B"
        if v >= 1e6:
            return f"${v / 1e6:.1f}M"
        return f"${v / 1e3:.0f}K"
    if r < 0.14:
        return f"{v:,.0f}"
    if r < 0.17:
        return f"${v:,.0f}"
    return f"{v:.0f}"


def fmt_bool(rng, b):
    """HubSpot writes true/false (and leaves unset properties empty); other tools vary."""
    r = rng.random()
    if r < 0.03:
        return {True: "Yes", False: "No"}[b]
    if r < 0.045:
        return {True: "1", False: "0"}[b]
    if r < 0.05:
        return {True: "x", False: ""}[b]
    if r < 0.055:
        return {True: "checked", False: ""}[b]
    if not b and r < 0.45:
        return ""  # never set
    return "true" if b else "false"


def fmt_activity(rng, d):
    """HubSpot: "2026-11-02 14:31"; some rows come from a US-locale spreadsheet."""
    r = rng.random()
    if r < 0.12:
        return d.strftime("%m/%d/%Y")
    if r < 0.22:
        return d.strftime("%Y-%m-%d")
    return f"{d.isoformat()} {rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}"


def fmt_created(rng, d):
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    if rng.random() < 0.02:  # Marketo-style, read through the field's date_format
        h12 = hour % 12 or 12
        return f"{d.strftime('%b')} {d.day}, {d.year} {h12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
    return f"{d.isoformat()} {hour:02d}:{minute:02d}"


def make_company(rng, industry):
    stem = rng.choice(COMPANY_STEMS)
    ending = rng.choice(INDUSTRIES[industry][1])
    if ending.startswith("."):
        name = stem + ending
        domain = slug(stem) + ending
    else:
        name = f"{stem} {ending}"
        domain = slug(stem + ending) + rng.choice(TLDS)
    if rng.random() < 0.08:
        name += rng.choice([" Inc.", " LLC", " Ltd", " GmbH", " B.V.", " Corp."])
    return name, domain


def lead(rng, i, as_of):
    seniority = weighted(rng, SENIORITY)
    function = weighted(rng, FUNCTIONS)
    title = job_title(rng, seniority, function)
    person_fit = SENIORITY[seniority][1] * (0.4 + 0.6 * FUNCTIONS[function][1])

    if rng.random() < 0.035:
        first, last = rng.choice(ACCENTED)
    else:
        first, last = rng.choice(FIRST), rng.choice(LAST)

    industry = weighted(rng, INDUSTRIES)
    company, domain = make_company(rng, industry)
    # Company size: log-normal, median ~120 employees; students and job seekers skew small.
    employees = int(clamp(math.exp(rng.gauss(4.8, 1.7)), 1, 250_000))
    revenue = employees * INDUSTRIES[industry][2] * math.exp(rng.gauss(0, 0.5))
    revenue = float(round(revenue, -3))

    country = weighted(rng, COUNTRIES)
    language = weighted(rng, COUNTRIES[country][1])
    country_cell = country
    if country in COUNTRY_SPELLINGS and rng.random() < 0.1:
        country_cell = rng.choice(COUNTRY_SPELLINGS[country])

    company_fit = 1.0 if industry in ("Computer Software", "Information Technology & Services", "Internet", "Marketing & Advertising") else 0.6
    if 50 < employees <= 1000:
        company_fit *= 1.1
    # Latent interest: engaged people come back, open mail, download, and answer BANT questions.
    engagement = math.exp(rng.gauss(0, 1.0)) * (0.5 + person_fit)
    intent = clamp(0.7 * person_fit * company_fit + 0.2 * min(engagement, 3) / 3 + rng.gauss(0, 0.1), 0, 1)

    page_views = int(rng.expovariate(1 / (4 * engagement)))
    opens = int(rng.expovariate(1 / (3 * engagement)))
    downloads = sum(rng.random() < 0.12 * min(engagement, 3) for _ in range(4))
    webinars = sum(rng.random() < 0.06 * min(engagement, 3) for _ in range(3))
    pricing = int(rng.expovariate(1 / (0.1 + 2.5 * intent * intent))) if rng.random() < 0.2 + 0.6 * intent else 0
    demo = rng.random() < 0.01 + 0.35 * intent * intent
    trial = rng.random() < 0.03 + 0.15 * intent * (1.5 if employees < 50 else 1)

    created = as_of - dt.timedelta(days=int(rng.uniform(1, 900)))
    # Recency: engaged leads were active lately; others long ago (but not before creation).
    recency = int(rng.expovariate(1 / (15 + 200 / (1 + 2 * engagement + 4 * intent))))
    last_activity = max(as_of - dt.timedelta(days=recency), created)
    unsubscribed = rng.random() < 0.09 / (1 + engagement)

    # BANT answers exist for leads that talked to someone or filled a long form.
    talked = demo or trial or rng.random() < 0.15 + 0.4 * intent
    budget = timeline = role = need = ""
    if talked:
        b = clamp(int(rng.gauss(1 + 3 * intent + 0.5 * (employees > 200), 1)), 0, 4)
        budget = BUDGETS[b] if rng.random() < 0.8 else ""
        t = clamp(int(rng.gauss(3.8 - 4 * intent, 1)), 0, 4)
        timeline = TIMELINES[t] if rng.random() < 0.8 else ""
        if seniority in ("c_level", "vp"):
            role = rng.choices(ROLES, weights=[50, 25, 15, 5, 3, 0, 0, 1, 1])[0]
        elif seniority == "director":
            role = rng.choices(ROLES, weights=[25, 25, 5, 25, 15, 2, 1, 1, 1])[0]
        else:
            role = rng.choices(ROLES, weights=[3, 2, 0, 30, 30, 25, 3, 2, 5])[0]
        role = role if rng.random() < 0.85 else ""
        need = rng.choices(NEEDS, weights=[30 * intent + 5, 20 * intent + 3, 20 * intent + 3, 10 * intent + 2, 20 * (1 - intent) + 2, 8 * (1 - intent)])[0]
        need = need if rng.random() < 0.85 else ""

    # Email address: mostly work addresses, with the usual free-mail and junk.
    local = rng.choice([f"{slug(first)}.{slug(last)}", f"{slug(first)[0]}{slug(last)}", slug(first)])
    if not local:
        local = f"lead{i}"
    r = rng.random()
    if seniority == "student" and r < 0.7:
        email = f"{local}@{rng.choice(FREE_DOMAINS)}"
    elif r < 0.12:
        email = f"{local}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@{rng.choice(FREE_DOMAINS)}"
    elif r < 0.13:
        email = f"{local}@{rng.choice(DISPOSABLE_DOMAINS)}"
    elif r < 0.14:
        email = f"{rng.choice(ROLE_LOCALS)}@{domain}"
    elif r < 0.143:
        email = f"{local}@{rng.choice(COMPETITOR_DOMAINS)}"
    elif r < 0.148:
        email = rng.choice([f"{local}@", f"{local}@{slug(company)}", f"{local} at {domain}", f"{local}@@{domain}"])
    elif r < 0.152:
        email = f"test{rng.randint(1, 999)}@{domain}"
    else:
        email = f"{local}@{domain}"

    row = {
        "Record ID": str(51_200_000 + i * 37),
        "First Name": first,
        "Last Name": last,
        "Email": email,
        "Job Title": title,
        "Company Name": company,
        "Industry": industry,
        "Number of Employees": fmt_employees(rng, employees),
        "Annual Revenue": fmt_revenue(rng, revenue),
        "Country/Region": country_cell,
        "Preferred language": language,
        "Number of Pageviews": str(page_views),
        "Marketing emails opened": str(opens),
        "Content downloads": str(downloads),
        "Webinars attended": str(webinars),
        "Last Activity Date": fmt_activity(rng, last_activity),
        "Demo Requested": fmt_bool(rng, demo),
        "Pricing page views": str(pricing),
        "Free trial": fmt_bool(rng, trial),
        "Unsubscribed from all email": fmt_bool(rng, unsubscribed),
        "Budget": budget,
        "Timeline": timeline,
        "Buying role": role,
        "Pain point": need,
        "Create Date": fmt_created(rng, created),
    }
    # Sparse exports: firmographics and counters are sometimes simply not filled in.
    for col in ("Job Title", "Company Name", "Industry", "Number of Employees", "Annual Revenue",
                "Country/Region", "Preferred language", "Number of Pageviews",
                "Marketing emails opened", "Content downloads", "Webinars attended",
                "Last Activity Date", "Pricing page views"):
        if rng.random() < (0.08 if col in ("Annual Revenue", "Preferred language") else 0.025):
            row[col] = ""
    return row


def special_rows(n):
    """Edge cases at fixed positions, so every generated file of 60+ rows has them."""
    rows = {
        7: {"Company Name": XSS_PROBE},
        13: {"Email": "info@northwindlabs.com", "First Name": "", "Last Name": ""},
        19: {"Email": "dana.whitfield@leadrival.example", "Job Title": "Product Marketing Manager"},
        23: {"Email": "qwe@mailinator.com", "Job Title": "student", "Company Name": "n/a"},
        29: {"Company Name": "Smith, Jones & Partners, LLP"},
        31: {"Job Title": "Head of Marketing\nEMEA & APAC"},
        37: {"First Name": "Zoë", "Last Name": "Ødegaard-Müller", "Country/Region": "Norway", "Preferred language": "English"},
        41: {"Number of Employees": "1,200", "Annual Revenue": "$2.5M"},
        43: {"Number of Employees": "51-200", "Last Activity Date": "03/07/2026"},
        47: {"Number of Employees": "10000+", "Annual Revenue": "1,250,000,000"},
        53: {"Pain point": "Too many unqualified leads, and slow handoff"},
        59: {"Job Title": "  VP, Demand Generation  ", "Demo Requested": "Yes", "Free trial": "checked"},
    }
    return {k: v for k, v in rows.items() if k < n}


def generate(rows, seed, as_of):
    """Yield the rows one by one, so benchmark files of millions of rows stream to disk."""
    rng = random.Random(seed)
    special = special_rows(rows)
    for i in range(rows):
        row = lead(rng, i, as_of)
        row.update(special.get(i, {}))
        yield row


CALC_HEADER = ["Submitted At", "Email", "Monthly leads", "Sales team size", "CRM", "Role",
               "Scores leads today", "Has budget", "Timeline"]


def generate_calculator(rows, seed, as_of):
    rng = random.Random(seed)
    out = []
    for i in range(rows):
        size = rng.choices(["Just me", "2-5", "6-20", "21-50", "More than 50"], weights=[15, 30, 30, 15, 10])[0]
        scale = {"Just me": 0.2, "2-5": 0.5, "6-20": 1.5, "21-50": 4, "More than 50": 10}[size]
        leads = int(math.exp(rng.gauss(math.log(150 * scale), 0.8)))
        leads_cell = f"{leads:,}" if leads >= 1000 and rng.random() < 0.5 else str(leads)
        if rng.random() < 0.08:
            leads_cell = rng.choice(["100-500", "1000+", "~300", ""])
        when = as_of - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1439))
        out.append({
            "Submitted At": when.strftime("%Y-%m-%d %H:%M"),
            "Email": f"{rng.choice(FIRST).lower()}@{slug(rng.choice(COMPANY_STEMS))}.com",
            "Monthly leads": leads_cell,
            "Sales team size": size,
            "CRM": rng.choices(["HubSpot", "Salesforce", "Pipedrive", "Zoho", "Spreadsheets", "None"], weights=[30, 25, 12, 6, 20, 7])[0],
            "Role": rng.choices(["Marketing", "Sales", "RevOps", "Founder", "Other"], weights=[35, 25, 10, 20, 10])[0],
            "Scores leads today": rng.choice(["Yes", "No", "No", ""]),
            "Has budget": rng.choice(["Yes", "No", "No", ""]),
            "Timeline": rng.choices(["This month", "This quarter", "This year", "Just exploring", ""], weights=[10, 25, 30, 30, 5])[0],
        })
    return out


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www", "samples")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=None, help="rows to write (default 5000, or 50 with --calculator)")
    p.add_argument("--seed", type=int, default=20261120, help="random seed (default 20261120)")
    p.add_argument("--out", default=None, help="output path (default www/samples/leads.csv or calculator-leads.csv)")
    p.add_argument("--as-of", default="2026-11-20", help="the date the data is as of (YYYY-MM-DD)")
    p.add_argument("--calculator", action="store_true", help="write the calculator sample instead")
    args = p.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)
    if args.calculator:
        rows = 50 if args.rows is None else args.rows
        out = args.out or os.path.join(SAMPLES, "calculator-leads.csv")
        write(out, CALC_HEADER, generate_calculator(rows, args.seed, dt.datetime.combine(as_of, dt.time(12))))
    else:
        rows = 5000 if args.rows is None else args.rows
        out = args.out or os.path.join(SAMPLES, "leads.csv")
        if out == "-":
            writer = csv.DictWriter(sys.stdout, fieldnames=HEADER, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(generate(rows, args.seed, as_of))
            return
        write(out, HEADER, generate(rows, args.seed, as_of))
    print(f"wrote {rows} rows to {os.path.normpath(out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
