//! wasm-bindgen tests: the JS boundary (`src/wasm.rs`) exercised through the wasm build, in
//! headless Chromium. Run with `wasm-pack test --headless --chrome -- --test web`
//! (scripts/test.sh does, with `--features full` for the file tests). Natively this
//! file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use leadscore::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = r#"{
  "schema": "leadscore/1", "name": "Web test",
  "fields": {"title": {"type": "text", "aliases": ["Job Title"]}, "employees": {"type": "number"}},
  "groups": [{"id": "fit", "dimension": "fit", "max": 50, "rules": [
    {"id": "exec", "when": {"field": "title", "contains_any": ["vp", "chief"]}, "points": 20},
    {"id": "size", "when": {"field": "employees", "gte": 50}, "points": 10}]}],
  "bands": [{"label": "Hot", "min": 15}, {"label": "Cold"}]
}"#;

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).expect("a plain object")
}

/// `[(path, message)]` from a `validate_model` answer.
fn problems(answer: &JsValue) -> Vec<(String, String)> {
    let list = js_sys::Array::from(&get(answer, "problems"));
    list.iter()
        .map(|p| {
            (
                get(&p, "path").as_string().unwrap(),
                get(&p, "message").as_string().unwrap(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn a_good_model_is_ok_with_its_name() {
    let answer = validate(GOOD);
    assert_eq!(get(&answer, "ok").as_bool(), Some(true));
    assert_eq!(
        get(&answer, "name").as_string().as_deref(),
        Some("Web test")
    );
    assert!(problems(&answer).is_empty());
    // json_compatible: a plain Array, not a Map or Set.
    assert!(js_sys::Array::is_array(&get(&answer, "problems")));
}

#[wasm_bindgen_test]
fn a_bad_model_is_an_answer_with_located_problems() {
    let bad = GOOD.replace(r#""aliases""#, r#""alias""#).replace(
        r#""field": "employees", "gte": 50"#,
        r#""field": "employes", "gte": 50"#,
    );
    let answer = validate(&bad);
    assert_eq!(get(&answer, "ok").as_bool(), Some(false));
    assert!(get(&answer, "name").is_null());
    let found = problems(&answer);
    let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
    assert!(paths.contains(&"fields.title.alias"), "{found:?}");
    let alias = found
        .iter()
        .find(|(path, _)| path == "fields.title.alias")
        .unwrap();
    assert!(alias.1.contains("unknown key 'alias'"), "{found:?}");
}

#[wasm_bindgen_test]
fn not_json_is_one_problem_at_the_document() {
    let answer = validate("{ nope");
    assert_eq!(get(&answer, "ok").as_bool(), Some(false));
    let found = problems(&answer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "");
    assert!(found[0].1.contains("not valid JSON"), "{found:?}");
}

fn validate(json: &str) -> JsValue {
    wasm::validate_model(json).unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)))
}

/// The b2b example model and sample, as the page loads them.
const B2B: &str = include_str!("../www/models/b2b-saas.json");
#[cfg(feature = "spreadsheets")]
const SAMPLE: &[u8] = include_bytes!("../www/samples/leads.csv");

fn scorer(model: &str, as_of: Option<&str>) -> wasm::JsScorer {
    wasm::JsScorer::new(model, as_of.map(str::to_string))
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)))
}

#[wasm_bindgen_test]
fn one_lead_scores_with_its_receipt_through_wasm() {
    let s = scorer(GOOD, None);
    let lead = js_sys::JSON::parse(r#"{"title": "VP Sales", "employees": 120}"#).unwrap();
    let result = s
        .score_lead(lead)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(get(&result, "total").as_f64(), Some(30.0));
    assert_eq!(get(&result, "band").as_string().as_deref(), Some("Hot"));
    let fired = js_sys::Array::from(&get(&get(&result, "receipt"), "fired"));
    let rules: Vec<String> = fired
        .iter()
        .map(|h| get(&h, "rule").as_string().unwrap())
        .collect();
    assert_eq!(rules, ["exec", "size"]);
}

#[wasm_bindgen_test]
fn a_scorer_lists_its_fields_for_forms() {
    let fields = js_sys::Array::from(&scorer(GOOD, None).fields().unwrap());
    let named: Vec<(String, String, String)> = fields
        .iter()
        .map(|f| {
            let text = |key| get(&f, key).as_string().unwrap();
            (text("name"), text("type"), text("label"))
        })
        .collect();
    assert_eq!(
        named,
        [
            ("title".into(), "text".into(), "Title".into()),
            ("employees".into(), "number".into(), "Employees".into())
        ]
    );
    assert!(js_sys::Array::is_array(&get(&fields.get(0), "values")));
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn the_sample_file_scores_end_to_end_through_wasm() {
    let s = scorer(B2B, Some("2026-11-20"));
    let batch = s
        .score_file(SAMPLE, Some("leads.csv".into()), JsValue::NULL)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(batch.row_count(), 5000);
    assert!(batch.errors().is_empty(), "{:?}", batch.errors());
    assert_eq!(batch.band_labels(), ["SQL", "MQL", "Nurture", "Cold"]);
    // Every row landed in a band, and the scores match the native engine's for row 1.
    assert!(batch.bands().iter().all(|b| (*b as usize) < 4));
    let native = {
        use leadscore::engine::{ScoreOptions, Scorer};
        use leadscore::model::Model;
        let model = Model::from_json(B2B).unwrap();
        let mut rows = leadscore::table::open_bytes(SAMPLE, Some("leads.csv")).unwrap();
        let mapping = leadscore::table::suggest(&model, rows.header()).mapping;
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
        let engine = Scorer::new(&model, &mapping, ScoreOptions { as_of }).unwrap();
        engine.score(&rows.next().unwrap().unwrap()).total
    };
    assert_eq!(batch.totals()[0], native);
}

#[wasm_bindgen_test]
fn a_dated_model_without_as_of_throws_a_helpful_error() {
    let err = wasm::JsScorer::new(B2B, None).err().expect("must throw");
    let message = js_sys::Error::from(JsValue::from(err)).message();
    assert!(String::from(message).contains("as_of"));
}

#[wasm_bindgen_test]
fn an_unknown_field_in_a_lead_is_an_error_not_a_silent_zero() {
    let s = scorer(GOOD, None);
    let lead = js_sys::JSON::parse(r#"{"titel": "VP"}"#).unwrap();
    let err = s.score_lead(lead).err().expect("must throw");
    let message = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(message.contains("no field 'titel'"), "{message}");
}

#[cfg(feature = "spreadsheets")]
/// A chunk reader as the worker gives one: `pull()` returns the next `Uint8Array`, empty at
/// the end. Chunks of 7 bytes so records straddle chunk boundaries.
fn pull_over(bytes: &'static [u8]) -> js_sys::Function {
    pull_chunks(bytes, 7)
}

/// A pull function handing out `bytes` in chunks of `size`.
fn pull_chunks(bytes: &'static [u8], size: usize) -> js_sys::Function {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let mut at = 0;
    let f = Closure::wrap(Box::new(move || {
        let end = (at + size).min(bytes.len());
        let chunk = js_sys::Uint8Array::from(&bytes[at..end]);
        at = end;
        chunk
    }) as Box<dyn FnMut() -> js_sys::Uint8Array>);
    let function = f.as_ref().unchecked_ref::<js_sys::Function>().clone();
    f.forget();
    function
}

#[cfg(feature = "spreadsheets")]
const SMALL: &[u8] = b"\xEF\xBB\xBFName,Job Title,Employees\r\nAda,VP Sales,120\r\nBob,Intern,lots\r\n\"Cy, Jr\",Chief of Staff,60\r\n";

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn inspect_reports_header_sample_and_suggested_mapping() {
    let s = scorer(GOOD, None);
    let info = s
        .inspect_stream(pull_over(SMALL), 2)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(get(&info, "format").as_string().as_deref(), Some("csv"));
    assert_eq!(js_sys::Array::from(&get(&info, "sample")).length(), 2);
    let fields = js_sys::Array::from(&get(&info, "fields"));
    let title = fields.get(0);
    assert_eq!(get(&title, "field").as_string().as_deref(), Some("title"));
    assert_eq!(get(&title, "column").as_f64(), Some(1.0));
    assert_eq!(get(&title, "how").as_string().as_deref(), Some("alias"));
    let unused = js_sys::Array::from(&get(&info, "unusedColumns"));
    assert_eq!(unused.get(0).as_f64(), Some(0.0));
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn shown_cells_follow_the_display_columns_in_any_order_and_past_short_rows() {
    let s = scorer(GOOD, None);
    let text =
        b"Name,Job Title,Employees,City\nAda,CEO,10,Paris\nBo,\"VP, Sales\"\nCy,CTO,5,Rome,extra\n";
    let mapping = js_sys::JSON::parse(r#"{"title": 1, "employees": 2}"#).unwrap();
    // Adjacent columns (copied as one run), a step back, a column only a long row has, one
    // past every row, and a repeat.
    let display = vec![1, 2, 3, 0, 4, 7, 2];
    let batch = s
        .score_stream(pull_over(text), mapping, display, None, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    let rows: Vec<Vec<String>> = (0..3u32).map(|i| batch.shown_cells(&[i])).collect();
    assert_eq!(
        rows,
        [
            ["CEO", "10", "Paris", "Ada", "", "", "10"],
            ["VP, Sales", "", "", "Bo", "", "", ""],
            ["CTO", "5", "Rome", "Cy", "extra", "", "5"],
        ]
    );
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn search_is_case_blind_within_each_shown_cell() {
    let s = scorer(GOOD, None);
    let text =
        "Name,Job Title,City\nAda,CEO,Paris\nBo,\"VP, Sales\",Zürich\nΟΔΟΣ,CTO,\n".as_bytes();
    let mapping = js_sys::JSON::parse(r#"{"title": 1}"#).unwrap();
    let batch = s
        .score_stream(pull_over(text), mapping, vec![0, 1, 2], None, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(batch.search("vp, s"), [0, 1, 0]);
    assert_eq!(batch.search(" PARIS "), [1, 0, 0]);
    assert_eq!(batch.search("S"), [1, 1, 0]);
    // Not across cells ("Ada" then "CEO").
    assert_eq!(batch.search("adaceo"), [0, 0, 0]);
    assert_eq!(batch.search("ZÜR"), [0, 1, 0]);
    // Lowercased as words are: a final sigma is one.
    assert_eq!(batch.search("οδος"), [0, 0, 1]);
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn a_streamed_file_scores_explains_searches_and_exports() {
    let s = scorer(GOOD, None);
    let mapping = js_sys::JSON::parse(r#"{"title": 1, "employees": 2}"#).unwrap();
    let batch = s
        .score_stream(pull_over(SMALL), mapping, vec![0], None, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(batch.totals(), [30.0, 0.0, 30.0]);
    assert_eq!(batch.shown_cells(&[2, 0]), ["Cy, Jr", "Ada"]);
    assert_eq!(batch.search("ADA"), [1, 0, 0]);
    assert_eq!(batch.problems().len(), 1, "{:?}", batch.problems());
    assert!(
        batch.problems()[0].starts_with("row 2 (line 3), column 3 'Employees'"),
        "{:?}",
        batch.problems()
    );
    // Row 3's span (after the 3-byte BOM) is read again for its receipt.
    let spans = batch.spans();
    assert_eq!(batch.row_span(1), [spans[1], spans[2]]);
    assert_eq!(batch.row_span(2), [spans[2], -1.0]);
    assert!(batch.row_span(3).is_empty());
    let (start, end) = (spans[2] as usize + 3, SMALL.len());
    let answer = batch
        .explain(2, Some(SMALL[start..end].to_vec()))
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(get(&get(&answer, "score"), "total").as_f64(), Some(30.0));
    assert_eq!(
        js_sys::Array::from(&get(&answer, "cells"))
            .get(0)
            .as_string()
            .as_deref(),
        Some("Cy, Jr")
    );
    let csv = batch
        .export("salesforce", "csv", Some(pull_over(SMALL)), None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    let text = String::from_utf8(csv).unwrap();
    assert!(
        text.starts_with("Name,Job Title,Employees,Lead_Score__c,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4);
    let err = batch
        .export("pipedrive", "csv", None, None)
        .err()
        .expect("must throw");
    let message = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(
        message.contains("unknown export layout 'pipedrive'"),
        "{message}"
    );
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn a_mapping_to_a_missing_column_is_a_located_error() {
    let s = scorer(GOOD, None);
    let mapping = js_sys::JSON::parse(r#"{"title": 9}"#).unwrap();
    let err = s
        .score_bytes(SMALL, Some("x.csv".into()), mapping, vec![], None, None)
        .err()
        .expect("must throw");
    let message = String::from(js_sys::Error::from(JsValue::from(err)).message());
    assert!(
        message.contains("mapping.title: column 9 does not exist"),
        "{message}"
    );
}

/// A JS function recording the first argument of each call.
fn recorder() -> (js_sys::Function, std::rc::Rc<std::cell::RefCell<Vec<f64>>>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let calls = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = calls.clone();
    let f = Closure::wrap(
        Box::new(move |done: f64| seen.borrow_mut().push(done)) as Box<dyn FnMut(f64)>
    );
    let function = f.as_ref().unchecked_ref::<js_sys::Function>().clone();
    f.forget();
    (function, calls)
}

#[wasm_bindgen_test]
fn cell_ranks_order_numbers_then_text_and_leave_empty_cells_out() {
    const CSV: &[u8] = b"Name,Employees\nbob,120\nAda,lots\n,1,200\nada,60\nCy,\n";
    let s = scorer(GOOD, None);
    let mapping = js_sys::JSON::parse(r#"{"employees": 1}"#).unwrap();
    let batch = s
        .score_stream(pull_over(CSV), mapping, vec![0, 1], None, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    // "Ada" and "ada" are one rank; the empty name ranks u32::MAX.
    assert_eq!(batch.cell_ranks(0).unwrap(), [1, 0, u32::MAX, 0, 2]);
    // Numbers in numeric order (row 3 has three cells: its Employees cell is "1"), then text.
    assert_eq!(batch.cell_ranks(1).unwrap(), [2, 3, 0, 1, u32::MAX]);
    assert!(batch.cell_ranks(2).is_err());
}

#[wasm_bindgen_test]
fn export_reports_progress_every_ten_thousand_rows() {
    let mut csv = String::from("Name,Job Title\n");
    for i in 0..20_000 {
        csv.push_str(&format!("n{i},VP\n"));
    }
    let csv: &'static [u8] = Box::leak(csv.into_bytes().into_boxed_slice());
    let s = scorer(GOOD, None);
    let batch = s
        .score_stream(pull_over(csv), JsValue::NULL, vec![], None, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    let (progress, calls) = recorder();
    let bytes = batch
        .export("standard", "csv", Some(pull_over(csv)), Some(progress))
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 20_001);
    assert_eq!(*calls.borrow(), [10_000.0, 20_000.0]);
}

/// The file's size only sizes the batch's columns up front: the scores and shown cells are
/// the same with it, without it, and with a size that is far off.
#[wasm_bindgen_test]
fn the_file_size_hint_changes_nothing_but_memory() {
    let mut csv = String::from("Name,Job Title\n");
    for i in 0..12_000 {
        // Later rows are longer than the first ones, so an estimate from them falls short.
        let title = if i < 6_000 {
            "VP"
        } else {
            "Chief Executive Officer, Europe"
        };
        csv.push_str(&format!("n{i},{title}\n"));
    }
    let csv: &'static [u8] = Box::leak(csv.into_bytes().into_boxed_slice());
    let s = scorer(GOOD, None);
    let run = |hint: Option<f64>| {
        s.score_stream(pull_over(csv), JsValue::NULL, vec![0, 1], None, hint)
            .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)))
    };
    let plain = run(None);
    assert_eq!(plain.row_count(), 12_000);
    let every: Vec<u32> = (0..12_000).collect();
    for hint in [csv.len() as f64, 100.0, 4.0 * csv.len() as f64] {
        let hinted = run(Some(hint));
        assert_eq!(hinted.row_count(), plain.row_count(), "hint {hint}");
        assert_eq!(hinted.totals(), plain.totals(), "hint {hint}");
        assert_eq!(hinted.spans(), plain.spans(), "hint {hint}");
        assert_eq!(
            hinted.shown_cells(&every),
            plain.shown_cells(&every),
            "hint {hint}"
        );
    }
}

#[wasm_bindgen_test]
fn a_workbook_lists_its_sheets_and_reads_the_one_asked_for() {
    const XLSX: &[u8] = include_bytes!("fixtures/leads.xlsx");
    let s = scorer(GOOD, None);
    let info = s
        .inspect_bytes(XLSX, Some("leads.xlsx".into()), 1, None)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    // The first sheet is empty: the first sheet with data is read.
    assert_eq!(get(&info, "sheet").as_string().as_deref(), Some("Leads"));
    let sheets: Vec<String> = js_sys::Array::from(&get(&info, "sheets"))
        .iter()
        .filter_map(|s| s.as_string())
        .collect();
    assert_eq!(sheets, ["Notes", "Leads"]);
    let named = s
        .inspect_bytes(XLSX, Some("leads.xlsx".into()), 1, Some("Leads".into()))
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    assert_eq!(get(&named, "sheet").as_string().as_deref(), Some("Leads"));
    let empty = s
        .inspect_bytes(XLSX, Some("leads.xlsx".into()), 1, Some("Notes".into()))
        .err()
        .expect("an empty sheet is an error");
    assert!(thrown(empty).contains("sheet 'Notes' is empty"));
    let batch = s
        .score_bytes(
            XLSX,
            Some("leads.xlsx".into()),
            JsValue::NULL,
            vec![],
            None,
            Some("Nope".into()),
        )
        .err()
        .expect("an unknown sheet is an error");
    assert!(thrown(batch).contains("no sheet named 'Nope'"));
}

const CHAT: &str = r#"{
  "schema": "leadscore/1", "name": "Chat web test",
  "fields": {"size": {"type": "number"}, "budget": {"type": "category"}, "student": {"type": "boolean"}},
  "groups": [{"id": "fit", "dimension": "fit", "rules": [
    {"id": "big", "when": {"field": "size", "gte": 50}, "points": 40}]}],
  "bands": [{"label": "Hot", "min": 30}, {"label": "Cold"}],
  "qualification": {"disqualify": [{"id": "student", "when": {"field": "student", "is_true": true}}]},
  "conversation": {"questions": [
    {"id": "student", "field": "student", "ask": "Student?", "choices": [true, false]},
    {"id": "size", "field": "size", "ask": "How many employees?"},
    {"id": "budget", "field": "budget", "ask": "Budget?", "choices": ["yes", "no"],
     "ask_if": {"field": "size", "gte": 10}}],
    "outcomes": {"Hot": {"message": "Let's talk"}, "disqualified": {"message": "Bye"}}}
}"#;

fn chat() -> wasm::JsChatSession {
    wasm::JsChatSession::new(CHAT, None).unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)))
}

fn thrown(e: wasm_bindgen::JsError) -> String {
    String::from(js_sys::Error::from(JsValue::from(e)).message())
}

#[wasm_bindgen_test]
fn a_chat_session_asks_rescores_and_ends_with_the_band_outcome() {
    let mut s = chat();
    let next = s.next().unwrap();
    assert_eq!(
        get(&get(&next, "question"), "id").as_string().as_deref(),
        Some("student")
    );
    assert_eq!(get(&next, "input").as_string().as_deref(), Some("choices"));
    s.answer("student", JsValue::FALSE).unwrap();
    assert_eq!(
        get(&s.next().unwrap(), "input").as_string().as_deref(),
        Some("number"),
        "size has no choices and is a number field"
    );
    s.answer("size", JsValue::from_f64(120.0)).unwrap();
    assert_eq!(get(&s.result().unwrap(), "total").as_f64(), Some(40.0));
    let next = s.next().unwrap();
    assert_eq!(
        get(&get(&next, "question"), "id").as_string().as_deref(),
        Some("budget")
    );
    s.answer("budget", JsValue::from_str("Yes")).unwrap();
    let next = s.next().unwrap();
    assert_eq!(get(&next, "done").as_bool(), Some(true));
    let ending = get(&next, "ending");
    assert_eq!(
        get(&ending, "outcome_key").as_string().as_deref(),
        Some("Hot")
    );
    assert_eq!(
        get(&s.answers().unwrap(), "budget").as_string().as_deref(),
        Some("yes"),
        "stored as the choice's value"
    );
}

#[wasm_bindgen_test]
fn a_chat_session_refuses_bad_answers_and_stops_on_a_knockout() {
    let mut s = chat();
    let err = thrown(s.answer("size", JsValue::from_str("lots")).unwrap_err());
    assert!(err.contains("'lots' is not a number"), "{err}");
    s.answer("student", JsValue::TRUE).unwrap();
    let next = s.next().unwrap();
    assert_eq!(get(&next, "done").as_bool(), Some(true));
    assert_eq!(
        get(&get(&next, "ending"), "reason").as_string().as_deref(),
        Some("disqualified")
    );
    let err = thrown(s.answer("size", JsValue::from_f64(5.0)).unwrap_err());
    assert!(err.contains("ended"), "{err}");
}

/// 400 past leads with a known model behind the outcome (tests/fixtures/learn/).
const HISTORY: &[u8] = include_bytes!("fixtures/learn/history.csv");

fn history() -> wasm::JsHistory {
    wasm::JsHistory::from_stream(pull_over(HISTORY)).unwrap_or_else(|e| panic!("{}", thrown(e)))
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

const TRAIN: &str =
    r#"{"outcome": "outcome", "positive": ["won"], "exclude": ["stage"], "minCount": 5}"#;

fn number(obj: &JsValue, key: &str) -> f64 {
    get(obj, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

#[wasm_bindgen_test]
fn a_history_streams_in_and_suggests_outcome_values_and_leaks() {
    let h = history();
    let whole = wasm::JsHistory::from_bytes(HISTORY, Some("history.csv".into()))
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    assert_eq!(h.row_count(), 400);
    assert_eq!(whole.row_count(), 400);
    assert_eq!(h.header(), whole.header());
    let p = h
        .profile(None, vec![])
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    assert_eq!(get(&p, "outcome").as_string().as_deref(), Some("outcome"));
    let values: Vec<(String, bool)> = js_sys::Array::from(&get(&p, "values"))
        .iter()
        .map(|v| {
            (
                get(&v, "value").as_string().unwrap(),
                get(&v, "positive").as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(values.len(), 2);
    assert!(values.contains(&("Won".into(), true)) && values.contains(&("Lost".into(), false)));
    let leaks: Vec<(String, bool)> = js_sys::Array::from(&get(&p, "columns"))
        .iter()
        .map(|c| {
            (
                get(&c, "name").as_string().unwrap(),
                get(&c, "leak").as_string().is_some(),
            )
        })
        .collect();
    assert_eq!(
        leaks,
        [
            ("lead_id".to_string(), true),
            ("Industry".into(), false),
            ("Employees".into(), false),
            ("Demo Requested".into(), false),
            ("Last Visit".into(), false),
            ("Country".into(), false),
            ("stage".into(), true),
        ]
    );
}

#[wasm_bindgen_test]
fn training_reports_progress_metrics_and_a_scorecard_with_probabilities() {
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = calls.clone();
    let progress = Closure::wrap(Box::new(move |done: f64, total: f64| {
        seen.borrow_mut().push((done, total));
    }) as Box<dyn FnMut(f64, f64)>);
    let report = history()
        .train(
            options(TRAIN),
            Some(
                progress
                    .as_ref()
                    .unchecked_ref::<js_sys::Function>()
                    .clone(),
            ),
        )
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    let expected: Vec<(f64, f64)> = (0..=6).map(|d| (f64::from(d), 6.0)).collect();
    assert_eq!(*calls.borrow(), expected);
    let auc = get(&report, "auc");
    assert!(number(&auc, "mean") > 0.7);
    assert_eq!(js_sys::Array::from(&get(&auc, "folds")).length(), 5);
    assert_eq!(number(&report, "rows"), 400.0);
    for key in ["lift", "calibration"] {
        assert_eq!(
            js_sys::Array::from(&get(&report, key)).length(),
            10,
            "{key}"
        );
    }
    assert!(js_sys::Array::from(&get(&report, "sweep")).length() > 5);
    let recommended = get(&report, "recommended");
    assert!(number(&recommended, "f1") > 0.3);
    let top = js_sys::Array::from(&get(&report, "top_positive")).get(0);
    assert!(number(&top, "weight") > 0.0);
    assert!(js_sys::Array::from(&get(&report, "top_negative")).length() > 0);
    assert_eq!(js_sys::Array::from(&get(&report, "bands")).length(), 3);
    assert_eq!(
        get(&report, "as_of").as_string().as_deref(),
        Some("2026-03-01")
    );

    // The scorecard is a model the page can load; its receipts carry a probability.
    let json = get(&report, "model_json").as_string().unwrap();
    let s = scorer(&json, Some("2026-03-01"));
    let lead = js_sys::JSON::parse(
        r#"{"Industry": "Software", "Employees": 5000, "Demo Requested": "yes", "Last Visit": "2026-02-27", "Country": "US"}"#,
    )
    .unwrap();
    let result = s
        .score_lead(lead)
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    let p = number(&result, "probability");
    let total = number(&result, "total");
    let expected = 1.0 / (1.0 + (-(total - 100.0) * std::f64::consts::LN_2 / 20.0).exp());
    assert!((p - expected).abs() < 1e-12, "{p} vs {expected}");
    assert!(p > 0.5, "a big software lead with a recent demo: {p}");
    drop(progress);
}

#[wasm_bindgen_test]
fn a_throwing_progress_callback_stops_training_with_its_message() {
    let stop =
        js_sys::Function::new_with_args("done", "if (done >= 2) throw new Error('stop here');");
    let err = thrown(history().train(options(TRAIN), Some(stop)).unwrap_err());
    assert_eq!(err, "stop here");
}

#[wasm_bindgen_test]
fn bad_training_options_are_clear_errors() {
    let h = history();
    let err = thrown(h.train(options(r#"{"outcom": "x"}"#), None).unwrap_err());
    assert!(err.contains("options are { outcome"), "{err}");
    let err = thrown(
        h.train(options(r#"{"outcome": "result"}"#), None)
            .unwrap_err(),
    );
    assert!(err.contains("column 'result': no such column"), "{err}");
    let err = thrown(
        h.train(
            options(r#"{"outcome": "outcome", "positive": ["maybe"]}"#),
            None,
        )
        .unwrap_err(),
    );
    assert!(err.contains("no row has a positive outcome"), "{err}");
    let err = thrown(
        h.train(options(r#"{"outcome": "outcome", "folds": 1}"#), None)
            .unwrap_err(),
    );
    assert!(err.contains("at least 2 folds"), "{err}");
}

#[wasm_bindgen_test]
fn models_are_evaluated_and_compared_on_the_history() {
    let h = history();
    let report = h
        .train(options(TRAIN), None)
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    let learned = get(&report, "model_json").as_string().unwrap();
    let on = r#"{"outcome": "outcome", "positive": ["won"], "asOf": "2026-03-01"}"#;
    let e = h
        .evaluate(&learned, options(on))
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    assert_eq!(
        get(&e, "name").as_string().as_deref(),
        Some("Learned scorecard")
    );
    assert_eq!(js_sys::Array::from(&get(&e, "unmapped")).length(), 0);
    let evaluation = get(&e, "evaluation");
    assert!(number(&evaluation, "auc") > 0.7);
    assert_eq!(number(&evaluation, "rows"), 400.0);

    let c = h
        .compare(&learned, B2B, options(on))
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    assert_eq!(
        get(&get(&c, "b"), "name").as_string().as_deref(),
        Some("B2B SaaS")
    );
    assert!(js_sys::Array::from(&get(&get(&c, "b"), "unmapped")).length() > 0);
    let cmp = get(&c, "comparison");
    let diff = number(&cmp, "auc_difference");
    let (a, b) = (
        number(&get(&cmp, "a"), "auc"),
        number(&get(&cmp, "b"), "auc"),
    );
    assert!((diff - (a - b)).abs() < 1e-12);
    assert!(number(&cmp, "ci_low") <= diff && diff <= number(&cmp, "ci_high"));
    let err = thrown(h.compare(&learned, "{", options(on)).unwrap_err());
    assert!(err.starts_with("model B: "), "{err}");
}

/// The history as a workbook: numbers as numbers, the rest as text.
fn history_xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut reader = csv::Reader::from_reader(HISTORY);
    let header = reader.headers().unwrap().clone();
    for (c, name) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, name).unwrap();
    }
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (row, col) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(x) => sheet.write_number(row, col, x).unwrap(),
                Err(_) => sheet.write_string(row, col, cell).unwrap(),
            };
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[wasm_bindgen_test]
fn a_workbook_history_trains_like_the_csv() {
    let xlsx = history_xlsx();
    let h = wasm::JsHistory::from_bytes(&xlsx, Some("history.xlsx".into()))
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    assert_eq!(h.row_count(), 400);
    assert_eq!(h.header(), history().header());
    let from_xlsx = h
        .train(options(TRAIN), None)
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    let from_csv = history()
        .train(options(TRAIN), None)
        .unwrap_or_else(|e| panic!("{}", thrown(e)));
    let auc = |r: &JsValue| number(&get(r, "auc"), "mean");
    assert!(auc(&from_xlsx) > 0.7);
    // "9,329" is text in the CSV and a number in the workbook: both read as 9329.
    assert!((auc(&from_xlsx) - auc(&from_csv)).abs() < 1e-9);
}

/// A messy semicolon export over many 64 KiB blocks: BOM, CRLF, quoted newlines and doubled
/// quotes, a stray quote, short and long rows, blank lines, unreadable numbers, and
/// Windows-1252 bytes late on.
#[cfg(feature = "spreadsheets")]
fn messy_csv() -> &'static [u8] {
    let mut out = b"\xEF\xBB\xBFName;Job Title;Employees\r\n".to_vec();
    for i in 0..30_000 {
        let line = match i % 9 {
            0 => format!("n{i};\"VP\r\nSales\";1,200\r\n"),
            1 => format!("n{i};\"Chief \"\"Data\"\" Officer\";12\r\n"),
            2 => format!("n{i};Intern\r\n"),
            3 => format!("n{i};5'11\" Director;lots;extra\r\n"),
            4 => "\r\n".to_string(),
            _ => format!("n{i};Analyst;{}\r\n", i % 700),
        };
        out.extend_from_slice(line.as_bytes());
        if i == 22_000 {
            out.extend_from_slice(b"Ren\xe9;G\xe9rant;5\r\n");
        }
    }
    Box::leak(out.into_boxed_slice())
}

#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn blocks_scored_apart_and_joined_make_the_streamed_batch() {
    blocks_joined_make_the_streamed_batch(false);
}

/// As the page does: every block's scores first, then (once all are joined) their shown cells.
#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn blocks_scored_then_shown_make_the_streamed_batch() {
    blocks_joined_make_the_streamed_batch(true);
}

#[cfg(feature = "spreadsheets")]
fn blocks_joined_make_the_streamed_batch(shown_apart: bool) {
    let csv = messy_csv();
    let s = scorer(GOOD, None);
    let display = vec![0, 1, 2];
    let streamed = s
        .score_stream(
            pull_chunks(csv, 1 << 16),
            JsValue::NULL,
            display.clone(),
            None,
            None,
        )
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));

    let delimiter = wasm::csv_delimiter(csv, false);
    assert_eq!(delimiter, b';');
    let header: Vec<String> = ["Name", "Job Title", "Employees"]
        .map(String::from)
        .to_vec();
    let mut helper = s
        .block_scorer(header.clone(), delimiter, JsValue::NULL, display.clone())
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    let mut joined = s
        .parts_batch(header, delimiter, JsValue::NULL, display)
        .unwrap_or_else(|e| panic!("threw: {:?}", JsValue::from(e)));
    // As the page's worker does (www/js/block-pool.js): cut just after the first terminator
    // past every few KB without reading from the start, and when a block read from its start
    // does not end on a record end (the cut fell inside a quoted cell), score it again
    // joined with the next.
    let mut cuts = vec![0];
    let mut boundary = 10_000;
    while boundary < csv.len() {
        match wasm::cut_after_terminator(&csv[boundary - 1..], 1) {
            Some(c) if boundary - 1 + c < csv.len() => cuts.push(boundary - 1 + c),
            _ => break,
        }
        boundary = cuts[cuts.len() - 1] + 10_000;
    }
    cuts.push(csv.len());
    let (mut from, mut count, mut recut) = (0, 0, 0);
    let mut blocks = Vec::new();
    for to in 1..cuts.len() {
        let block = &csv[cuts[from]..cuts[to]];
        let part = helper
            .score(block, from == 0, to == cuts.len() - 1, !shown_apart)
            .unwrap();
        match part {
            Some(part) => {
                joined.append_part(&part).unwrap();
                blocks.push((block, from == 0));
                from = to;
                count += 1;
            }
            None => recut += 1,
        }
    }
    if shown_apart {
        // Before the shown cells come, the page reads a row's cells from its span: the same.
        let spans = joined.spans();
        let every: Vec<u32> = (0..streamed.row_count() as u32).collect();
        let expected = streamed.shown_cells(&every);
        for (i, &start) in spans.iter().enumerate() {
            let end = spans.get(i + 1).map_or(csv.len(), |&e| 3 + e as usize);
            let cells = joined
                .shown_cells_of_row(i, csv[3 + start as usize..end].to_vec())
                .unwrap_or_else(|e| panic!("row {i} threw: {:?}", JsValue::from(e)));
            assert_eq!(cells, expected[i * 3..i * 3 + 3], "row {i}");
        }
        for (block, first) in blocks {
            let shown = helper.shown_cells(block, first).unwrap();
            joined.append_shown(&shown).unwrap();
        }
    }
    assert!(count >= 5, "{count} blocks");
    // Some cuts fell inside the quoted `VP\r\nSales`.
    assert!(recut > 0, "no cut fell inside a quoted cell");

    assert_eq!(joined.row_count(), streamed.row_count());
    assert_eq!(joined.rows(), streamed.rows());
    assert_eq!(joined.totals(), streamed.totals());
    assert_eq!(joined.fit(), streamed.fit());
    assert_eq!(joined.bands(), streamed.bands());
    assert_eq!(joined.grades(), streamed.grades());
    assert_eq!(joined.qualification(), streamed.qualification());
    assert_eq!(joined.handoff(), streamed.handoff());
    let (a, b) = (joined.spans(), streamed.spans());
    let first_difference = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i));
    assert_eq!(
        first_difference.map(|i| (i, a.get(i), b.get(i))),
        None,
        "spans differ"
    );
    assert_eq!(joined.errors(), streamed.errors());
    assert_eq!(joined.warnings(), streamed.warnings());
    assert_eq!(joined.problems(), streamed.problems());
    assert!(streamed.warnings()[0].starts_with("not UTF-8: decoded as Windows-1252 from row "));
    assert!(streamed.problems().len() > 100);
    let every: Vec<u32> = (0..streamed.row_count() as u32).collect();
    assert_eq!(joined.shown_cells(&every), streamed.shown_cells(&every));
    // A row of a late block reads again from its span, as the page's receipt drawer does.
    let last = streamed.row_count() - 1;
    let span = joined.row_span(last);
    let bytes = csv[3 + span[0] as usize..].to_vec();
    let explained = joined.explain(last, Some(bytes.clone())).unwrap();
    let expected = streamed.explain(last, Some(bytes)).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&explained).unwrap(),
        js_sys::JSON::stringify(&expected).unwrap()
    );
    // A part from elsewhere is refused, not misread.
    assert!(joined.append_part(b"garbage").is_err());
    assert!(joined.append_part(b"LSP2\x01").is_err());
    assert!(joined.append_shown(b"LSS1\x01").is_err());
    // Shown cells past the scored rows are refused.
    let again = helper.shown_cells(&csv[cuts[0]..cuts[1]], true).unwrap();
    assert!(!shown_apart || joined.append_shown(&again).is_err());
}

/// The block reader's SIMD path (wasm simd128, as the app is built) reads what the csv reader
/// reads: tests/table_split.rs checks the same natively, where the path is plain Rust.
#[cfg(feature = "spreadsheets")]
#[wasm_bindgen_test]
fn rows_read_in_place_are_the_csv_readers_rows_in_wasm() {
    use leadscore::table::{continue_csv, SplitRows};
    const PIECES: &[&str] = &[
        "ab",
        "ab",
        "ab",
        "é€",
        ",",
        ",",
        ";",
        "\"",
        "\"\"",
        "\n",
        "\r",
        "\r\n",
        " ",
        "\"x, y\"",
        "\"l1\nl2\"",
        "Company 12 Inc",
        "lead42@acme.example",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for case in 0..3000 {
        let pieces = next(200);
        let text: String = (0..pieces).map(|_| PIECES[next(PIECES.len())]).collect();
        let header = vec![String::new(); 1 + case % 4];
        let mut csv = continue_csv(text.as_bytes(), b',', header.clone());
        let mut split = SplitRows::for_block(text.as_bytes(), b',', false, header.len())
            .expect("a later block always opens")
            .expect("UTF-8");
        while let Some(row) = split.next_row() {
            let expected = csv.next().expect("as many rows").expect("readable");
            let cells: Vec<&str> = row.cells.iter().collect();
            let expected_cells: Vec<&str> = expected.cells.iter().collect();
            assert_eq!(cells, expected_cells, "case {case}: {text:?}");
            assert_eq!(row.line(), expected.line, "case {case}: {text:?}");
            let span = expected.cells.position().map(|p| p.byte());
            assert_eq!(Some(row.span), span, "case {case}: {text:?}");
        }
        assert!(csv.next().is_none(), "case {case}: {text:?}");
        assert_eq!(split.ended_on_record_end(), csv.ended_on_record_end());
    }
}
