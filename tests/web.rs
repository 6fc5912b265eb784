//! wasm-bindgen tests: the JS boundary (`src/wasm.rs`) exercised through the wasm build, in
//! headless Chromium. Run with `wasm-pack test --headless --chrome -- --test web`
//! (scripts/test.sh does). Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

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
