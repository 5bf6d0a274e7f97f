/**
 * URL redaction for every error and log line: a URL is shown as scheme and host only, never with its
 * user info, path (tokens live there: Slack and Teams webhooks), query or fragment.
 */

/** `https://user:pw@hooks.example.com/T0/B1/xyz?k=v` → `https://hooks.example.com`. Not a URL → `[url]`. */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    if (parsed.protocol === 'mailto:') return 'mailto:';
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : `${parsed.protocol}`;
  } catch {
    return '[url]';
  }
}

// Network URLs (scheme://anything-up-to-whitespace-or-a-quote), also when quoted inside other
// libraries' messages. Stance's own resource ids (k8s://, aws://) and s3:// locations carry no
// secrets and must stay readable, so only schemes that address a server are matched.
const URL_IN_TEXT =
  /\b(?:https?|wss?|ftps?|smtps?|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|rediss|amqps?):\/\/[^\s"'<>`]+/gi;

/** Replaces every URL inside free text (an error message, a log line) by its redacted form. */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    const trailing = /[),.;:\]]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - trailing.length)) + trailing;
  });
}

/** An error's message with URLs redacted, on one line; never the stack. */
export function safeErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return redactUrlsInText(`${raw}${cause}`).split('\n')[0]!.trim();
}
