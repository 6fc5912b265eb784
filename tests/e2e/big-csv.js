// A big CSV made inside the page, handed to the app's file input as a user picking it would:
// one chunk of about 1 MiB of CRM-like rows, repeated into a Blob (the browser keeps a Blob's
// bytes outside the JS heap), so hundreds of megabytes cost the test no disk and no transfer.
// Used by tests/e2e/big-file.test.js and tests/bench/big-file.mjs.

/**
 * Runs in the page (pass it to page.evaluate with `{ bytes, noteBytes }`): about `bytes` of
 * rows whose last column is a note of `noteBytes` (wider rows, fewer of them). Returns the
 * file's exact `rows` and `bytes`.
 */
export function pickBigCsv({ bytes, noteBytes = 90, name = 'big.csv' }) {
  const titles = ['VP Sales', 'Marketing Manager', 'Intern', 'Chief Revenue Officer', 'Analyst'];
  const pad = (n) => String(n).padStart(2, '0');
  const note = 'Met at the spring trade show and asked for the pricing sheet. '.repeat(noteBytes / 60 + 1)
    .slice(0, noteBytes);
  const header = 'Email,First Name,Last Name,Job Title,Number of Employees,Last Activity Date,' +
    'Demo Requested,Country/Region,Notes\n';
  const lines = [];
  let size = 0;
  for (let i = 0; size < (1 << 20); i++) {
    const line = `u${i}@corp${i % 97}.example,First${i % 50},Last${i % 89},${titles[i % 5]},` +
      `${(i * 37) % 5000},2026-${pad(1 + (i % 11))}-${pad(1 + (i % 28))},${i % 3 ? 'false' : 'true'},` +
      `${i % 4 ? 'United States' : 'Germany'},${note} ${i}\n`;
    lines.push(line);
    size += line.length;
  }
  const chunk = new TextEncoder().encode(lines.join(''));
  const repeats = Math.max(1, Math.round((bytes - header.length) / chunk.length));
  const file = new File([header, ...Array(repeats).fill(chunk)], name, { type: 'text/csv' });
  const picked = new DataTransfer();
  picked.items.add(file);
  const input = document.getElementById('file-input');
  input.files = picked.files;
  input.dispatchEvent(new Event('change'));
  return { rows: lines.length * repeats, bytes: file.size };
}

/** Runs in the page: sample the page's JS heap every 100 ms; `stop()` gives the peak. */
export function watchHeap() {
  let peak = performance.memory.usedJSHeapSize;
  const timer = setInterval(() => { peak = Math.max(peak, performance.memory.usedJSHeapSize); }, 100);
  globalThis.stopHeapWatch = () => {
    clearInterval(timer);
    return Math.max(peak, performance.memory.usedJSHeapSize);
  };
}
