/** How AWS API failures are told apart: the caller's credentials, a scope it may not read, or absence. */

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function codeOf(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  return e.name || e.Code || e.code || 'Error';
}

/** Credentials that do not work at all: nothing can be scanned, a usage error. */
const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'CredentialsProviderError',
  'AuthFailure',
]);

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_CODES.has(codeOf(error));
}

/** "This thing does not exist": an answer, not a failure (no password policy, no bucket policy...). */
export function isNotFound(error: unknown, ...codes: string[]): boolean {
  const code = codeOf(error);
  return codes.includes(code);
}

/** A region the account has not opted into answers as if the credentials were wrong. */
export function isRegionDisabled(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code === 'OptInRequired' ||
    code === 'UnrecognizedClientException' ||
    code === 'InvalidClientTokenId' ||
    code === 'AuthFailure'
  );
}

/** One line: "AccessDenied: User ... is not authorized to perform iam:GetAccountSummary (after 6 attempts)". */
export function awsErrorText(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  const code = codeOf(error);
  const message = (e.message ?? String(error)).split('\n')[0]!.trim();
  const attempts =
    e.$metadata?.attempts && e.$metadata.attempts > 1 ? ` (after ${e.$metadata.attempts} attempts)` : '';
  const text =
    message && message !== code && !message.startsWith(code) ? `${code}: ${message}` : message || code;
  return `${text}${attempts}`.slice(0, 500);
}
