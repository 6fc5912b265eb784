// Runs inside the engine's worker (worker.js), not the page: scores one large CSV file on
// every core. The worker cuts the file into blocks where records end (RecordBlocks, in wasm),
// helper workers (block-worker.js) score whole blocks into compact parts, and the worker joins
// the parts in file order into one Batch, the same batch scoreStream would have made.
//
// Memory stays bounded: at most 2 blocks per helper are out at a time, and parts that arrive
// ahead of their turn wait (a few MB each). Cancel needs nothing here: terminating the worker
// terminates its helpers.

/** Bytes per block: large enough that a block's set-up is noise, small enough to balance. */
export const BLOCK_BYTES = 4 << 20;

/** Blocks sent to one helper and not yet answered. */
const PER_HELPER = 2;

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

  terminate() {
    for (const h of this.helpers) h.worker.terminate();
  }

  /**
   * Score the blocks of `blocks` (a wasm RecordBlocks) into `batch` (scorer.partsBatch).
   * `setup` is the helpers' start message (model, asOf, header, delimiter, mapping, display);
   * `progress(rows)` is called after each part joined. Resolves when the last part is in.
   */
  async score({ blocks, batch, setup, totalBytes, progress }) {
    await Promise.all(this.helpers.map((h) => ask(h.worker, { type: 'start', ...setup }, 'ready')));
    return new Promise((resolve, reject) => {
      const places = new Map(); // block index -> {spanOffset, linesBefore, end}
      const waiting = new Map(); // block index -> part, arrived before its turn
      let next = 0; // the next block to join
      let sent = 0;
      let finished = false; // no more blocks to read
      let failed = false;
      let sized = false;

      const fail = (error) => {
        if (failed) return;
        failed = true;
        for (const h of this.helpers) h.worker.onmessage = null;
        reject(error);
      };

      const join = () => {
        while (waiting.has(next)) {
          const part = waiting.get(next);
          waiting.delete(next);
          const place = places.get(next);
          places.delete(next);
          batch.appendPart(part, place.spanOffset, place.linesBefore);
          if (!sized) {
            // Size the columns for the whole file from the first block (as scoreStream does).
            sized = true;
            batch.reserveFor(batch.rowCount, place.end, totalBytes);
          }
          next += 1;
          progress(batch.rowCount, place.end);
        }
      };

      const feed = () => {
        for (const helper of this.helpers) {
          while (!finished && helper.busy < PER_HELPER) {
            const block = blocks.next();
            if (!block) {
              finished = true;
              break;
            }
            const bytes = block.takeBytes();
            places.set(block.index, {
              spanOffset: block.spanOffset,
              linesBefore: block.linesBefore,
              end: block.spanOffset + bytes.length,
            });
            helper.busy += 1;
            sent += 1;
            helper.worker.postMessage(
              { type: 'block', index: block.index, first: block.index === 0, bytes: bytes.buffer },
              [bytes.buffer],
            );
            block.free();
          }
        }
        if (finished && next === sent) resolve(batch);
      };

      for (const helper of this.helpers) {
        helper.worker.onmessage = ({ data }) => {
          if (failed) return;
          if (data.type === 'error') {
            fail(new Error(data.message));
            return;
          }
          helper.busy -= 1;
          waiting.set(data.index, data.part);
          try {
            join();
            feed();
          } catch (e) {
            fail(e);
          }
        };
        helper.worker.onerror = (e) => fail(new Error(e.message || 'a scoring helper failed to start'));
      }
      try {
        feed();
      } catch (e) {
        fail(e);
      }
    });
  }
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
