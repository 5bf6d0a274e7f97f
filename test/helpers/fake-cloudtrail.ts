import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedFor } from './aws.js';

/**
 * A FAKE of CloudTrail's LookupEvents API, on loopback. moto (the AWS emulator the other AWS tests
 * use) does not implement LookupEvents, so this speaks the real wire format instead: AWS JSON 1.1,
 * `POST /` with `X-Amz-Target: CloudTrail_20131101.LookupEvents` (the fully qualified
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents` is accepted too), a
 * SigV4-signed request whose credential scope names the region, and the response shape
 * `{"Events": [{"EventId", "EventName", "EventSource", "EventTime" (epoch seconds), "CloudTrailEvent"
 * (the record as a JSON string)}], "NextToken"}`, newest first, as AWS answers.
 *
 * Like AWS it enforces 2 requests per second per region: a request that would make 3 within one
 * second gets `ThrottlingException`. Every request is recorded (arrival time, StartTime, NextToken).
 */
export interface LookupRequest {
  region: string;
  target: string;
  /** performance.now() at arrival */
  at: number;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  maxResults?: number;
  throttled: boolean;
}

interface StoredEvent {
  id: string;
  name: string;
  source: string;
  /** epoch ms */
  time: number;
  json: string;
}

const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.LookupEvents$/;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export class FakeCloudTrailLookup {
  /** Largest page the fake returns, whatever MaxResults asks (AWS: 50): small, to exercise pagination. */
  pageSize = 3;
  requests: LookupRequest[] = [];
  /** Awaited before a region's request is answered (a test holds a region mid-read with it). */
  beforeAnswer?: (region: string) => Promise<void>;
  private readonly events = new Map<string, StoredEvent[]>();
  private server = createServer(async (req, res) => {
    const text = await body(req);
    const { region } = signedFor(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    const fail = (status: number, type: string, message: string) => {
      res.statusCode = status;
      res.setHeader('x-amzn-errortype', type);
      res.end(JSON.stringify({ __type: type, message }));
    };
    if (req.method !== 'POST' || req.url !== '/' || !TARGET.test(target))
      return fail(400, 'UnknownOperationException', `fake: no route for ${req.method} ${req.url} ${target}`);
    const input = JSON.parse(text || '{}') as {
      StartTime?: number;
      EndTime?: number;
      NextToken?: string;
      MaxResults?: number;
    };
    const at = performance.now();
    const recent = this.requests.filter((r) => r.region === region && !r.throttled && at - r.at < 1000);
    const throttled = recent.length >= 2;
    this.requests.push({
      region,
      target,
      at,
      startTime: input.StartTime,
      endTime: input.EndTime,
      nextToken: input.NextToken,
      maxResults: input.MaxResults,
      throttled,
    });
    if (throttled) return fail(400, 'ThrottlingException', 'Rate exceeded');
    await this.beforeAnswer?.(region);
    const from = input.StartTime !== undefined ? input.StartTime * 1000 : 0;
    const to = input.EndTime !== undefined ? input.EndTime * 1000 : Infinity;
    const matching = (this.events.get(region) ?? [])
      .filter((e) => e.time >= from && e.time <= to)
      .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1));
    const offset = input.NextToken
      ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8').split(':')[1])
      : 0;
    const size = Math.min(input.MaxResults ?? 50, this.pageSize);
    const page = matching.slice(offset, offset + size);
    const next =
      offset + size < matching.length ? Buffer.from(`page:${offset + size}`).toString('base64') : undefined;
    res.end(
      JSON.stringify({
        Events: page.map((e) => ({
          EventId: e.id,
          EventName: e.name,
          EventSource: e.source,
          EventTime: e.time / 1000,
          ReadOnly: 'false',
          CloudTrailEvent: e.json,
        })),
        ...(next ? { NextToken: next } : {}),
      }),
    );
  });
  endpoint = '';

  /** Makes a CloudTrail record available to LookupEvents in its region. */
  add(record: {
    eventID: string;
    eventName: string;
    eventSource: string;
    eventTime: string;
    awsRegion?: string;
  }): void {
    const region = record.awsRegion ?? 'us-east-1';
    const list = this.events.get(region) ?? [];
    list.push({
      id: record.eventID,
      name: record.eventName,
      source: record.eventSource,
      time: Date.parse(record.eventTime),
      json: JSON.stringify(record),
    });
    this.events.set(region, list);
  }

  /** Requests of one region (throttled ones included). */
  of(region: string): LookupRequest[] {
    return this.requests.filter((r) => r.region === region);
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
