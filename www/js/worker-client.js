// The page's side of the worker protocol (www/worker.js): one promise per request.
//
// request(type, data, {onProgress, transfer}) posts {requestId, type, data} and resolves with
// the worker's result or rejects with an Error carrying the worker's {name, message}.
// cancel() terminates the worker (the only way to stop a running wasm loop), rejects what is
// pending with a Cancelled error, and starts a fresh worker that replays what the page relies
// on (the model, the file, the scored batch), so the page carries on where it was.
// Training (train-view.js) is cancelled the same way: the fresh worker reads the history
// again on the next request.

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export class EngineClient {
  constructor(url = new URL('../worker.js', import.meta.url)) {
    this.url = url;
    this.nextId = 1;
    this.pending = new Map();
    // The worker's state, as the data of the last successful requests that made it:
    // `model` (load-model), `file` (inspect-file) and `scored` ({model, data} of the score
    // whose batch the page shows; a batch keeps the model it was scored with).
    this.state = { model: null, file: null, scored: null };
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { type: 'module' });
    this.worker.onmessage = ({ data: message }) => this.receive(message);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(`the engine worker failed: ${event.message || 'could not load'}`));
    };
    const { model, file, scored } = this.state;
    const steps = [];
    if (scored) steps.push(['load-model', scored.model], ['inspect-file', file], ['score', scored.data]);
    if (model && model !== scored?.model) steps.push(['load-model', model]);
    if (file && !scored) steps.push(['inspect-file', file]);
    this.replay = (async () => {
      for (const [type, data] of steps) await this.post(type, data).catch(() => {});
    })();
  }

  receive({ requestId, type, data }) {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    if (type === 'progress') {
      entry.onProgress?.(data);
      return;
    }
    this.pending.delete(requestId);
    if (type === 'result') {
      entry.resolve(data);
    } else {
      const error = new Error(data?.message ?? 'unknown engine error');
      error.name = data?.name ?? 'Error';
      // A wasm trap (Rust panic) leaves the instance unusable: start a fresh one.
      if (error.name === 'RuntimeError') this.restart();
      entry.reject(error);
    }
  }

  post(type, data, { onProgress, transfer = [] } = {}) {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject, onProgress });
      this.worker.postMessage({ requestId, type, data }, transfer);
    });
  }

  /** Send a request; resolves with its result. */
  async request(type, data, options) {
    await this.replay;
    const result = await this.post(type, data, options);
    const state = this.state;
    if (type === 'load-model') state.model = data;
    if (type === 'inspect-file') Object.assign(state, { file: data, scored: null });
    if (type === 'score') state.scored = { model: state.model, data };
    return result;
  }

  /** Resolves once a fresh worker has caught up with the page (see cancel). */
  restored() {
    return this.replay;
  }

  failAll(error) {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  restart() {
    this.worker.terminate();
    this.failAll(new Cancelled());
    this.start();
  }

  /**
   * Stop whatever runs now. The fresh worker is given the model, file and scored batch again,
   * except what `forget` names: 'file' (and with it the batch) or 'scored' (the batch only),
   * for a page that drops them rather than wait for them to be read or scored again.
   */
  cancel({ forget = [] } = {}) {
    if (forget.includes('file')) Object.assign(this.state, { file: null, scored: null });
    if (forget.includes('scored')) this.state.scored = null;
    this.restart();
  }
}
