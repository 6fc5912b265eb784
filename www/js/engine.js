// The engine: the one module that imports the wasm package (www/pkg, built by
// scripts/build-wasm.sh). Everything else talks to it through the functions below, so
// moving it into a Web Worker later changes this file only.
import init, { validateModel, version } from '../pkg/leadscore.js';

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
