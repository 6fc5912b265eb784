// DOM helpers for the widgets. Model and visitor text only ever goes in as textContent.

/** An element with attributes and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A constructed stylesheet for a shadow root (no <style> element: strict CSPs allow it). */
export function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/** Only web and mail links from a model become clickable (never javascript: and friends). */
export function safeUrl(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Points as a receipt shows them: at most two decimals, a sign when asked. */
export function points(x, { signed = false } = {}) {
  const text = String(Math.round(x * 100) / 100);
  return signed && x > 0 ? `+${text}` : text;
}

/** The leadscore events: they bubble and cross shadow roots, so the page hears them. */
export function announce(element, type, detail) {
  element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** A readable form of a qualification state ("not_qualified" -> "not qualified"). */
export function words(state) {
  return String(state ?? '').replace(/_/g, ' ');
}
