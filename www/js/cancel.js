// One Cancel button per long step (reading a file, scoring, exporting): shown while its step
// runs; a click stops the engine worker (see js/worker-client.js), which rejects the step with
// a Cancelled error for its caller to report.

/**
 * Run `step()` with `button` as its Cancel button. `forget` is passed to engine.cancel(): what
 * the fresh worker need not be given again because the page drops it.
 */
export async function withCancel(engine, button, forget, step) {
  const stop = () => engine.cancel({ forget });
  button.hidden = false;
  button.disabled = false;
  button.addEventListener('click', stop);
  try {
    return await step();
  } finally {
    button.removeEventListener('click', stop);
    button.disabled = true;
    button.hidden = true;
  }
}

/** Did the step fail because the user cancelled it? */
export const isCancelled = (error) => error?.name === 'Cancelled';
