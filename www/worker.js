// The engine's home: a module Web Worker, so parsing and scoring never block the page.
//
// Protocol (see js/worker-client.js): the page posts {requestId, type, data}; the worker
// answers {requestId, type: 'result', data} or {requestId, type: 'error', data: {name,
// message}}, and {requestId, type: 'progress', data: {rows, bytes, totalBytes}} while
// scoring ({rows, totalRows} while exporting). Bytes and typed arrays are transferred, not copied. Cancel = the page terminates
// this worker and starts a fresh one.
//
// Learning from history (the Train section), on the file last inspected, read once:
//   train-profile {outcome, positive}        -> {rows, outcome, values, columns, ...}
//   train {outcome, positive, exclude, c, folds, seed, ...}
//                                            -> the training report (+ readMs, trainMs)
//   evaluate {model, options}                -> {name, unmapped, evaluation}
//   compare {a, b, options}                  -> {a, b, comparison}
// with progress {stage: 'read', bytes, totalBytes} while the file is read and, while
// training, {stage: 'train', done, total} (before the first fold, after each fold and after
// the final fit; total = folds + 1). `options` is {outcome, positive, asOf}.
import init, {
  LeadHistory, Scorer, csvDelimiter, detectFormat, validateModel, version,
} from './pkg/leadscore.js';
import { BlockPool, blockBytes, recordCuts } from './js/block-pool.js';
import { startError } from './js/wasm-support.js';

const CHUNK = 8 << 20; // bytes per FileReaderSync read when streaming a CSV
const SAMPLE_ROWS = 5;
const SNIFF_BYTES = 64 << 10; // what the engine sniffs a delimiter from (table::SNIFF_LEN)
const MAX_ROW_BYTES = 1 << 20; // a row's span is read again for its receipt, at most this much

// A CSV file at least this large is scored by helper workers on every core (js/block-pool.js);
// a smaller one here, where starting the helpers would cost more than it saves.
const BLOCKS_FROM = 8 << 20;

// An engine that cannot start answers every request with why (see js/wasm-support.js).
const ready = init().catch((e) => {
  throw startError(e);
});
const state = {
  scorer: null, model: null, asOf: null, file: null, format: null, header: null, sheet: null,
  batch: null, bom: 0,
  shown: null, // a batch scored in blocks gets its display cells after its scores: awaited
  cellsPending: false, // ... and until then, the table's rows are read again from the file
  delimiter: null, // of a CSV file to be scored in blocks, sniffed once when it is inspected
};
let pool = null; // helper workers, kept between runs

/** How many helpers score blocks: one per core, none on a single core or without workers. */
function helperCount() {
  const cores = Math.min(8, self.navigator?.hardwareConcurrency ?? 1);
  return typeof Worker === 'function' && cores > 1 ? cores : 0;
}

/** Whether a file of this format is scored on every core (see BLOCKS_FROM). */
function scoredInBlocks(format, file) {
  return format === 'csv' && file.size >= BLOCKS_FROM && helperCount() > 0;
}

/** The delimiter of a CSV file scored in blocks, sniffed as scoreStream sniffs it. */
function sniffDelimiter(file) {
  // (The file is larger than what is sniffed: BLOCKS_FROM.)
  return csvDelimiter(readBytes(file, 0, Math.min(file.size, SNIFF_BYTES)), false);
}

/**
 * Score the current CSV file on every core (see js/block-pool.js): {batch, recut, shown},
 * `shown` resolving once the batch also holds the display cells (they are read after the
 * scores, which come out first).
 */
async function scoreInBlocks(scorer, file, mapping, display, report) {
  pool ??= new BlockPool(helperCount());
  let batch = null;
  try {
    const { delimiter } = state;
    batch = scorer.partsBatch(state.header, delimiter, mapping, display);
    const setup = {
      model: state.model, asOf: state.asOf, header: state.header, delimiter, mapping,
      display: Array.from(display),
    };
    const cuts = recordCuts(file, blockBytes(file.size, pool.size));
    const { recut, blocks } = await pool.score({ file, cuts, batch, setup, progress: report });
    const helpers = pool;
    // The score handler makes `batch` the state's before any helper's answer can arrive (those
    // are tasks; only promise reactions run between here and there).
    const isCurrent = () => state.batch === batch;
    const shown = pool.showCells({ file, blocks, batch, isCurrent })
      .catch((e) => {
        if (pool === helpers) {
          pool.terminate();
          pool = null;
        }
        throw e;
      });
    shown.catch(() => {}); // reported by the requests that wait for it
    return { batch, recut, shown };
  } catch (e) {
    batch?.free();
    pool.terminate(); // a helper may be mid-block: start afresh next time
    pool = null;
    throw e;
  }
}

/** A pull function over `file` for the wasm reader: the next chunk, empty at the end. */
function chunks(file, onRead = () => {}) {
  const reader = new FileReaderSync();
  let at = 0;
  return () => {
    const end = Math.min(at + CHUNK, file.size);
    const bytes = new Uint8Array(reader.readAsArrayBuffer(file.slice(at, end)));
    at = end;
    onRead(at);
    return bytes;
  };
}

function readBytes(file, start = 0, end = file.size) {
  return new Uint8Array(new FileReaderSync().readAsArrayBuffer(file.slice(start, end)));
}

function needScorer() {
  if (!state.scorer) throw new Error('load a model first');
  return state.scorer;
}

function needBatch() {
  if (!state.batch) throw new Error('score a file first');
  return state.batch;
}

/** Free the scored batch: a file is opened or scored again. */
function dropBatch() {
  state.batch?.free();
  state.batch = null;
  state.shown = null;
  state.cellsPending = false;
}

/** The bytes of row `index` of the scored delimited file (at most MAX_ROW_BYTES). */
function rowBytes(batch, index) {
  const [start, end] = batch.rowSpan(index).map((b) => (b < 0 ? state.file.size : b + state.bom));
  if (start === undefined) throw new Error(`no row ${index} in this file`);
  return readBytes(state.file, start, Math.min(end, start + MAX_ROW_BYTES));
}

/** The scored batch once it holds its display cells (see scoreInBlocks). */
async function shownBatch() {
  const batch = needBatch();
  await state.shown;
  if (state.batch !== batch) throw new Error('the file was scored again meanwhile');
  return batch;
}

const handlers = {
  init: () => ({ version: version() }),

  validate: ({ json }) => validateModel(json),

  'load-model': ({ json, asOf }) => {
    const scorer = new Scorer(json, asOf || null);
    state.scorer?.free();
    state.scorer = scorer;
    state.model = json;
    state.asOf = asOf || null;
    return { fields: scorer.fieldNames() };
  },

  // `sheet`: the worksheet of a workbook to read (absent: the first with data).
  'inspect-file': ({ file, sheet = null }) => {
    const scorer = needScorer();
    const prefix = readBytes(file, 0, Math.min(file.size, 512));
    const format = detectFormat(prefix, file.name);
    state.file = file;
    state.format = format;
    state.bom = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
    state.sheet = null;
    dropBatch();
    const info = format === 'csv'
      ? scorer.inspectStream(chunks(file), SAMPLE_ROWS)
      : scorer.inspectBytes(readBytes(file), file.name, SAMPLE_ROWS, sheet ?? undefined);
    state.sheet = info.sheet ?? null; // scoring reads the sheet shown, also when it was the default
    state.header = info.header;
    // A file to be scored in blocks: start the helpers now, so they load and warm the engine
    // while the mapping is looked at, not when Score is pressed.
    state.delimiter = null;
    if (scoredInBlocks(format, file)) {
      state.delimiter = sniffDelimiter(file);
      pool ??= new BlockPool(helperCount());
      pool.warm(scorer, {
        file, model: state.model, asOf: state.asOf, header: info.header, delimiter: state.delimiter,
      });
    }
    return { ...info, name: file.name, size: file.size };
  },

  score: async ({ mapping, display }, progress) => {
    const scorer = needScorer();
    const file = state.file;
    if (!file) throw new Error('open a file first');
    dropBatch();
    const started = performance.now();
    let bytes = 0;
    const report = (rows, at = bytes) => progress({ rows, bytes: at, totalBytes: file.size });
    const display32 = Uint32Array.from(display);
    const inBlocks = scoredInBlocks(state.format, file);
    let batch;
    let recut = 0;
    let shown = null;
    if (inBlocks) {
      ({ batch, recut, shown } = await scoreInBlocks(scorer, file, mapping, display32, report));
    } else if (state.format === 'csv') {
      batch = scorer.scoreStream(chunks(file, (at) => { bytes = at; }), mapping, display32, report, file.size);
    } else {
      batch = scorer.scoreBytes(readBytes(file), file.name, mapping, display32, report, state.sheet ?? undefined);
    }
    const ms = performance.now() - started;
    state.batch = batch;
    state.shown = shown;
    state.cellsPending = shown !== null;
    shown?.then(() => {
      if (state.batch === batch) state.cellsPending = false;
    }, () => {});
    const columns = {
      rows: batch.rows, totals: batch.totals, fit: batch.fit, engagement: batch.engagement,
      bands: batch.bands, grades: batch.grades, tiers: batch.tiers,
      qualification: batch.qualification, handoff: batch.handoff,
    };
    const result = {
      ms,
      // The engine's whole memory (linear memory only grows): what scoring needed at most.
      wasmBytes: (await ready).memory.buffer.byteLength,
      fileName: file.name,
      rowCount: batch.rowCount,
      helpers: inBlocks ? pool.size : 0,
      recut, // blocks scored again because a cut fell inside a quoted cell (js/block-pool.js)
      header: batch.header,
      bandLabels: batch.bandLabels,
      tierLabels: batch.tierLabels,
      errors: batch.errors,
      warnings: batch.warnings,
      problems: batch.problems,
      columns,
    };
    return { result, transfer: Object.values(columns).map((a) => a.buffer) };
  },

  // Once the scored batch holds its display cells: the engine's memory then.
  'cells-ready': async () => {
    await shownBatch();
    return { wasmBytes: (await ready).memory.buffer.byteLength };
  },

  'shown-cells': async ({ indices }) => {
    const batch = needBatch();
    // A page of the table as soon as the scores are out: its rows read again from the file.
    if (state.cellsPending) return Array.from(indices, (i) => batch.shownCellsOfRow(i, rowBytes(batch, i))).flat();
    return (await shownBatch()).shownCells(indices);
  },

  // The rank of each row's display cell `column`, for sorting the table by it.
  'cell-ranks': async ({ column }) => {
    const ranks = (await shownBatch()).cellRanks(column);
    return { result: ranks, transfer: [ranks.buffer] };
  },

  search: async ({ query }) => {
    const mask = (await shownBatch()).search(query);
    return { result: mask, transfer: [mask.buffer] };
  },

  explain: ({ index }) => {
    const batch = needBatch();
    return batch.explain(index, state.format === 'csv' ? rowBytes(batch, index) : null);
  },

  export: ({ layout, format }, progress) => {
    const batch = needBatch();
    const totalRows = batch.rowCount;
    const bytes = batch.export(layout, format, state.format === 'csv' ? chunks(state.file) : null,
      (rows) => progress({ rows, totalRows }));
    return { result: bytes, transfer: [bytes.buffer] };
  },
};

// ---- learning from history (Train section) ------------------------------------------------

const learning = { history: null, file: null }; // the rows of `file`, read once

/** The inspected file's rows as a LeadHistory. */
function needHistory(progress) {
  const file = state.file;
  if (!file) throw new Error('open a file first');
  if (learning.history && learning.file === file) return learning.history;
  learning.history?.free();
  learning.history = null;
  const report = (bytes) => progress({ stage: 'read', bytes, totalBytes: file.size });
  learning.history = state.format === 'csv'
    ? LeadHistory.fromStream(chunks(file, report))
    : LeadHistory.fromBytes(readBytes(file), file.name);
  learning.file = file;
  return learning.history;
}

Object.assign(handlers, {
  'train-profile': ({ outcome, positive }, progress) => {
    const history = needHistory(progress);
    return { ...history.profile(outcome ?? null, positive ?? []), header: history.header, warnings: history.warnings };
  },

  train: (options, progress) => {
    const started = performance.now();
    const history = needHistory(progress);
    const read = performance.now();
    const report = history.train(options, (done, total) => progress({ stage: 'train', done, total }));
    const now = performance.now();
    return { ...report, readMs: read - started, trainMs: now - read };
  },

  evaluate: ({ model, options }, progress) => needHistory(progress).evaluate(model, options),

  compare: ({ a, b, options }, progress) => needHistory(progress).compare(a, b, options),
});

self.onmessage = async ({ data: message }) => {
  const { requestId, type, data } = message;
  const progress = (info) => self.postMessage({ requestId, type: 'progress', data: info });
  try {
    await ready;
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request type '${type}'`);
    let answer = await handler(data ?? {}, progress);
    let transfer = [];
    if (answer && typeof answer === 'object' && 'transfer' in answer && 'result' in answer) {
      ({ result: answer, transfer } = answer);
    }
    self.postMessage({ requestId, type: 'result', data: answer }, transfer);
  } catch (e) {
    // A Rust panic arrives here as a RuntimeError ("unreachable"): the page gets a message and
    // stays usable; it may restart the worker.
    const error = e instanceof Error ? e : new Error(String(e));
    self.postMessage({ requestId, type: 'error', data: { name: error.name, message: error.message } });
  }
};
