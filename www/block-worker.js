// A helper of the engine's worker (worker.js): scores whole blocks of a large CSV file so that
// every core works on one file (see js/block-pool.js). Only worker.js talks to it:
//   {type: 'start', model, asOf, header, delimiter, mapping, display} -> {type: 'ready'}
//   {type: 'block', index, first, bytes}  -> {type: 'part', index, part}   (buffers transferred)
// and {type: 'error', index, message} when either fails.
import init, { Scorer } from './pkg/leadscore.js';

const ready = init();
let blockScorer = null;

self.onmessage = async ({ data }) => {
  try {
    await ready;
    if (data.type === 'start') {
      blockScorer?.free();
      blockScorer = null;
      const scorer = new Scorer(data.model, data.asOf || null);
      try {
        blockScorer = scorer.blockScorer(data.header, data.delimiter, data.mapping,
          Uint32Array.from(data.display));
      } finally {
        scorer.free();
      }
      self.postMessage({ type: 'ready' });
    } else if (data.type === 'block') {
      if (!blockScorer) throw new Error('the helper was not started');
      const part = blockScorer.score(new Uint8Array(data.bytes), data.first);
      self.postMessage({ type: 'part', index: data.index, part }, [part.buffer]);
    }
  } catch (e) {
    // A Rust panic arrives as a RuntimeError: reported, and the pool is replaced.
    self.postMessage({ type: 'error', index: data.index, message: e?.message ?? String(e) });
  }
};
