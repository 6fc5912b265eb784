// Sessions and scorers over the engine, without the adapters: what the elements import.
// Hosts import api.js, which re-exports this and adds the adapters.
import { loadEngine } from './engine.js';
import { readModel, today } from './model-source.js';

/**
 * Start a conversation. `model`: a model object, its JSON text, or a URL (relative to the
 * page). `asOf`: the date that date rules count from (default: today). Throws an Error whose
 * message says what is wrong (engine not loadable, model not found, invalid, no conversation).
 */
export async function createSession(model, { asOf = today() } = {}) {
  const [engine, source] = await Promise.all([loadEngine(), readModel(model)]);
  return new Session(new engine.ChatSession(source.json, asOf), source.model);
}

/** One visitor's conversation. Every method runs synchronously in wasm. */
export class Session {
  #chat;

  constructor(chat, model) {
    this.#chat = chat;
    /** The model as a plain object (greeting, labels, ...). */
    this.model = model;
  }

  /**
   * Record an answer (string, number or boolean) for a field, asked or not, and rescore.
   * Throws with the reason when it does not suit the field (the session is then unchanged).
   * @returns the new state (see `state()`)
   */
  answer(field, value) {
    this.#chat.answer(field, value);
    return this.state();
  }

  /** Skip an optional question by its id. @returns the new state */
  skip(questionId) {
    this.#chat.skip(questionId);
    return this.state();
  }

  /**
   * `{ done: false, question, input }`: the next question and how it is answered
   * (`choices`, `yes_no`, `number`, `email`, `date` or `text`); or
   * `{ done: true, ending: { reason, outcome_key, outcome } }`.
   */
  next() {
    return this.#chat.next();
  }

  /** The full result of the answers so far, with its receipt. */
  result() {
    return this.#chat.result();
  }

  /** The answers so far, `{ field: value }` (choices stored as their values). */
  answers() {
    return this.#chat.answers();
  }

  /** What `leadscore:change` and `leadscore:complete` carry: see `summarise`. */
  state() {
    const next = this.next();
    return summarise(this.result(), this.answers(), next.done ? next.ending : null);
  }
}

/**
 * A model compiled for forms and calculators: `fields()` lists `{ name, type, label,
 * values }`, `score(lead)` scores `{ field: value }` (missing keys are missing data).
 */
export async function createScorer(model, { asOf = today() } = {}) {
  const [engine, source] = await Promise.all([loadEngine(), readModel(model)]);
  const scorer = new engine.Scorer(source.json, asOf);
  return {
    model: source.model,
    fields: () => scorer.fields(),
    score: (lead) => scorer.scoreLead(lead),
  };
}

/**
 * The small, stable shape hosts get in events and adapter callbacks:
 * `{ score, fit, engagement, band, grade, matrix, handoff, qualification, reasons, answers,
 *    done, ending }`. `qualification` is `qualified`, `not_qualified`, `undecided` or
 * `not_assessed`; `reasons` lists each criterion `{ id, label, outcome }`; `ending` is set
 * once the conversation is over.
 */
export function summarise(result, answers, ending = null) {
  return {
    score: result.total,
    fit: result.fit,
    engagement: result.engagement,
    band: result.band,
    grade: result.grade,
    matrix: result.matrix,
    handoff: result.handoff,
    qualification: result.qualification.state,
    reasons: result.qualification.reasons,
    answers,
    done: ending !== null,
    ending,
  };
}
