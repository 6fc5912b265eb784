// The table's orders (www/js/sort-order.js), a plain module: checked here in node against a
// comparator sort, on scores that repeat (the hashed path) and on mostly distinct values
// (the sorted path), with NaN (missing) and -0 among them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MISSING, numberRanks, orderByRanks } from '../../www/js/sort-order.js';

/** xorshift32: the same values every run. */
function numbers(n, pick) {
  let x = 2463534242;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  return Float64Array.from({ length: n }, () => pick(next));
}

/** Ranks the slow, obvious way: the index among the sorted distinct values. */
function expectedRanks(values) {
  const distinct = [...new Set([...values].filter((v) => !Number.isNaN(v)).map((v) => v + 0))]
    .sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, i]));
  return Uint32Array.from(values, (v) => (Number.isNaN(v) ? MISSING : rank.get(v + 0)));
}

for (const [name, pick] of [
  ['repeated scores', (next) => [NaN, -0, 0][next() % 40] ?? ((next() % 900) - 200) / 4],
  ['mostly distinct values', (next) => (next() % 9 === 0 ? NaN : next() / 7 - 1e8)],
]) {
  test(`numberRanks of ${name} are the ranks among the sorted distinct values`, () => {
    const values = numbers(200_000, pick);
    const ranks = numberRanks(values);
    assert.deepEqual(ranks, expectedRanks(values));
  });
}

test('orderByRanks: by rank either way, ties in row order, missing last', () => {
  const ranks = Uint32Array.from([2, MISSING, 0, 2, 1, MISSING, 0]);
  assert.deepEqual([...orderByRanks(ranks, false)], [2, 6, 4, 0, 3, 1, 5]);
  assert.deepEqual([...orderByRanks(ranks, true)], [0, 3, 4, 2, 6, 1, 5]);
});
