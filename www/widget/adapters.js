// Feeding answers from other chats into a session: Typebot's embed callbacks, and a
// postMessage bridge for a chat that runs in an iframe. Both only call session.answer():
// nothing leaves the page.

/**
 * Callbacks for Typebot's embed library (`Typebot.initBubble`, `initStandard`, `initPopup`):
 *
 *   Typebot.initBubble({ typebot: 'my-bot', ...typebotCallbacks(session, {
 *     blocks: { 'block-id': 'employees' },  // Typebot input block id -> model field
 *     variables: { 'var-id': 'email' },     // or the block's variable id -> model field
 *     onChange: (state) => ..., onComplete: (state) => ..., onError: (error, answer) => ...,
 *   }) });
 *
 * Typebot calls `onAnswer({ message, blockId })` after each answer; `onNewInputBlock(block)`
 * tells which variable a block fills (`block.options.variableId`), so `variables` works.
 * Answers to blocks that map to no field are ignored.
 */
export function typebotCallbacks(session, { blocks = {}, variables = {}, ...handlers } = {}) {
  const variableOf = new Map();
  const report = reporter(handlers);
  return {
    onNewInputBlock(block) {
      const variable = block?.options?.variableId;
      if (block?.id && variable) variableOf.set(block.id, variable);
    },
    onAnswer(answer) {
      const blockId = answer?.blockId;
      const field = own(blocks, blockId) ?? own(variables, variableOf.get(blockId));
      if (field) report(session, field, answer.message);
    },
  };
}

/** The messages of the iframe bridge (see `connectFrame`). */
export const FRAME_MESSAGES = Object.freeze({
  answer: 'leadscore:answer', // frame -> host: { type, field, value, id? }
  skip: 'leadscore:skip', // frame -> host: { type, question, id? }
  ask: 'leadscore:ask', // frame -> host: { type, id? } (what is the next question?)
  state: 'leadscore:state', // host -> frame: { type, id, state, next }
  error: 'leadscore:error', // host -> frame: { type, id, message }
});

/**
 * Listen for answers posted by a chat in an iframe. Only messages whose origin is in
 * `allowedOrigins` (exact origins such as 'https://chat.example.com'; never '*') and, when
 * `frame` is given, that come from that iframe's window are read; others are ignored and
 * passed to `onRejected(event)`. Every accepted message is answered on the sender's window
 * (with its origin as target) with the new state, or the error.
 * @returns a function that stops listening
 */
export function connectFrame(session, { allowedOrigins, frame, target = window, onRejected, ...handlers }) {
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new Error('connectFrame needs allowedOrigins: the exact origins of the chat frames');
  }
  const allowed = new Set(allowedOrigins.map((origin) => {
    if (origin === '*' || new URL(origin).origin !== origin) {
      throw new Error(`'${origin}' is not an exact origin (like https://chat.example.com)`);
    }
    return origin;
  }));
  const report = reporter(handlers);
  const listener = (event) => {
    const message = event.data;
    const known = message && typeof message === 'object' &&
      Object.values(FRAME_MESSAGES).includes(message.type);
    if (!known) return; // other scripts' messages are none of our business
    const fromFrame = !frame || event.source === frame.contentWindow;
    if (!allowed.has(event.origin) || !fromFrame) {
      onRejected?.(event);
      return;
    }
    let reply;
    if (message.type === FRAME_MESSAGES.answer) {
      reply = report(session, message.field, message.value);
    } else if (message.type === FRAME_MESSAGES.skip) {
      reply = report(session, null, null, () => session.skip(message.question));
    } else if (message.type === FRAME_MESSAGES.ask) {
      reply = { state: session.state() };
    } else {
      return; // our own replies, echoed back
    }
    const answer = reply.error
      ? { type: FRAME_MESSAGES.error, id: message.id, message: reply.error.message }
      : { type: FRAME_MESSAGES.state, id: message.id, state: reply.state, next: session.next() };
    event.source?.postMessage(answer, event.origin);
  };
  target.addEventListener('message', listener);
  return () => target.removeEventListener('message', listener);
}

/** Apply one answer and tell the host: `onChange(state)`, once `onComplete(state)`, or `onError`. */
function reporter({ onChange, onComplete, onError }) {
  let completed = false;
  return (session, field, value, apply = () => session.answer(field, value)) => {
    let state;
    try {
      state = apply();
    } catch (error) {
      onError?.(error, { field, value });
      return { error };
    }
    onChange?.(state);
    if (state.done && !completed) {
      completed = true;
      onComplete?.(state);
    }
    return { state };
  };
}

function own(map, key) {
  return key !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}
