//! Conversations: which question comes next, checking and recording answers, rescoring after
//! each one, and how the conversation ends.
//!
//! A [`Session`] holds one visitor's answers as a row whose column `i` is the model's field
//! `i`, and scores it with the same engine as spreadsheets, so a chat answer and a CRM cell
//! are read alike. Nothing here sends anything anywhere: the host decides what to do with
//! the result.
//!
//! ```
//! use leadscore::{chat::{Next, Session}, engine::ScoreOptions, model::Model};
//!
//! let model = Model::from_json(r#"{
//!   "schema": "leadscore/1", "name": "Chat",
//!   "fields": {"size": {"type": "number"}, "budget": {"type": "category"}},
//!   "groups": [{"id": "fit", "dimension": "fit", "rules": [
//!     {"id": "big", "when": {"field": "size", "gte": 50}, "points": 40}]}],
//!   "bands": [{"label": "Hot", "min": 30}, {"label": "Cold"}],
//!   "conversation": {"questions": [
//!     {"id": "size", "field": "size", "ask": "How many employees?"},
//!     {"id": "budget", "field": "budget", "ask": "Budget set?", "choices": ["Yes", "No"],
//!      "ask_if": {"field": "size", "gte": 10}}],
//!     "outcomes": {"Hot": {"message": "Let's talk!"}}}
//! }"#).unwrap();
//! let mut chat = Session::new(&model, ScoreOptions::default()).unwrap();
//! chat.answer("size", "5").unwrap();              // too small: the budget question is skipped
//! assert!(matches!(chat.next(), Next::Done(_)));
//! assert_eq!(chat.result().band.as_deref(), Some("Cold"));
//! ```

use indexmap::IndexMap;
use serde::Serialize;

use crate::engine::cell::{normalise_text, parse_bool, parse_date, parse_number};
use crate::engine::email::split_valid;
use crate::engine::{LeadScore, Mapping, QualState, ReasonOutcome, ScoreOptions, Scorer};
use crate::model::{Conversation, FieldType, Model, ModelError, Outcome, Question};

/// One visitor's conversation with a model.
#[derive(Debug)]
pub struct Session {
    model: Model,
    conversation: Conversation,
    scorer: Scorer,
    /// One cell per model field, in model order; empty = not answered.
    answers: Vec<String>,
    /// Per question: answered or skipped.
    closed: Vec<bool>,
    /// Where the conversation stands, worked out after every change.
    step: Step,
}

#[derive(Debug)]
enum Step {
    Ask(usize),
    Done(Ending),
}

/// What the conversation does now.
#[derive(Debug, PartialEq)]
pub enum Next<'a> {
    Ask(&'a Question),
    Done(&'a Ending),
}

/// How a conversation ended and what to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ending {
    pub reason: EndReason,
    /// The `outcomes` key used: a band label or "disqualified".
    pub outcome_key: Option<String>,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// A knockout fired (`stop_when_disqualified`).
    Disqualified,
    /// Qualification was decided either way (`stop_when_decided`).
    Decided,
    /// Every question that applies was answered or skipped.
    Answered,
}

/// How a question is answered, from its choices and its field's type: what a chat shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// One of the question's `choices` (buttons).
    Choices,
    /// A boolean field without choices: yes or no.
    YesNo,
    /// Typed, read as a number ("1,200", "$2.5M" and "51-200" are numbers too).
    Number,
    Email,
    Date,
    /// Free text (text and category fields).
    Text,
}

/// Why an answer was not taken. The conversation is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    UnknownField(String),
    UnknownQuestion(String),
    /// The value does not suit the field; the message says what would.
    Invalid {
        field: String,
        message: String,
    },
    NotOptional(String),
    Finished,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::UnknownField(field) => write!(f, "the model has no field '{field}'"),
            AnswerError::UnknownQuestion(id) => {
                write!(f, "the conversation has no question '{id}'")
            }
            AnswerError::Invalid { field, message } => write!(f, "{field}: {message}"),
            AnswerError::NotOptional(id) => write!(f, "question '{id}' cannot be skipped"),
            AnswerError::Finished => f.write_str("the conversation has ended"),
        }
    }
}

impl std::error::Error for AnswerError {}

impl Session {
    /// Start a conversation. The model needs a `conversation` section.
    pub fn new(model: &Model, options: ScoreOptions) -> Result<Session, ModelError> {
        let Some(conversation) = model.conversation.clone() else {
            return Err(ModelError::one(
                "conversation",
                "this model has no conversation section",
            ));
        };
        let by_field: Mapping = model
            .field_names()
            .enumerate()
            .map(|(i, f)| (f, i))
            .collect();
        let scorer = Scorer::new(model, &by_field, options)?;
        let mut session = Session {
            model: model.clone(),
            closed: vec![false; conversation.questions.len()],
            conversation,
            scorer,
            answers: vec![String::new(); model.fields.len()],
            step: Step::Ask(0),
        };
        session.settle();
        Ok(session)
    }

    fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// Record an answer for a field (asked or not: a host may pre-fill what it knows), then
    /// rescore and decide whether the conversation goes on.
    pub fn answer(&mut self, field: &str, value: &str) -> Result<(), AnswerError> {
        if self.ending().is_some() {
            return Err(AnswerError::Finished);
        }
        let index = self
            .model
            .fields
            .get_index_of(field)
            .ok_or_else(|| AnswerError::UnknownField(field.to_string()))?;
        let cell = self.checked(field, value)?;
        self.answers[index] = cell;
        let questions = &self.conversation().questions;
        let answered: Vec<usize> = (0..questions.len())
            .filter(|i| questions[*i].field == field)
            .collect();
        for i in answered {
            self.closed[i] = true;
        }
        self.settle();
        Ok(())
    }

    /// Skip an optional question.
    pub fn skip(&mut self, question: &str) -> Result<(), AnswerError> {
        if self.ending().is_some() {
            return Err(AnswerError::Finished);
        }
        let questions = &self.conversation().questions;
        let i = (questions.iter().position(|q| q.id == question))
            .ok_or_else(|| AnswerError::UnknownQuestion(question.to_string()))?;
        if !questions[i].optional {
            return Err(AnswerError::NotOptional(question.to_string()));
        }
        self.closed[i] = true;
        self.settle();
        Ok(())
    }

    /// The next question to ask, or how the conversation ended.
    pub fn next(&self) -> Next<'_> {
        match &self.step {
            Step::Ask(i) => Next::Ask(&self.conversation.questions[*i]),
            Step::Done(ending) => Next::Done(ending),
        }
    }

    /// How `question` is answered.
    pub fn input(&self, question: &Question) -> Input {
        if !question.choices.is_empty() {
            return Input::Choices;
        }
        // Validation guarantees the field exists; text is the safe reading if not.
        match self.model.fields.get(&question.field).map(|f| f.kind) {
            Some(FieldType::Boolean) => Input::YesNo,
            Some(FieldType::Number) => Input::Number,
            Some(FieldType::Email) => Input::Email,
            Some(FieldType::Date) => Input::Date,
            Some(FieldType::Text | FieldType::Category) | None => Input::Text,
        }
    }

    /// The score of the answers so far, with its receipt.
    pub fn result(&self) -> LeadScore {
        self.scorer.explain(&self.answers)
    }

    /// The answers so far, by field name (answered fields only).
    pub fn answers(&self) -> IndexMap<String, String> {
        (self.model.field_names().zip(&self.answers))
            .filter(|(_, a)| !a.is_empty())
            .map(|(f, a)| (f.to_string(), a.clone()))
            .collect()
    }

    pub fn ending(&self) -> Option<&Ending> {
        match &self.step {
            Step::Done(ending) => Some(ending),
            Step::Ask(_) => None,
        }
    }

    fn next_question(&self) -> Option<usize> {
        let askable = self.scorer.askable(&self.answers);
        let questions = &self.conversation().questions;
        (0..questions.len()).find(|i| {
            let field = self.model.fields.get_index_of(&questions[*i].field);
            let prefilled = field.is_some_and(|f| !self.answers[f].is_empty());
            !self.closed[*i] && !prefilled && askable[*i]
        })
    }

    /// After each change: the next question, or the end if the conversation's rules say so.
    fn settle(&mut self) {
        let result = self.result();
        let conv = self.conversation();
        let state = result.qualification.state;
        let knockout =
            (result.qualification.reasons.iter()).any(|r| r.outcome == ReasonOutcome::Knockout);
        let next = self.next_question();
        let reason = if conv.stop_when_disqualified && knockout {
            EndReason::Disqualified
        } else if conv.stop_when_decided
            && matches!(state, QualState::Qualified | QualState::NotQualified)
        {
            EndReason::Decided
        } else if let Some(i) = next {
            self.step = Step::Ask(i);
            return;
        } else {
            EndReason::Answered
        };
        let key = if state == QualState::NotQualified && conv.outcomes.contains_key("disqualified")
        {
            Some("disqualified".to_string())
        } else {
            result.band.filter(|b| conv.outcomes.contains_key(b))
        };
        let outcome = key.as_ref().and_then(|k| conv.outcomes.get(k)).cloned();
        self.step = Step::Done(Ending {
            reason,
            outcome_key: key,
            outcome,
        });
    }

    /// The answer as the cell the engine reads, or why it does not suit the field.
    fn checked(&self, field: &str, value: &str) -> Result<String, AnswerError> {
        let invalid = |message: String| AnswerError::Invalid {
            field: field.to_string(),
            message,
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(invalid(
                "an answer is needed (optional questions can be skipped)".into(),
            ));
        }
        let questions = &self.conversation().questions;
        let choices: Vec<_> = (questions.iter().filter(|q| q.field == field))
            .flat_map(|q| &q.choices)
            .collect();
        if !choices.is_empty() {
            let wanted = normalised(value);
            let chosen = choices.iter().find(|c| {
                normalised(&c.value().to_string()) == wanted
                    || matches!(c, crate::model::Choice::Labelled { label, .. } if normalised(label) == wanted)
            });
            return match chosen {
                Some(c) => Ok(c.value().to_string()),
                None => {
                    let offered: Vec<String> =
                        choices.iter().map(|c| c.value().to_string()).collect();
                    Err(invalid(format!(
                        "'{value}' is not one of the choices ({})",
                        offered.join(", ")
                    )))
                }
            };
        }
        let def = &self.model.fields[field];
        let ok = match def.kind {
            FieldType::Text | FieldType::Category => true,
            FieldType::Number => parse_number(value).is_some(),
            FieldType::Boolean => parse_bool(value).is_some(),
            FieldType::Date => parse_date(value, def.date_format.as_deref()).is_some(),
            FieldType::Email => split_valid(&normalised(value)).is_some(),
        };
        if ok {
            Ok(value.to_string())
        } else {
            Err(invalid(match def.kind {
                FieldType::Number => format!("'{value}' is not a number"),
                FieldType::Boolean => format!("'{value}' is not yes or no"),
                FieldType::Date => format!("'{value}' is not a date (e.g. 2026-03-01)"),
                _ => format!("'{value}' is not a valid email address"),
            }))
        }
    }
}

fn normalised(text: &str) -> String {
    let mut out = String::new();
    normalise_text(text, &mut out);
    out
}
