// Built-in models and samples are plain static files next to the page (www/models/,
// www/samples/), fetched from this origin only.

/** Fetch a built-in file, with an error message a user can act on. */
async function fetchOk(path) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-cache' });
  } catch (e) {
    throw new Error(`could not fetch ${path}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`could not fetch ${path}: HTTP ${response.status}`);
  }
  return response;
}

/** A built-in file as text (models). */
export async function fetchText(path) {
  return (await fetchOk(path)).text();
}

/** A built-in file as bytes (samples: the engine parses them). */
export async function fetchBytes(path) {
  return new Uint8Array(await (await fetchOk(path)).arrayBuffer());
}
