// A rule's `when` condition as a sentence: `job_title contains any of "vp", "chief" and not
// (employees < 10)`. Shapes it does not know are shown as their JSON, never dropped.

const EMAIL_KINDS = {
  free: 'a free-mail address',
  disposable: 'a disposable address',
  role: 'a shared inbox (info@, sales@, …)',
  invalid: 'not a valid address',
  business: 'a business address',
};

const literal = (v) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const list = (v) => (Array.isArray(v) ? v.map(literal).join(', ') : literal(v));

/** Each test as text, given the field name and the test's argument. */
export const TEST_TEXT = {
  equals: (f, v) => `${f} equals ${literal(v)}`,
  in: (f, v) => `${f} is one of ${list(v)}`,
  not_in: (f, v) => `${f} is none of ${list(v)}`,
  contains_any: (f, v) => `${f} contains any of ${list(v)}`,
  matches: (f, v) => `${f} matches /${v}/`,
  gte: (f, v) => `${f} ≥ ${v}`,
  gt: (f, v) => `${f} > ${v}`,
  lte: (f, v) => `${f} ≤ ${v}`,
  lt: (f, v) => `${f} < ${v}`,
  between: (f, v) => (Array.isArray(v) ? `${f} between ${v[0]} and ${v[1]}` : `${f} between ${literal(v)}`),
  present: (f, v) => `${f} ${v ? 'has a value' : 'is empty'}`,
  missing: (f, v) => `${f} ${v ? 'is empty' : 'has a value'}`,
  is_true: (f, v) => `${f} is ${v ? 'true' : 'false'}`,
  email_is: (f, v) => `${f} is ${EMAIL_KINDS[v] ?? literal(v)}`,
  domain_in: (f, v) => `${f} is at ${list(v)}`,
  within_days: (f, v) => `${f} within the last ${v} days`,
  older_than_days: (f, v) => `${f} more than ${v} days ago`,
};

/** `condition` as text; `nested` wraps and/or lists in parentheses. */
export function conditionText(condition, nested = false) {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return JSON.stringify(condition);
  const keys = Object.keys(condition);
  const join = (parts, word) => {
    if (!Array.isArray(parts)) return JSON.stringify(condition);
    const text = parts.map((p) => conditionText(p, true)).join(` ${word} `);
    return nested && parts.length > 1 ? `(${text})` : text;
  };
  if (keys.length === 1 && keys[0] === 'all') return join(condition.all, 'and');
  if (keys.length === 1 && keys[0] === 'any') return join(condition.any, 'or');
  if (keys.length === 1 && keys[0] === 'not') return `not (${conditionText(condition.not)})`;
  const tests = keys.filter((k) => k !== 'field');
  if (typeof condition.field === 'string' && tests.length === 1 && TEST_TEXT[tests[0]]) {
    return TEST_TEXT[tests[0]](condition.field, condition[tests[0]]);
  }
  return JSON.stringify(condition);
}
