// Where a model comes from: an object, JSON text, or a URL (fetched from the page's origin;
// the page's connect-src decides what is allowed). Answers its JSON text and the parsed object.

/** @returns {Promise<{ json: string, model: object }>} */
export async function readModel(source, base = document.baseURI) {
  if (source && typeof source === 'object') return parsed(JSON.stringify(source), 'the model object');
  if (typeof source !== 'string' || !source.trim()) {
    throw new Error('no model: give a model object, its JSON text or its URL');
  }
  const text = source.trim();
  if (text.startsWith('{')) return parsed(text, 'the model JSON');
  const url = new URL(text, base);
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`the model could not be loaded from ${url.href} (${error.message})`);
  }
  if (!response.ok) {
    throw new Error(`the model could not be loaded from ${url.href} (HTTP ${response.status})`);
  }
  return parsed(await response.text(), url.href);
}

function parsed(json, where) {
  try {
    return { json, model: JSON.parse(json) };
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${error.message}`);
  }
}

/**
 * The model an element names: its `model` attribute (a URL, relative to the page), else the
 * parsed object of a `<script type="application/json">` child.
 */
export function elementModel(element) {
  const url = element.getAttribute('model');
  if (url) return url;
  const inline = element.querySelector(':scope > script[type="application/json"]');
  if (inline) return parsed(inline.textContent, 'the inline model').model;
  throw new Error('no model: set model="URL" or put the model JSON in a <script type="application/json"> child');
}

/** Today's date in the visitor's time zone, as the engine's as-of date (YYYY-MM-DD). */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
