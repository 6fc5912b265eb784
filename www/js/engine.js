// The engine: the one module that imports the wasm package (www/pkg, built by
// scripts/build-wasm.sh). Everything else talks to it through the functions below, so
// moving it into a Web Worker later changes this file only.
import init, { Scorer, validateModel, version } from '../pkg/leadscore.js';

let ready = null;

/** Load and instantiate the wasm once; later calls share the same promise. */
export function loadEngine() {
  ready ??= init().then(() => ({ version: version() }));
  return ready;
}

/**
 * Validate model JSON text.
 * @returns {{ok: boolean, name: string | null, problems: {path: string, message: string}[]}}
 */
export function validate(text) {
  return validateModel(text);
}

/**
 * Score a whole file (its bytes) with a model, mapping columns from the header.
 * Throws an Error whose message lists the model's problems when the model is not valid.
 * @returns the batch: typed-array columns (totals, bands, grades, handoff, ...) and labels.
 */
export function scoreFile(modelText, asOf, bytes, fileName) {
  const scorer = new Scorer(modelText, asOf);
  try {
    return scorer.scoreFile(bytes, fileName, null);
  } finally {
    scorer.free();
  }
}
