// <lead-chat>: a qualification chat that scores each answer in this page (WebAssembly) and
// ends with the model's outcome for the lead. One script tag embeds it:
//
//   <script type="module" src="/widget/lead-chat.js"></script>
//   <lead-chat model="/models/b2b-saas.json"></lead-chat>            (bubble, bottom right)
//   <lead-chat mode="inline"><script type="application/json">{...}</script></lead-chat>
//
// Attributes: model, mode ("bubble" | "inline"), heading, launcher-label, as-of, open.
// Events (bubbling, composed): leadscore:change after each answer, leadscore:complete at
// the end, leadscore:error when the chat cannot start. Nothing is sent anywhere.
import { createSession } from './session.js';
import { announce, h, safeUrl, sheet } from './dom.js';
import { elementModel } from './model-source.js';
import { BASE } from './theme.js';

const CSS = `
:host { display: block; }
:host([mode="bubble"]), :host(:not([mode])) {
  /* The launcher comes first (tab order), and sits below the panel it opens. */
  display: flex;
  flex-direction: column-reverse;
  align-items: flex-end;
  position: fixed;
  right: var(--leadscore-offset, 20px);
  bottom: var(--leadscore-offset, 20px);
  z-index: var(--leadscore-z-index, 2147483000);
}
.launcher {
  border-radius: 999px;
  padding: 0.8em 1.3em;
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
}
.panel {
  display: flex;
  flex-direction: column;
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  width: var(--leadscore-width, 100%);
  height: var(--leadscore-height, 480px);
  max-height: 100%;
  overflow: hidden;
}
:host([mode="bubble"]) .panel, :host(:not([mode])) .panel {
  width: var(--leadscore-width, min(380px, calc(100vw - 40px)));
  height: var(--leadscore-height, min(560px, calc(100vh - 110px)));
  margin-bottom: 12px;
  box-shadow: 0 10px 30px rgb(0 0 0 / 0.25);
}
.panel[hidden] { display: none; }
header {
  display: flex; align-items: center; justify-content: space-between; gap: 0.5em;
  padding: 0.6em 0.9em;
  background: var(--_accent);
  color: var(--_accent-text);
}
header h2 { font-size: 1em; margin: 0; }
header button.secondary { border-color: var(--_accent-text); color: var(--_accent-text); padding: 0.1em 0.6em; }
.log {
  flex: 1;
  overflow-y: auto;
  padding: 0.8em;
  display: flex; flex-direction: column; gap: 0.5em;
}
.msg {
  max-width: 85%;
  padding: 0.55em 0.8em;
  border-radius: var(--_radius);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.bot {
  align-self: flex-start;
  background: var(--leadscore-bot-background, #f1f5f9);
  color: var(--leadscore-bot-text, var(--_text));
}
.me { align-self: flex-end; background: var(--_accent); color: var(--_accent-text); }
.msg a.cta { display: inline-block; margin-top: 0.5em; font-weight: 600; }
.composer { border-top: 1px solid var(--_border); padding: 0.7em; }
.composer:empty { display: none; }
.choices { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4em; }
.typed { display: flex; gap: 0.4em; }
.typed input { flex: 1; }
.row { display: flex; gap: 0.4em; margin-top: 0.4em; }
.failed { color: var(--_error); }
`;

let styles;

class LeadChat extends HTMLElement {
  static observedAttributes = ['model', 'as-of'];

  #root;
  #session = null;
  #parts = null;
  #generation = 0; // a newer start makes an older, still loading one drop its result
  #interacted = false; // focus follows the conversation only once the visitor is in it
  #completed = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    styles ??= [sheet(BASE), sheet(CSS)];
    this.#root.adoptedStyleSheets = styles;
  }

  connectedCallback() {
    // Once: a host that moves the element keeps the conversation.
    if (this.#parts) return;
    this.#build();
    this.#start();
  }

  attributeChangedCallback(_name, before, after) {
    if (this.#parts && this.isConnected && before !== after) this.#start();
  }

  /** The headless session behind the chat (null until the model has loaded). */
  get session() {
    return this.#session;
  }

  get bubble() {
    return (this.getAttribute('mode') ?? 'bubble') !== 'inline';
  }

  /** Bubble mode: show the panel and move focus into the conversation. */
  open() {
    this.#parts.panel.hidden = false;
    this.#parts.launcher.setAttribute('aria-expanded', 'true');
    this.toggleAttribute('open', true);
    this.#interacted = true;
    this.#focusComposer();
  }

  /** Bubble mode: hide the panel; focus goes back to the launcher. */
  close() {
    if (!this.bubble) return;
    const hadFocus = this.#root.activeElement !== null;
    this.#parts.panel.hidden = true;
    this.#parts.launcher.setAttribute('aria-expanded', 'false');
    this.toggleAttribute('open', false);
    if (hadFocus) this.#parts.launcher.focus();
  }

  /** Start the conversation again with the same model. */
  restart() {
    this.#start();
  }

  #build() {
    const heading = h('h2', { id: 'heading' });
    const close = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Close chat' }, '×');
    const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-labelledby': 'heading' });
    const composer = h('div', { class: 'composer' });
    const panel = h('section', { class: 'panel', id: 'panel', part: 'panel', 'aria-labelledby': 'heading' },
      h('header', {}, heading, close), log, composer);
    const launcher = h('button', { type: 'button', class: 'launcher', part: 'launcher',
      'aria-controls': 'panel', 'aria-expanded': 'false' });
    close.addEventListener('click', () => this.close());
    launcher.addEventListener('click', () => (panel.hidden ? this.open() : this.close()));
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.bubble) this.close();
    });
    this.#parts = { heading, close, log, composer, panel, launcher };
    this.#root.append(launcher, panel);
  }

  #layout() {
    const { launcher, panel, close } = this.#parts;
    launcher.textContent = this.getAttribute('launcher-label') || 'Chat with us';
    launcher.hidden = !this.bubble;
    close.hidden = !this.bubble;
    const open = !this.bubble || this.hasAttribute('open');
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
  }

  async #start() {
    const generation = ++this.#generation;
    const { heading, log, composer } = this.#parts;
    this.#layout();
    this.#session = null;
    this.#completed = false;
    heading.textContent = this.getAttribute('heading') || 'Chat';
    log.replaceChildren();
    composer.replaceChildren(h('p', { role: 'status' }, 'Loading…'));
    let session;
    try {
      const options = this.hasAttribute('as-of') ? { asOf: this.getAttribute('as-of') } : {};
      session = await createSession(elementModel(this), options);
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    this.#session = session;
    heading.textContent = this.getAttribute('heading') || session.model.name || 'Chat';
    const greeting = session.model.conversation?.greeting;
    if (greeting) this.#say(greeting);
    this.#advance();
  }

  #fail(error) {
    const { composer, log } = this.#parts;
    composer.replaceChildren();
    log.replaceChildren(h('div', { class: 'msg bot failed', role: 'alert' },
      'Sorry, this chat could not start.', h('br'), h('small', {}, error.message)));
    announce(this, 'leadscore:error', { message: error.message });
  }

  #say(text, from = 'bot') {
    const bubble = h('div', { class: `msg ${from}` },
      h('span', { class: 'sr-only' }, from === 'me' ? 'You: ' : ''), text);
    this.#parts.log.append(bubble);
    this.#parts.log.scrollTop = this.#parts.log.scrollHeight;
    return bubble;
  }

  #advance() {
    const next = this.#session.next();
    if (next.done) this.#finish(next.ending);
    else this.#ask(next.question, next.input);
  }

  #ask(question, input) {
    this.#say(question.ask);
    const controls = input === 'choices' || input === 'yes_no'
      ? this.#choiceControls(question, input)
      : this.#typedControls(question, input);
    if (question.optional) {
      const skip = h('button', { type: 'button', class: 'secondary' }, 'Skip');
      skip.addEventListener('click', () => this.#apply(() => this.#session.skip(question.id), 'Skipped'));
      controls.append(h('div', { class: 'row' }, skip));
    }
    this.#parts.composer.replaceChildren(controls);
    if (this.#interacted) this.#focusComposer();
  }

  #choiceControls(question, input) {
    const choices = input === 'yes_no'
      ? [{ label: 'Yes', value: true }, { label: 'No', value: false }]
      : question.choices.map((c) => (c !== null && typeof c === 'object' ? c : { label: String(c), value: c }));
    const group = h('fieldset', { class: 'choices' }, h('legend', { class: 'sr-only' }, question.ask));
    for (const choice of choices) {
      const button = h('button', { type: 'button', class: 'secondary' }, choice.label);
      button.addEventListener('click', () =>
        this.#apply(() => this.#session.answer(question.field, choice.value), choice.label));
      group.append(button);
    }
    return h('div', {}, group, h('p', { class: 'error', id: 'answer-error', role: 'alert', hidden: true }));
  }

  #typedControls(question, input) {
    const kinds = {
      number: { type: 'text', inputmode: 'decimal', autocomplete: 'off' },
      email: { type: 'email', autocomplete: 'email' },
      date: { type: 'date' },
      text: { type: 'text', autocomplete: 'off' },
    };
    const field = h('input', { id: 'answer', name: question.field, ...kinds[input] ?? kinds.text,
      placeholder: question.placeholder, 'aria-describedby': 'answer-error', required: true });
    const error = h('p', { class: 'error', id: 'answer-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'typed', novalidate: true },
      h('label', { for: 'answer', class: 'sr-only' }, question.ask), field,
      h('button', { type: 'submit' }, 'Send'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = field.value.trim();
      // The browser knows a malformed email before the engine does; the engine has the last word.
      if (input === 'email' && value && field.validity.typeMismatch) {
        this.#refuse(`'${value}' is not a valid email address`);
        return;
      }
      this.#apply(() => this.#session.answer(question.field, value), value);
    });
    return h('div', {}, form, error);
  }

  /** Run an answer or skip; on success show it and go on, else say why next to the input. */
  #apply(change, shown) {
    this.#interacted = true;
    let state;
    try {
      state = change();
    } catch (error) {
      this.#refuse(error.message);
      return;
    }
    this.#say(shown, 'me');
    announce(this, 'leadscore:change', state);
    this.#advance();
  }

  #refuse(message) {
    const error = this.#root.getElementById('answer-error');
    error.textContent = message.replace(/^[\w.-]+: /, ''); // the engine prefixes the field name
    error.hidden = false;
    const field = this.#root.getElementById('answer');
    field?.setAttribute('aria-invalid', 'true');
    field?.focus();
  }

  #finish(ending) {
    const outcome = ending.outcome;
    const bubble = this.#say(outcome?.message ?? 'Thanks! That is all we wanted to ask.');
    const url = outcome?.link && safeUrl(outcome.link.url);
    if (url) {
      bubble.append(h('br'), h('a', { class: 'cta', href: url, target: '_blank', rel: 'noopener noreferrer' },
        outcome.link.label));
    }
    const again = h('button', { type: 'button', class: 'secondary' }, 'Start over');
    again.addEventListener('click', () => {
      this.#interacted = true;
      this.restart();
    });
    this.#parts.composer.replaceChildren(again);
    if (!this.#completed) {
      this.#completed = true;
      announce(this, 'leadscore:complete', this.#session.state());
    }
    if (this.#interacted) (bubble.querySelector('a') ?? again).focus();
  }

  #focusComposer() {
    const target = this.#parts.composer.querySelector('input, button') ??
      this.#parts.composer.querySelector('a') ?? this.#parts.close;
    if (!this.#parts.panel.hidden) target?.focus();
  }
}

if (!customElements.get('lead-chat')) customElements.define('lead-chat', LeadChat);
