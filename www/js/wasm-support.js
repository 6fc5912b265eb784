// The app's engine is built with WebAssembly 128-bit SIMD (scripts/build-wasm.sh), which
// every current browser runs (Chrome and Edge 91, Firefox 89, Safari 16.4 and later). In an
// older one the module does not compile; this tells that case apart from a missing or broken
// build, so the page can say what to do about it.

/** The smallest module that uses SIMD: `() -> v128 { i8x16.popcnt(i8x16.splat(0)) }`. */
export const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: one, () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x0a, 0x0a, 0x01, 0x08, 0x00, // code: one body of 8 bytes, no locals
  0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b, // i32.const 0, i8x16.splat, i8x16.popcnt, end
]);

/** Can this browser compile WebAssembly that uses SIMD? */
export function hasWasmSimd() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

export const NO_SIMD = 'this browser cannot run WebAssembly SIMD, which the engine needs: '
  + 'use Chrome or Edge 91, Firefox 89, Safari 16.4 or a later version';

/** The error to report when the engine's wasm did not start (`error`: why, as thrown). */
export function startError(error) {
  if (hasWasmSimd()) return error;
  const unsupported = new Error(NO_SIMD);
  unsupported.name = 'UnsupportedBrowser';
  return unsupported;
}
