// The headless API: score a conversation or a form in this page, in WebAssembly, with no
// element at all. Any chat (Typebot, HubSpot chat, Drift, your own) can feed it answers.
// Nothing is sent anywhere: the host page decides what to do with the results.
//
//   import { createSession } from './widget/api.js';
//   const session = await createSession('/models/b2b-saas.json');
//   session.next();                       // { done: false, question, input }
//   session.answer('employees', '51-200'); // the new state: score, band, grade, ...
//   session.result();                     // the full result with its receipt
export { createScorer, createSession, Session, summarise } from './session.js';
export { typebotCallbacks, connectFrame, FRAME_MESSAGES } from './adapters.js';
