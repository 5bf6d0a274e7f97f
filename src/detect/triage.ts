/**
 * Signal triage as library functions (the CLI and the console call these): state changes with who,
 * when and a note; suppressions with validation and an audit. No printing here.
 */
import { InputError } from '../errors.js';
import {
  SIGNAL_STATES,
  type Signal,
  type SignalStatus,
  type Store,
  type Suppression,
} from '../store/index.js';
import { parseCidr } from './net.js';

const DAY = 86_400_000;
/** Notes and reasons are for people: long enough for a paragraph, short enough for a table. */
export const MAX_NOTE_LENGTH = 2000;

/** `archived` (the old name of resolved) is accepted as resolved. */
export function parseSignalState(value: string, flag = '--state'): SignalStatus {
  const state = value === 'archived' ? 'resolved' : value;
  if (!(SIGNAL_STATES as readonly string[]).includes(state))
    throw new InputError(`${flag} ${value}: expected one of ${SIGNAL_STATES.join(', ')}`);
  return state as SignalStatus;
}

function text(value: string | undefined, what: string): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > MAX_NOTE_LENGTH)
    throw new InputError(`${what}: longer than ${MAX_NOTE_LENGTH} characters`);
  return trimmed || null;
}

export function parseSignalId(value: string): number {
  if (!/^\d{1,15}$/.test(value))
    throw new InputError(`signal id ${value}: expected a number (see stance signals)`);
  return Number(value);
}

/** Sets a signal's state; throws InputError when there is no such signal. */
export async function setSignalState(
  store: Store,
  id: number,
  change: { state: SignalStatus; by: string | null; note?: string; at?: Date },
): Promise<Signal> {
  const signal = await store.signals.setState(id, {
    state: change.state,
    by: text(change.by ?? undefined, '--by'),
    note: text(change.note, '--note'),
    at: change.at ?? new Date(),
  });
  if (!signal) throw new InputError(`signal ${id}: no such signal (see stance signals)`);
  return signal;
}

export interface SuppressionInput {
  ruleId?: string;
  identity?: string;
  cidr?: string;
  reason: string;
  author: string | null;
  expiresAt?: Date;
  now?: Date;
}

/** Validates and adds a suppression; returns its id. */
export async function addSuppression(store: Store, input: SuppressionInput): Promise<number> {
  const now = input.now ?? new Date();
  const reason = text(input.reason, '--reason');
  if (!reason) throw new InputError('--reason: give a reason; auditors will read it');
  if (!input.ruleId && !input.identity && !input.cidr)
    throw new InputError('a suppression needs at least one of --rule, --identity, --cidr');
  if (input.cidr !== undefined && !parseCidr(input.cidr))
    throw new InputError(`--cidr ${input.cidr}: expected an IP address or a CIDR range (203.0.113.0/24)`);
  if (input.identity !== undefined && (!input.identity.trim() || input.identity.length > 512))
    throw new InputError('--identity: expected an ARN or an ARN pattern with * (at most 512 characters)');
  if (input.expiresAt && input.expiresAt <= now)
    throw new InputError(`--until ${input.expiresAt.toISOString()}: the date has passed`);
  return store.suppressions.add({
    ruleId: input.ruleId ?? null,
    identity: input.identity?.trim() ?? null,
    cidr: input.cidr ?? null,
    reason,
    author: input.author,
    createdAt: now,
    expiresAt: input.expiresAt ?? null,
  });
}

export interface SuppressionAudit {
  /** In force, and silenced nothing in the last `days` days (or never). */
  unused: Suppression[];
  /** In force, expiring within `days` days. */
  expiring: Suppression[];
  /** Removed or expired: kept with who removed them and when. */
  ended: Suppression[];
}

/** Suppressions to review, like `stance mute audit`. */
export async function auditSuppressions(store: Store, now: Date, days: number): Promise<SuppressionAudit> {
  const all = await store.suppressions.list({ includeInactive: true });
  const t = now.getTime();
  const inForce = all.filter((s) => !s.removedAt && (!s.expiresAt || Date.parse(s.expiresAt) > t));
  return {
    unused: inForce.filter((s) => !s.lastHitAt || Date.parse(s.lastHitAt) < t - days * DAY),
    expiring: inForce.filter((s) => s.expiresAt && Date.parse(s.expiresAt) - t <= days * DAY),
    ended: all.filter((s) => !inForce.includes(s)),
  };
}
