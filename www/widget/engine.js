// Loads the scoring engine once per page: the wasm-pack package in ./pkg, which
// scripts/build-wasm.sh builds without the spreadsheet readers (a fraction of the app's
// size). The path is resolved against this module's own URL, so the widget works from any
// page that includes it.

let loading;

/** The engine module (`ChatSession`, `Scorer`, `validateModel`), instantiated. */
export function loadEngine() {
  if (!loading) {
    const url = new URL('./pkg/leadscore.js', import.meta.url);
    loading = import(url.href)
      .then(async (engine) => {
        await engine.default();
        return engine;
      })
      .catch((error) => {
        loading = undefined; // let a later widget try again (e.g. after a flaky load)
        throw new Error(`the scoring engine could not load (${url.pathname}): ${error.message}`);
      });
  }
  return loading;
}
