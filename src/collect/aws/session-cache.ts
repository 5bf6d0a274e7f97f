import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { nameCalls } from './errors.js';
import {
  assumeRole,
  baseCredentials,
  clientConfig,
  identify,
  type AssumeOptions,
  type Credentials,
} from './session.js';

/** How long the caller's identity is taken as known. */
const IDENTITY_TTL_MS = 5 * 60_000;
/** An assumed role's credentials are used for at most this long, and not in their last margin. */
const ROLE_TTL_MS = 15 * 60_000;
const ROLE_EXPIRY_MARGIN_MS = 5 * 60_000;
/** Roles remembered at most (a worker serving a large organisation): the oldest are forgotten first. */
const MAX_ROLES = 10_000;

interface Entry<T> {
  value: Promise<T>;
  until: number;
}

/**
 * What a long-running process (a `stance worker`) keeps between its collections of AWS accounts,
 * which are one account per job: per caller (profile, home region, endpoint and key in the
 * environment), its base credentials, one STS client, its identity for a few minutes, and each
 * role's temporary credentials for up to 15 minutes (never in their last 5). Without it every job
 * asked STS who the caller is and assumed its role again, each through a new client and connection.
 * Failures are never remembered. Credentials stay in this process's memory, as the SDK keeps them.
 */
export class AwsSessionCache {
  private readonly callers = new Map<string, CachedCaller>();
  private readonly now: () => number;

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? Date.now;
  }

  caller(profile: string | undefined, region: string): CachedCaller {
    const env = process.env;
    const key = JSON.stringify([
      profile ?? '',
      region,
      env.AWS_PROFILE ?? '',
      env.AWS_ACCESS_KEY_ID ?? '',
      env.AWS_ENDPOINT_URL ?? '',
      env.AWS_ENDPOINT_URL_STS ?? '',
    ]);
    let caller = this.callers.get(key);
    if (!caller) {
      caller = new CachedCaller(baseCredentials({ profile }), region, this.now);
      this.callers.set(key, caller);
    }
    return caller;
  }

  /** Closes the STS clients (their idle connections); the cache can be used again afterwards. */
  close(): void {
    for (const caller of this.callers.values()) caller.close();
    this.callers.clear();
  }
}

export class CachedCaller {
  private readonly sts: STSClient;
  private identity?: Entry<string>;
  private readonly roles = new Map<string, Entry<AwsCredentialIdentity>>();

  constructor(
    readonly base: Credentials,
    private readonly region: string,
    private readonly now: () => number,
  ) {
    this.sts = nameCalls(new STSClient(clientConfig(region, base)));
  }

  /** The caller's account (GetCallerIdentity), asked again after a few minutes or a failure. */
  identify(via: string): Promise<string> {
    const now = this.now();
    if (this.identity && this.identity.until > now) return this.identity.value;
    const value = identify(this.base, this.region, via, this.sts);
    const entry = { value, until: now + IDENTITY_TTL_MS };
    this.identity = entry;
    value.catch(() => {
      if (this.identity === entry) this.identity = undefined;
    });
    return value;
  }

  /** The role's temporary credentials, assumed again when near expiry, after 15 minutes or a failure. */
  assumeRole(opts: AssumeOptions): Promise<AwsCredentialIdentity> {
    const now = this.now();
    const key = `${opts.roleArn}\u0000${opts.externalId ?? ''}`;
    const known = this.roles.get(key);
    if (known && known.until > now) return known.value;
    this.roles.delete(key);
    const value = assumeRole(this.base, this.region, opts, this.sts);
    const entry: Entry<AwsCredentialIdentity> = { value, until: now + ROLE_TTL_MS };
    this.roles.set(key, entry);
    if (this.roles.size > MAX_ROLES) this.roles.delete(this.roles.keys().next().value!);
    value.then(
      (credentials) => {
        const expires = credentials.expiration?.getTime();
        if (expires !== undefined) entry.until = Math.min(entry.until, expires - ROLE_EXPIRY_MARGIN_MS);
      },
      () => {
        if (this.roles.get(key) === entry) this.roles.delete(key);
      },
    );
    return value;
  }

  close(): void {
    this.sts.destroy();
  }
}
