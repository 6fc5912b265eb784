// Demo page script: one headless session fed by two adapters, a (simulated) Typebot and a
// chat in an iframe, with the state shown as the host page would receive it.
import { connectFrame, createSession, typebotCallbacks } from '../widget/api.js';

const MODEL = '../models/calculator.json';

// What a Typebot flow would send: input blocks (their ids) and the answers a visitor picks.
const TYPEBOT_BLOCKS = [
  { blockId: 'tb-leads', answers: ['Fewer than 50', '200-999', '1,000 or more'] },
  { blockId: 'tb-timeline', answers: ['This quarter', 'Just exploring'] },
  { blockId: 'tb-budget', answers: ['Yes', 'Not yet'] },
  { blockId: 'tb-colour', answers: ['Blue'] }, // maps to no field: ignored
];
const FIELD_OF_BLOCK = { 'tb-leads': 'monthly_leads', 'tb-timeline': 'timeline', 'tb-budget': 'has_budget' };

const stateView = document.getElementById('state');
const source = document.getElementById('source');
const frame = document.getElementById('chat-frame');
let stop = () => {};

function show(state, from) {
  stateView.textContent = JSON.stringify(state, null, 2);
  source.textContent = from;
}

function handlers(name) {
  return {
    onChange: (state) => show(state, `${name}: score ${state.score}, band ${state.band}`),
    onComplete: (state) => show(state, `${name}: complete, band ${state.band}`),
    onError: (error) => { source.textContent = `${name}: ${error.message}`; },
  };
}

async function start() {
  stop();
  let session;
  try {
    session = await createSession(MODEL);
  } catch (error) {
    source.textContent = `The session could not start: ${error.message}`;
    return;
  }
  const typebot = typebotCallbacks(session, { blocks: FIELD_OF_BLOCK, ...handlers('Typebot') });
  const buttons = document.getElementById('typebot');
  buttons.replaceChildren(...TYPEBOT_BLOCKS.map(({ blockId, answers }) => {
    const row = document.createElement('div');
    row.className = 'tb-block';
    row.append(Object.assign(document.createElement('code'), { textContent: blockId }));
    for (const message of answers) {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: message });
      button.dataset.block = blockId;
      button.addEventListener('click', () => typebot.onAnswer({ message, blockId }));
      row.append(button);
    }
    return row;
  }));
  stop = connectFrame(session, {
    allowedOrigins: [location.origin],
    frame,
    ...handlers('Frame'),
    onRejected: (event) => { source.textContent = `Ignored a message from ${event.origin || 'an unknown origin'}`; },
  });
  show(session.state(), 'New session');
}

document.getElementById('reset').addEventListener('click', start);
start();
