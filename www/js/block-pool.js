// Runs inside the engine's worker (worker.js), not the page: scores one large CSV file on
// every core. The worker cuts the file into blocks without reading it (recordCuts: just after
// the first record terminator past every few MB, see blockBytes), helper workers
// (block-worker.js) each read their blocks straight from the File and score them into
// compact parts, and the worker joins the parts in file order into one Batch, the same batch
// scoreStream would have made.
//
// A cut may fall inside a quoted cell that spans lines; only reading from the file's start
// tells. A helper whose block, read from its start, does not end on a record end answers
// without a part, and the worker joins that block with the next one and has the two scored
// again as one (the blocks are checked in file order, so each one's start is known good by
// the time its end is looked at). Such re-cut blocks are counted in the result (`recut`).
//
// Memory stays bounded: at most 2 blocks per helper are out at a time, and parts that arrive
// ahead of their turn wait (each a little larger than its block: at most ~20 MB). Cancel
// needs nothing here: terminating the worker terminates its helpers.
import { cutAfterTerminator } from '../pkg/leadscore.js';

/**
 * Bytes per block for a file of `size` bytes scored by `helpers` workers: about 4 blocks per
 * helper, so they finish close together, but between 4 and 16 MB. Fewer, larger reads cost
 * the browser less (111 MB in 16 MB blocks scored ~10% faster than in 4 MB ones on 2 cores);
 * smaller blocks keep many cores busy to the end.
 */
export function blockBytes(size, helpers) {
  return Math.min(16 << 20, Math.max(4 << 20, Math.round(size / (4 * helpers))));
}

/** Blocks sent to one helper and not yet answered. */
const PER_HELPER = 2;

/** Bytes read around a block boundary to find the first record terminator after it. */
const WINDOW = 4 << 10;

/**
 * Where to cut `file` into blocks of about `target` bytes: 0, then just after the first
 * record terminator at or after each multiple of `target`, then the file's size. Reads only
 * a small window at each boundary (more when a record is longer than that), all at once.
 */
export async function recordCuts(file, target) {
  const boundaries = [];
  for (let at = target; at < file.size; at += target) boundaries.push(at);
  // From one byte before each boundary, so that a \r\n across it is seen whole.
  const read = (boundary, size) =>
    file.slice(boundary - 1, Math.min(file.size, boundary - 1 + size)).arrayBuffer();
  const windows = await Promise.all(boundaries.map((at) => read(at, WINDOW)));
  const cuts = [0];
  for (const [i, boundary] of boundaries.entries()) {
    let window = new Uint8Array(windows[i]);
    let cut = cutAfterTerminator(window, 1);
    // A record longer than the window: read on.
    for (let size = 2 * WINDOW; cut === undefined && boundary - 1 + window.length < file.size; size *= 2) {
      window = new Uint8Array(await read(boundary, size));
      cut = cutAfterTerminator(window, 1);
    }
    if (cut === undefined) break; // no record ends after this boundary
    cut += boundary - 1;
    // Past the file's end, or not past the last cut (one record across several boundaries).
    if (cut >= file.size) break;
    if (cut > cuts.at(-1)) cuts.push(cut);
  }
  cuts.push(file.size);
  return cuts;
}

/** A set of helper workers, kept between runs (each loads the wasm once). */
export class BlockPool {
  constructor(size) {
    this.helpers = Array.from({ length: size }, () => ({
      worker: new Worker(new URL('../block-worker.js', import.meta.url), { type: 'module' }),
      busy: 0,
    }));
  }

  get size() {
    return this.helpers.length;
  }

  /**
   * Have every helper score the start of `file` once, and join their parts into a batch of
   * `scorer` thrown away, so that the engine runs at full speed from the first block, here and
   * in the helpers (see warm in block-worker.js). `score` waits for it to end, and a warm-up
   * asked for meanwhile for another file waits too, as it waits for showCells: each one's
   * answers must reach its own handlers.
   */
  warm(scorer, { file, model, asOf, header, delimiter }) {
    const message = { type: 'warm', file, model, asOf, header, delimiter };
    this.warming = (this.warming ?? Promise.resolve()).then(() => this.showing).then(async () => {
      const answers = await Promise.all(this.helpers.map((h) => ask(h.worker, message, 'warmed')));
      const batch = scorer.partsBatch(header, delimiter, null, new Uint32Array(0));
      try {
        for (const { part } of answers) if (part) batch.appendPart(part);
      } finally {
        batch.free();
      }
    }).catch(() => {}); // best effort: scoring reports what fails
  }

  terminate() {
    for (const h of this.helpers) h.worker.terminate();
  }

  /**
   * Score `file`, cut at `cuts` (recordCuts, or a promise of them: the helpers start
   * meanwhile), into `batch` (scorer.partsBatch). `setup` is the helpers' start message
   * (model, asOf, header, delimiter, mapping, display); `progress(rows, bytes)` is called
   * after each part joined. The parts hold scores only (see showCells). Resolves, once the
   * last part is in, to {recut, blocks}: how many blocks were scored again because a cut
   * fell inside a quoted cell, and the blocks joined ({start, end, first}, in file order).
   */
  async score({ file, cuts, batch, setup, progress }) {
    // Their answers must not reach the handlers below.
    await this.warming;
    await this.showing;
    const started = this.helpers.map((h) => ask(h.worker, { type: 'start', file, ...setup }, 'ready'));
    [cuts] = await Promise.all([cuts, ...started]);
    return new Promise((resolve, reject) => {
      // The blocks still to join, in file order: {id, from, to} (indexes into `cuts`).
      const blocks = cuts.slice(1).map((_, i) => ({ id: i, from: i, to: i + 1 }));
      let nextId = blocks.length;
      const queue = [...blocks]; // not sent yet, in file order
      const answers = new Map(); // block id -> part (null: not cut on a record end)
      let recut = 0;
      const scored = []; // the blocks joined, in file order: {start, end, first}

      const join = () => {
        while (blocks.length > 0 && answers.has(blocks[0].id)) {
          const block = blocks[0];
          const part = answers.get(block.id);
          answers.delete(block.id);
          if (part === null) {
            // Cut inside a quoted cell: one block with the next (never the last: it runs to
            // the file's end, so it always ends a record).
            const after = blocks[1];
            answers.delete(after.id);
            const waitingAt = queue.indexOf(after);
            if (waitingAt >= 0) queue.splice(waitingAt, 1);
            const joined = { id: nextId++, from: block.from, to: after.to };
            blocks.splice(0, 2, joined);
            queue.unshift(joined);
            recut += 1;
            continue;
          }
          blocks.shift();
          batch.appendPart(part);
          scored.push({ start: cuts[block.from], end: cuts[block.to], first: block.from === 0 });
          if (block.from === 0) {
            // Size the columns for the whole file from the first block (as scoreStream does).
            batch.reserveFor(batch.rowCount, cuts[block.to], file.size);
          }
          progress(batch.rowCount, cuts[block.to]);
        }
      };

      const feed = () => {
        for (const helper of this.helpers) {
          while (queue.length > 0 && helper.busy < PER_HELPER) {
            const block = queue.shift();
            helper.busy += 1;
            helper.worker.postMessage({
              type: 'block',
              id: block.id,
              start: cuts[block.from],
              end: cuts[block.to],
              first: block.from === 0,
              last: block.to === cuts.length - 1,
            });
          }
        }
        if (blocks.length === 0) resolve({ recut, blocks: scored });
      };

      const fail = listen(this.helpers, reject, (data) => {
        // A block joined with the next one meanwhile is no longer wanted.
        if (blocks.some((b) => b.id === data.id)) answers.set(data.id, data.part ?? null);
        join();
        feed();
      });
      try {
        feed();
      } catch (e) {
        fail(e);
      }
    });
  }

  /**
   * Have the helpers read the display cells of the `blocks` of `file` that `score` scored, and
   * append them to `batch` in file order (Batch.appendShown), while `isCurrent()` (a batch
   * thrown away meanwhile is left alone). Scores come out first, and the table's cells ~0.1-0.2 s
   * per million rows later: extracting them as the rows were scored took the helpers ~15% more
   * time, and their parts (and the worker's joins) three times the bytes.
   */
  showCells({ file, blocks, batch, isCurrent }) {
    const run = new Promise((resolve, reject) => {
      const answers = new Map(); // block index -> shown part
      let next = 0; // the next block to send
      let joined = 0; // blocks appended so far
      const step = () => {
        while (answers.has(joined)) {
          const part = answers.get(joined);
          answers.delete(joined);
          if (isCurrent()) batch.appendShown(part);
          joined += 1;
        }
        for (const helper of this.helpers) {
          while (next < blocks.length && helper.busy < PER_HELPER) {
            const { start, end, first } = blocks[next];
            helper.busy += 1;
            helper.worker.postMessage({ type: 'shown', id: next, start, end, first });
            next += 1;
          }
        }
        if (joined === blocks.length) resolve();
      };
      const fail = listen(this.helpers, reject, (data) => {
        answers.set(data.id, data.part);
        step();
      });
      try {
        step();
      } catch (e) {
        fail(e);
      }
    });
    this.showing = run.catch(() => {});
    return run;
  }
}

/**
 * Hand every helper's answers to `onAnswer(data)`, its count of blocks out lowered first.
 * Returns `fail(error)`: it rejects with the first error only, and the helpers' later answers
 * are ignored; an error answer, a helper that fails to start and what `onAnswer` throws go
 * to it.
 */
function listen(helpers, reject, onAnswer) {
  let failed = false;
  const fail = (error) => {
    if (failed) return;
    failed = true;
    for (const h of helpers) h.worker.onmessage = null;
    reject(error);
  };
  for (const helper of helpers) {
    helper.worker.onmessage = ({ data }) => {
      if (failed) return;
      if (data.type === 'error') {
        fail(new Error(data.message));
        return;
      }
      helper.busy -= 1;
      try {
        onAnswer(data);
      } catch (e) {
        fail(e);
      }
    };
    helper.worker.onerror = (e) => fail(new Error(e.message || 'a scoring helper failed to start'));
  }
  return fail;
}

/** Post `message` and wait for the answer of type `expected`. */
function ask(worker, message, expected) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === expected) resolve(data);
      else reject(new Error(data.message ?? `unexpected answer ${data.type}`));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'a scoring helper failed to start'));
    worker.postMessage(message);
  });
}
