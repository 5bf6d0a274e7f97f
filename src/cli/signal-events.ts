import type { Signal, SignalEventSummary } from '../index.js';
import { terminalTableWidth } from './output.js';
import { renderTable } from './table.js';

/** Who acted in an event: the ARN, else the user name or principal (and the access key id when known). */
export function actorOf(e: SignalEventSummary): string {
  const who = e.identityArn ?? e.userName ?? e.principalId ?? e.identityType ?? '';
  return e.accessKeyId ? `${who} (${e.accessKeyId})` : who;
}

/** `name=value` of each resource the request named. */
export function requestResources(e: SignalEventSummary): string {
  return Object.entries(e.resources)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * The events of a signal (`stance signals show`) as text for stdout: a table of the recorded ones
 * (cells escaped by renderTable), or the note of a signal raised before they were kept.
 */
export function signalEventsText(s: Signal): string {
  const events = s.events;
  if (!events) return '';
  if (!events.recorded) return `\n${events.note ?? 'events not recorded'}\n`;
  const shown = events.items.length;
  const head = `\nevents (${shown < events.total ? `first ${shown} of ${events.total}` : shown}):\n`;
  const table = renderTable(
    events.items,
    [
      { header: 'time', value: (e) => e.time.slice(0, 19).replace('T', ' ') },
      {
        header: 'event',
        value: (e) =>
          e.recorded ? `${e.eventSource ?? '?'}:${e.eventName ?? '?'}` : `${e.id} (not recorded)`,
        max: 60,
      },
      { header: 'identity', value: actorOf, max: 80 },
      { header: 'source ip', value: (e) => e.sourceIPAddress ?? '', max: 40 },
      { header: 'region', value: (e) => e.awsRegion ?? '' },
      { header: 'account', value: (e) => e.recipientAccountId ?? '' },
      { header: 'error', value: (e) => e.errorCode ?? '', max: 30 },
      { header: 'user agent', value: (e) => e.userAgent ?? '', max: 40 },
      { header: 'resources', value: requestResources, max: 60 },
      { header: 'event id', value: (e) => e.id, max: 40 },
    ],
    { width: terminalTableWidth() },
  );
  return head + table;
}
