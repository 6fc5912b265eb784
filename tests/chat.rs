//! Conversations as the chat widget drives them: questions in order, skip logic, rescoring
//! after each answer, early endings and the configured outcome.
// Native only (wasm-pack test builds every test target; the browser side has its own tests).
#![cfg(not(target_arch = "wasm32"))]

use leadscore::chat::{AnswerError, EndReason, Input, Next, Session};
use leadscore::engine::{QualState, ScoreOptions};
use leadscore::model::Model;

const MODEL: &str = r#"{
  "schema": "leadscore/1", "name": "Chat test",
  "fields": {
    "role": {"type": "category"}, "size": {"type": "number"}, "budget": {"type": "category"},
    "timeline": {"type": "category"}, "email": {"type": "email"}, "student": {"type": "boolean"}
  },
  "groups": [{"id": "fit", "dimension": "fit", "rules": [
    {"id": "decider", "when": {"field": "role", "equals": "decision maker"}, "points": 30},
    {"id": "big", "when": {"field": "size", "gte": 100}, "points": 30},
    {"id": "soon", "when": {"field": "timeline", "in": ["this quarter"]}, "points": 20}]}],
  "bands": [{"label": "SQL", "min": 60}, {"label": "MQL", "min": 30}, {"label": "Cold"}],
  "qualification": {
    "require": [{"id": "budget", "when": {"field": "budget", "equals": "yes"}}],
    "disqualify": [{"id": "student", "label": "Student", "when": {"field": "student", "is_true": true}}]
  },
  "conversation": {
    "questions": [
      {"id": "student", "field": "student", "ask": "Are you a student?",
       "choices": [{"label": "Yes", "value": true}, {"label": "No", "value": false}]},
      {"id": "role", "field": "role", "ask": "Your role?",
       "choices": [{"label": "I decide", "value": "decision maker"}, "influencer"]},
      {"id": "size", "field": "size", "ask": "How many employees?"},
      {"id": "budget", "field": "budget", "ask": "Budget approved?", "choices": ["yes", "no"],
       "ask_if": {"field": "size", "gte": 20}},
      {"id": "timeline", "field": "timeline", "ask": "When?", "choices": ["this quarter", "later"],
       "optional": true},
      {"id": "email", "field": "email", "ask": "Your work email?"}
    ],
    "outcomes": {
      "SQL": {"message": "Book a call", "link": {"label": "Book", "url": "https://example.com/book"}},
      "Cold": {"message": "Thanks!"},
      "disqualified": {"message": "Thanks for your interest."}
    }
  }
}"#;

fn session() -> Session {
    Session::new(&Model::from_json(MODEL).unwrap(), ScoreOptions::default()).unwrap()
}

fn asking(s: &Session) -> &str {
    match s.next() {
        Next::Ask(q) => &q.id,
        Next::Done(e) => panic!("ended: {e:?}"),
    }
}

#[test]
fn a_full_conversation_rescores_after_each_answer_and_ends_with_the_band_outcome() {
    let mut s = session();
    assert_eq!(asking(&s), "student");
    s.answer("student", "No").unwrap(); // by label
    assert_eq!(asking(&s), "role");
    s.answer("role", "I decide").unwrap();
    assert_eq!(s.result().total, 30.0);
    assert_eq!(
        s.answers()["role"],
        "decision maker",
        "stored as the choice's value"
    );
    s.answer("size", "250").unwrap();
    assert_eq!(s.result().band.as_deref(), Some("SQL"));
    assert_eq!(asking(&s), "budget");
    s.answer("budget", "yes").unwrap();
    assert_eq!(s.result().qualification.state, QualState::Qualified);
    s.answer("timeline", "this quarter").unwrap();
    assert_eq!(asking(&s), "email");
    s.answer("email", "ada@acme.io").unwrap();
    let Next::Done(end) = s.next() else {
        panic!("should have ended")
    };
    assert_eq!(end.reason, EndReason::Answered);
    assert_eq!(end.outcome_key.as_deref(), Some("SQL"));
    assert_eq!(
        end.outcome
            .as_ref()
            .and_then(|o| o.link.as_ref())
            .map(|l| l.url.as_str()),
        Some("https://example.com/book")
    );
    assert_eq!(s.result().total, 80.0);
    assert_eq!(s.answer("size", "1"), Err(AnswerError::Finished));
}

#[test]
fn skip_logic_follows_ask_if_on_the_answers_so_far() {
    let mut s = session();
    s.answer("student", "no").unwrap();
    s.answer("role", "influencer").unwrap();
    s.answer("size", "5").unwrap();
    assert_eq!(
        asking(&s),
        "timeline",
        "budget is only asked of companies of 20+"
    );
}

#[test]
fn a_knockout_ends_the_conversation_at_once() {
    let mut s = session();
    s.answer("student", "yes").unwrap();
    let Next::Done(end) = s.next() else {
        panic!("should have ended")
    };
    assert_eq!(end.reason, EndReason::Disqualified);
    assert_eq!(end.outcome_key.as_deref(), Some("disqualified"));
    assert_eq!(s.result().qualification.state, QualState::NotQualified);
}

#[test]
fn stop_when_decided_ends_once_qualification_is_known() {
    let json = MODEL.replace(
        r#""outcomes": {"#,
        r#""stop_when_decided": true, "outcomes": {"#,
    );
    let mut s = Session::new(&Model::from_json(&json).unwrap(), ScoreOptions::default()).unwrap();
    s.answer("student", "no").unwrap();
    s.answer("role", "influencer").unwrap();
    s.answer("size", "50").unwrap();
    s.answer("budget", "no").unwrap();
    let Next::Done(end) = s.next() else {
        panic!("should have ended")
    };
    assert_eq!(end.reason, EndReason::Decided);
    assert_eq!(
        end.outcome_key.as_deref(),
        Some("disqualified"),
        "not qualified uses that outcome"
    );
}

#[test]
fn bad_answers_are_refused_with_a_reason_and_change_nothing() {
    let mut s = session();
    s.answer("student", "no").unwrap();
    let err = s.answer("role", "intern").unwrap_err();
    assert_eq!(
        err.to_string(),
        "role: 'intern' is not one of the choices (decision maker, influencer)"
    );
    assert_eq!(
        s.answer("size", "lots").unwrap_err().to_string(),
        "size: 'lots' is not a number"
    );
    assert!(s
        .answer("email", "ada@")
        .unwrap_err()
        .to_string()
        .contains("not a valid email"));
    assert_eq!(
        s.answer("titel", "x"),
        Err(AnswerError::UnknownField("titel".into()))
    );
    assert!(s.answer("size", "  ").is_err());
    assert_eq!(asking(&s), "role");
    assert!(s.answers().get("size").is_none());
}

#[test]
fn only_optional_questions_can_be_skipped() {
    let mut s = session();
    assert_eq!(
        s.skip("student"),
        Err(AnswerError::NotOptional("student".into()))
    );
    assert_eq!(
        s.skip("nope"),
        Err(AnswerError::UnknownQuestion("nope".into()))
    );
    for (f, v) in [("student", "no"), ("role", "influencer"), ("size", "5")] {
        s.answer(f, v).unwrap();
    }
    s.skip("timeline").unwrap();
    assert_eq!(asking(&s), "email");
}

#[test]
fn what_the_host_already_knows_is_not_asked_again() {
    let mut s = session();
    s.answer("email", "ada@acme.io").unwrap();
    s.answer("size", "40").unwrap();
    for (f, v) in [("student", "no"), ("role", "influencer"), ("budget", "no")] {
        s.answer(f, v).unwrap();
    }
    assert_eq!(asking(&s), "timeline");
    s.skip("timeline").unwrap();
    assert!(
        matches!(s.next(), Next::Done(_)),
        "email was known, so it is not asked"
    );
}

#[test]
fn each_question_says_how_it_is_answered() {
    let model = Model::from_json(
        r#"{
      "schema": "leadscore/1", "name": "Inputs",
      "fields": {"size": {"type": "number"}, "email": {"type": "email"}, "since": {"type": "date"},
                 "student": {"type": "boolean"}, "title": {"type": "text"},
                 "crm": {"type": "category", "values": ["HubSpot", "None"]}},
      "groups": [],
      "conversation": {"questions": [
        {"id": "size", "field": "size", "ask": "Employees?"},
        {"id": "size_band", "field": "size", "ask": "Employees?", "choices": [{"label": "1-10", "value": 5}]},
        {"id": "email", "field": "email", "ask": "Email?"},
        {"id": "since", "field": "since", "ask": "Customer since?"},
        {"id": "student", "field": "student", "ask": "Student?"},
        {"id": "title", "field": "title", "ask": "Title?"},
        {"id": "crm", "field": "crm", "ask": "CRM?"}]}
    }"#,
    )
    .unwrap();
    let s = Session::new(&model, ScoreOptions::default()).unwrap();
    let questions = &model.conversation.as_ref().unwrap().questions;
    let inputs: Vec<(&str, Input)> = (questions.iter())
        .map(|q| (q.id.as_str(), s.input(q)))
        .collect();
    assert_eq!(
        inputs,
        [
            ("size", Input::Number),
            ("size_band", Input::Choices),
            ("email", Input::Email),
            ("since", Input::Date),
            ("student", Input::YesNo),
            ("title", Input::Text),
            ("crm", Input::Text),
        ]
    );
}

#[test]
fn a_model_without_a_conversation_says_so() {
    let mut model = Model::from_json(MODEL).unwrap();
    model.conversation = None;
    let err = Session::new(&model, ScoreOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no conversation"), "{err}");
}

#[test]
fn the_built_in_models_conversations_run_to_an_outcome() {
    for path in ["www/models/b2b-saas.json", "www/models/calculator.json"] {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap();
        let model = Model::from_json(&text).unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
        let mut s = Session::new(&model, ScoreOptions { as_of }).unwrap();
        let mut asked = 0;
        while let Next::Ask(q) = s.next() {
            let (field, answer) = match q.choices.first() {
                Some(c) => (q.field.clone(), c.value().to_string()),
                None => (q.field.clone(), sample_answer(&model, &q.field)),
            };
            s.answer(&field, &answer)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            asked += 1;
            assert!(asked < 50, "{path}: the conversation does not end");
        }
        assert!(s.ending().is_some(), "{path}");
    }
}

fn sample_answer(model: &Model, field: &str) -> String {
    use leadscore::model::FieldType;
    match model.fields[field].kind {
        FieldType::Number => "120".into(),
        FieldType::Boolean => "yes".into(),
        FieldType::Date => "2026-11-01".into(),
        FieldType::Email => "ada@acme.io".into(),
        _ => "VP of Sales".into(),
    }
}
