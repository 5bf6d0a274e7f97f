/**
 * Whether a value Stance reads from a Kubernetes object looks like a credential, and why, without
 * ever returning any part of the value: the sanitiser (./sanitize.ts) keeps the reason and drops
 * the value, so ConfigMap data and literal env values that look like credentials never reach a
 * snapshot, the store or an output.
 *
 * Two kinds of evidence:
 * - the value's own shape, whatever it is called: a PEM private key, a JSON Web Token, a token of a
 *   provider's documented format, a URL with a password in it;
 * - a name that says it holds a secret (DB_PASSWORD, apiKey, client_secret, spring.datasource.password)
 *   with a literal value, i.e. not empty, not a reference ($(VAR), ${VAR}, {{ .Values.x }}), not a
 *   file path, not a boolean or a placeholder of one repeated character.
 *
 * The scan is linear in the input: patterns are anchored or bounded, and long values are read up
 * to MAX_SCANNED characters.
 */

/** How much of one value is read; ConfigMaps hold at most 1 MiB in all. */
export const MAX_SCANNED = 1 << 20;

/** What replaces a literal env value that looks like a credential. */
export const REDACTED_ENV_VALUE = '[removed by stance: looks like a credential]';

/**
 * Token formats, each found by its literal prefix inside a token and then matched from there, so
 * no pattern is ever tried at every position of a long value.
 */
const TOKENS: { prefix: string; pattern: RegExp; reason: string }[] = [
  {
    prefix: 'eyJ',
    pattern: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
    reason: 'contains a JSON Web Token',
  },
  { prefix: 'gh', pattern: /^gh[pousr]_[A-Za-z0-9]{36}/, reason: 'contains a GitHub token' },
  { prefix: 'github_pat_', pattern: /^github_pat_[A-Za-z0-9_]{40,}/, reason: 'contains a GitHub token' },
  { prefix: 'glpat-', pattern: /^glpat-[A-Za-z0-9_-]{20}/, reason: 'contains a GitLab token' },
  { prefix: 'xox', pattern: /^xox[abposr]-[A-Za-z0-9-]{10,}/, reason: 'contains a Slack token' },
  { prefix: 'k_live_', pattern: /^k_live_[A-Za-z0-9]{16,}/, reason: 'contains a Stripe secret key' },
  { prefix: 'AIza', pattern: /^AIza[0-9A-Za-z_-]{35}/, reason: 'contains a Google API key' },
  { prefix: 'npm_', pattern: /^npm_[A-Za-z0-9]{36}/, reason: 'contains an npm token' },
];

/** A PEM private key block (RSA, EC, OPENSSH, ENCRYPTED, PKCS#8, ...). */
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/;

/** What separates tokens in configuration text; ":", "/" and "@" stay inside (URLs). */
const SEPARATORS = /[\s"'`,;=(){}<>[\]|]+/;

/** Words that name a secret when a name ends with them. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
]);

/** "<word> key" pairs that name a secret key (api key, access key, private key, ...). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'encryption',
  'master',
  'auth',
  'license',
  'ssh',
]);

/** Names that end in a secret word but hold something else. */
const NOT_SECRET_NAMES = new Set(['pwd']);

/** The words of a name: split at separators and camelCase boundaries, lower-cased. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether a name (env var, ConfigMap key, configuration setting) says it holds a secret. */
export function secretName(name: string): boolean {
  if (name.length > 200 || NOT_SECRET_NAMES.has(name.toLowerCase())) return false;
  const w = words(name);
  const last = w.at(-1);
  if (!last) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === 'key' && w.length > 1 && KEY_QUALIFIERS.has(w.at(-2)!);
}

/** A value that is not a credential itself: empty, a reference, a path, a flag, a placeholder. */
function notLiteral(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 4) return true;
  if (value === REDACTED_ENV_VALUE) return true;
  if (/^(\$\(|\$\{|\{\{|<|%)/.test(value)) return true; // $(VAR), ${VAR}, {{ .Values.x }}, <changeme>, %VAR%
  if (/^(\/|\.\/|~\/|file:)/.test(value)) return true; // a file holds it
  if (/^(true|false|yes|no|on|off|null|none|nil|required|optional|enabled|disabled)$/i.test(value))
    return true;
  if (/^(.)\1*$/.test(value)) return true; // *****, xxxx
  if (/^(redacted|changeme-in-secret|secret|password|token)$/i.test(value)) return true; // the word itself
  return false;
}

/** The password of a `scheme://user:password@host` URL in a token, if it has one. */
function urlPassword(token: string): string | undefined {
  const scheme = token.indexOf('://');
  if (scheme <= 0) return undefined;
  const rest = token.slice(scheme + 3);
  const at = rest.indexOf('@');
  if (at < 0) return undefined;
  const userinfo = rest.slice(0, at);
  if (userinfo.includes('/')) return undefined;
  const colon = userinfo.indexOf(':');
  return colon < 0 ? undefined : userinfo.slice(colon + 1);
}

/** Why a value's own shape makes it a credential, whatever its name. */
export function credentialShape(value: string): string | undefined {
  const text = value.length > MAX_SCANNED ? value.slice(0, MAX_SCANNED) : value;
  if (text.includes('PRIVATE KEY') && PRIVATE_KEY.test(text)) return 'contains a private key';
  for (const token of text.split(SEPARATORS)) {
    if (token.length < 12) continue;
    for (const { prefix, pattern, reason } of TOKENS) {
      const at = token.indexOf(prefix);
      if (at >= 0 && pattern.test(token.slice(at))) return reason;
    }
    const password = urlPassword(token);
    if (password !== undefined && !notLiteral(password.padEnd(4, '_')) && !/^(\$\(|\$\{|\{\{)/.test(password))
      return 'contains a URL with a password in it';
  }
  return undefined;
}

/** Why a literal env value looks like a credential, if it does. */
export function envValueReason(name: string, value: string): string | undefined {
  const shape = credentialShape(value);
  if (shape) return shape;
  if (secretName(name) && !notLiteral(value)) return 'a secret-looking name with a literal value';
  return undefined;
}

/**
 * Why a ConfigMap entry looks like it holds a credential, if it does: its shape, a secret-looking
 * key with a one-line literal value, or a secret-looking setting inside it (a configuration file).
 */
export function configMapValueReason(key: string, value: string): string | undefined {
  const shape = credentialShape(value);
  if (shape) return shape;
  const oneLine = !value.trim().includes('\n');
  if (oneLine && secretName(key) && !notLiteral(value)) return 'a secret-looking key with a literal value';
  return configFileReason(value, false);
}

/** The start of `name = value`, `name: value`, `"name": "value"` on one line of a configuration file. */
const SETTING = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.\-[\]]{1,200})["']?\s*[:=]/;

/** A setting's value as written: without a trailing comment, JSON separator or quotes. */
function settingValue(rest: string): string {
  const comment = rest.search(/\s[#;]/);
  return (comment >= 0 ? rest.slice(0, comment) : rest)
    .trim()
    .replace(/,$/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
}

/**
 * Why a configuration file (a ConfigMap value: properties, YAML, JSON, INI, .env) looks like it
 * holds a credential: its shape, or the first line whose setting name says secret and whose value
 * is a literal. Lines are named by number only: a setting name comes from the value text.
 */
export function configFileReason(text: string, checkShape = true): string | undefined {
  const shape = checkShape ? credentialShape(text) : undefined;
  if (shape) return shape;
  const scanned = text.length > MAX_SCANNED ? text.slice(0, MAX_SCANNED) : text;
  let line = 0;
  for (const raw of scanned.split('\n')) {
    line++;
    if (raw.length > 4096) continue;
    const m = SETTING.exec(raw);
    if (!m || !secretName(m[1]!)) continue;
    if (!notLiteral(settingValue(raw.slice(m[0].length))))
      return `line ${line}: a secret-looking setting with a literal value`;
  }
  return undefined;
}
