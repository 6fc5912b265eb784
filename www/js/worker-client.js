// The page's side of the worker protocol (www/worker.js): one promise per request.
//
// request(type, data, {onProgress, transfer}) posts {requestId, type, data} and resolves with
// the worker's result or rejects with an Error carrying the worker's {name, message}.
// cancel() terminates the worker (the only way to stop a running wasm loop), rejects what is
// pending with a Cancelled error, and starts a fresh worker that replays the last model and
// file, so the page carries on where it was. Training (train-view.js) is cancelled the same
// way: the fresh worker reads the history again on the next request.

const REPLAYED = ['load-model', 'inspect-file'];

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
    this.setup = new Map(); // type -> data of the last successful replayed request
    this.start();
  }

  start() {
    this.worker = new Worker(this.url, { type: 'module' });
    this.worker.onmessage = ({ data: message }) => this.receive(message);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(`the engine worker failed: ${event.message || 'could not load'}`));
    };
    this.replay = (async () => {
      for (const [type, data] of this.setup) {
        await this.post(type, data).catch(() => {});
      }
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
    if (REPLAYED.includes(type)) {
      this.setup.set(type, data);
      if (type === 'load-model') this.setup.delete('inspect-file');
    }
    return result;
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

  /** Stop whatever runs now; the fresh worker knows the last model and file again. */
  cancel() {
    this.restart();
  }
}
