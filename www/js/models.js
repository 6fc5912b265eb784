// Built-in models and samples are plain static files next to the page (www/models/,
// www/samples/), fetched from this origin only.

/** Fetch a built-in file as text, with an error message a user can act on. */
export async function fetchText(path) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-cache' });
  } catch (e) {
    throw new Error(`could not fetch ${path}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`could not fetch ${path}: HTTP ${response.status}`);
  }
  return response.text();
}

/** Fetch a built-in file as bytes (for scoring: the engine parses them). */
export async function fetchBytes(path) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-cache' });
  } catch (e) {
    throw new Error(`could not fetch ${path}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`could not fetch ${path}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
