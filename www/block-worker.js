// A helper of the engine's worker (worker.js): reads whole blocks of a large CSV file straight
// from the File and scores them, so that every core works on one file (see js/block-pool.js).
// Only worker.js talks to it:
//   {type: 'start', file, model, asOf, header, delimiter, mapping, display} -> {type: 'ready'}
//   {type: 'block', id, start, end, first, last} -> {type: 'part', id, part}   (part transferred)
//   {type: 'shown', id, start, end, first} -> {type: 'shown', id, part}   (the block's display
//     cells, once every block is scored; see showCells in js/block-pool.js)
//   {type: 'warm', file, model, asOf, header, delimiter} -> {type: 'warmed', part} (see warm)
// where `part` is undefined when the block, read from `start`, does not end on a record end
// (it was cut inside a quoted cell); and {type: 'error', id, message} when either fails.
import init, { Scorer } from './pkg/leadscore.js';

const ready = init();
let blockScorer = null;
let file = null;
const WARM_BYTES = 1 << 20;
// Blocks are scored one after another, in the order they came; each one's read starts as
// it arrives, so the second block out to this helper reads while the first is scored.
let scored = Promise.resolve();

self.onmessage = async ({ data }) => {
  try {
    await ready;
    if (data.type === 'start') {
      await scored;
      blockScorer?.free();
      blockScorer = null;
      file = data.file;
      const scorer = new Scorer(data.model, data.asOf || null);
      try {
        blockScorer = scorer.blockScorer(data.header, data.delimiter, data.mapping,
          Uint32Array.from(data.display));
      } finally {
        scorer.free();
      }
      self.postMessage({ type: 'ready' });
    } else if (data.type === 'warm') {
      // Best effort: a failure here shows again, and is reported, when the file is scored.
      scored = scored.then(() => warm(data)).catch(() => undefined)
        .then((part) => self.postMessage({ type: 'warmed', part }, part ? [part.buffer] : []));
    } else if (data.type === 'block') {
      readBlock(data, 'part', (bytes) => blockScorer.score(bytes, data.first, data.last, false));
    } else if (data.type === 'shown') {
      readBlock(data, 'shown', (bytes) => blockScorer.shownCells(bytes, data.first));
    }
  } catch (e) {
    fail(data, e);
  }
};

/**
 * Read block `data` (its start and end) from the file now, and once the blocks before it are
 * done, answer {type, id, part} with `part = make(bytes)` (transferred; undefined is sent as
 * is).
 */
function readBlock(data, type, make) {
  if (!blockScorer) throw new Error('the helper was not started');
  const read = file.slice(data.start, data.end).arrayBuffer();
  scored = scored.then(async () => {
    try {
      const part = make(new Uint8Array(await read));
      self.postMessage({ type, id: data.id, part }, part ? [part.buffer] : []);
    } catch (e) {
      fail(data, e);
    }
  });
}

/**
 * Score the first MB of the file once, for a part the worker joins and throws away. V8 runs
 * a wasm function in its baseline tier until it has run a while, and switches at its next
 * call; the block loop is one call a block, so each helper's first block scored ~1.8x slower
 * than the others (267-284 ms against ~150 for 14 MB). Done while the mapping is looked at,
 * it costs no wait.
 */
async function warm({ file: warmFile, model, asOf, header, delimiter }) {
  const bytes = new Uint8Array(await warmFile.slice(0, WARM_BYTES).arrayBuffer());
  const scorer = new Scorer(model, asOf || null);
  try {
    const warmScorer = scorer.blockScorer(header, delimiter, null, new Uint32Array(0));
    try {
      return warmScorer.score(bytes, true, true, false);
    } finally {
      warmScorer.free();
    }
  } finally {
    scorer.free();
  }
}

/** A Rust panic arrives as a RuntimeError: reported, and the pool is replaced. */
function fail(data, e) {
  self.postMessage({ type: 'error', id: data.id, message: e?.message ?? String(e) });
}
