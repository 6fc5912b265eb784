// Styles shared by the widgets. Every colour, font and size is a CSS custom property with a
// default, so a host page themes a widget without reaching into its shadow root:
//   lead-chat { --leadscore-accent: #0f766e; --leadscore-font: Georgia, serif; }
// docs/WIDGET.md lists them.
export const BASE = `
:host {
  --_accent: var(--leadscore-accent, #1d4ed8);
  --_accent-text: var(--leadscore-accent-text, #ffffff);
  --_bg: var(--leadscore-background, #ffffff);
  --_text: var(--leadscore-text, #1e293b);
  --_muted: var(--leadscore-muted, #475569);
  --_border: var(--leadscore-border, #cbd5e1);
  --_error: var(--leadscore-error, #b91c1c);
  --_radius: var(--leadscore-radius, 12px);
  --_font: var(--leadscore-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-family: var(--_font);
  color: var(--_text);
  line-height: 1.4;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
button, input, select { font: inherit; }
button {
  cursor: pointer;
  border-radius: calc(var(--_radius) / 2);
  border: 1px solid var(--_accent);
  padding: 0.45em 0.9em;
  background: var(--_accent);
  color: var(--_accent-text);
}
button.secondary { background: transparent; color: var(--_accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible {
  outline: 3px solid var(--leadscore-focus, #f59e0b);
  outline-offset: 2px;
}
input, select {
  border: 1px solid var(--_border);
  border-radius: calc(var(--_radius) / 2);
  padding: 0.45em 0.6em;
  background: var(--_bg);
  color: var(--_text);
  min-width: 0;
}
input[aria-invalid="true"] { border-color: var(--_error); }
a { color: var(--_accent); }
.error { color: var(--_error); margin: 0.3em 0 0; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
`;
