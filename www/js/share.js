// Share a model by link: `#model=` + base64url of its JSON. The fragment never reaches a
// server (browsers do not send it), so a shared model stays as private as the page.

export function encodeModel(json) {
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeModel(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The model JSON in `location.hash`, or null; throws when the fragment is damaged. */
export function modelFromHash(hash = location.hash) {
  const match = /^#model=([A-Za-z0-9_-]+)$/.exec(hash);
  return match ? decodeModel(match[1]) : null;
}

export function shareLink(json) {
  const url = new URL(location.href);
  url.hash = `model=${encodeModel(json)}`;
  return url.href;
}
