// Show a validation answer: a status line and the list of located problems.
// User content is only ever put into the page with textContent, never parsed as HTML.

/** @param {HTMLElement} status @param {string} state @param {string} text */
export function setStatus(status, state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/**
 * @param {{status: HTMLElement, list: HTMLUListElement}} view
 * @param {{ok: boolean, name: string | null, problems: {path: string, message: string}[]}} answer
 * @param {string} source where the model came from, e.g. "models/b2b-saas.json"
 */
export function showValidation(view, answer, source) {
  const n = answer.problems.length;
  if (answer.ok) {
    setStatus(view.status, 'valid', `${answer.name} (${source}): valid`);
  } else {
    setStatus(view.status, 'invalid', `${source}: ${n} problem${n === 1 ? '' : 's'}`);
  }
  view.list.replaceChildren(...answer.problems.map(problemItem));
}

function problemItem({ path, message }) {
  const item = document.createElement('li');
  const where = document.createElement('code');
  where.className = 'path';
  where.textContent = path || '(whole model)';
  const what = document.createElement('span');
  what.className = 'message';
  what.textContent = message;
  item.append(where, what);
  return item;
}
