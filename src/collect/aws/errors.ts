/** How AWS API failures are told apart: the caller's credentials, a scope it may not read, or absence. */
import { redactUrl, redactUrlsInText } from '../../util/redact.js';
import { gateCalls } from './call-gate.js';

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  input?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** The API call an error came from ("S3Control", "GetPublicAccessBlock"), recorded by `nameCalls`. */
const CALL = Symbol('stance.awsCall');
interface Call {
  service: string;
  operation: string;
}

interface Stack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ): void;
}

/**
 * Makes every error of this client name its service and API call, so a scope error reads
 * "SecurityHub DescribeHub: ..." rather than a bare parser message.
 */
export function nameCalls<C extends { middlewareStack: unknown }>(client: C): C {
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object' && !(CALL in error)) {
          const call: Call = {
            service: (context.clientName ?? 'AWS').replace(/Client$/, ''),
            operation: (context.commandName ?? 'call').replace(/Command$/, ''),
          };
          Object.defineProperty(error, CALL, { value: call, enumerable: false });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'stanceNameCalls' },
  );
  return gateCalls(client);
}

function callOf(error: unknown): Call | undefined {
  return error && typeof error === 'object' ? (error as { [CALL]?: Call })[CALL] : undefined;
}

/**
 * An answer that is not the service's own (an emulator's HTML 404 page, a proxy's error page, XML
 * where the protocol is JSON): the SDK fails to parse it, or finds no AWS error in it.
 */
function foreignResponse(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkError;
  const response = e.$response;
  if (!response) return undefined;
  const header = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  const type = header?.[1]?.split(';')[0]?.trim() || 'no content type';
  const parseFailed = e.$fault === undefined; // not a service exception: the body did not parse
  if (!parseFailed && !/html/i.test(type)) return undefined;
  const status = response.statusCode ?? e.$metadata?.httpStatusCode;
  return `expected an AWS response, got ${type}${status ? ` (HTTP ${status})` : ''}; the endpoint does not answer this API as AWS does`;
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

/** No endpoint at that address: nothing listens there, or the name does not resolve. */
export function isUnreachable(error: unknown): boolean {
  const code = (error as SdkError | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND';
}

/** True when the endpoint answered, but not as the AWS service (see `foreignResponse`). */
export function isForeignResponse(error: unknown): boolean {
  return foreignResponse(error) !== undefined;
}

/**
 * One line: "IAM GetAccountSummary: AccessDenied: User ... is not authorized to perform
 * iam:GetAccountSummary (after 6 attempts)". URLs in it are shown as scheme and host only.
 */
export function awsErrorText(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  const code = codeOf(error);
  const call = callOf(error);
  const message = (e.message ?? String(error)).split('\n')[0]!.trim();
  const attempts =
    e.$metadata?.attempts && e.$metadata.attempts > 1 ? ` (after ${e.$metadata.attempts} attempts)` : '';
  const text =
    foreignResponse(error) ??
    (e.code === 'ERR_INVALID_URL'
      ? `cannot build the endpoint URL ${redactUrl(e.input ?? '')}`
      : message && code !== 'Error' && message !== code && !message.startsWith(code)
        ? `${code}: ${message}`
        : message || code);
  return redactUrlsInText(`${call ? `${call.service} ${call.operation}: ` : ''}${text}${attempts}`).slice(
    0,
    500,
  );
}
