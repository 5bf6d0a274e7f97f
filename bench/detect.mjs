#!/usr/bin/env node
// Detection benchmark: realistic CloudTrail traffic (read-heavy API calls, console sign-ins, IAM
// changes and a few injected attacks) written as gzip files the way CloudTrail delivers them, then
// read twice by child processes: parse only, and the full bundled rule pack into a fresh database.
// Reports events/s and peak RSS side by side, at two sizes, so memory can be compared.
//   node bench/detect.mjs [--events 1000000] [--small]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { prng } from './lib/inventory.mjs';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;

if (arg('--child')) {
  // Child: one measurement over the files of a directory.
  const mode = arg('--child');
  const dir = arg('--dir');
  const { FileSource } = await import('../dist/detect/sources.js');
  const started = performance.now();
  let events = 0;
  let signals = 0;
  if (mode === 'parse') {
    for await (const _ of new FileSource([dir]).events()) events++;
  } else {
    const { Store } = await import('../dist/store/index.js');
    const { loadRules } = await import('../dist/detect/sigma.js');
    const { runDetection } = await import('../dist/detect/run.js');
    const store = Store.open(join(arg('--db')));
    const result = await runDetection(store, [new FileSource([dir])], loadRules([join(here, '..', 'policies', 'detections')]).rules);
    events = result.events;
    signals = result.newSignals.length;
    store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ events, signals, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
  process.exit(0);
}

const small = args.includes('--small');
const TOTAL = Number(arg('--events') ?? (small ? 20_000 : 1_000_000));
const sizes = [Math.round(TOTAL / 10), TOTAL];
const PER_FILE = 5000;
const ACCOUNT = '111122223333';
const START = Date.UTC(2026, 2, 1);
const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
const roles = Array.from({ length: 50 }, (_, i) => `app-role-${i}`);
const regions = ['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1', 'us-west-2'];
const reads = [
  ['ec2.amazonaws.com', 'DescribeInstances'], ['ec2.amazonaws.com', 'DescribeVolumes'], ['s3.amazonaws.com', 'GetObject'], ['s3.amazonaws.com', 'ListObjects'],
  ['iam.amazonaws.com', 'ListRoles'], ['sts.amazonaws.com', 'AssumeRole'], ['kms.amazonaws.com', 'Decrypt'], ['secretsmanager.amazonaws.com', 'GetSecretValue'],
  ['lambda.amazonaws.com', 'Invoke'], ['dynamodb.amazonaws.com', 'Query'], ['logs.amazonaws.com', 'PutLogEvents'], ['ssm.amazonaws.com', 'GetParameter'],
];

function generate(dir, count, seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  let file = [];
  let fileNo = 0;
  const flush = () => {
    if (!file.length) return;
    const day = new Date(Date.parse(file[0].eventTime));
    const path = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', file[0].awsRegion, String(day.getUTCFullYear()), String(day.getUTCMonth() + 1).padStart(2, '0'), String(day.getUTCDate()).padStart(2, '0'));
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, `${ACCOUNT}_CloudTrail_${file[0].awsRegion}_${fileNo++}.json.gz`), gzipSync(JSON.stringify({ Records: file })));
    file = [];
  };
  for (let i = 0; i < count; i++) {
    const t = START + Math.floor((i / count) * 14 * 86_400_000);
    const asRole = random() < 0.6;
    const who = asRole ? pick(roles) : pick(users);
    const identity = asRole
      ? { type: 'AssumedRole', principalId: `AROAEXAMPLE:${who}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${who}/session`, accountId: ACCOUNT }
      : { type: 'IAMUser', principalId: `AIDA${who}`, arn: `arn:aws:iam::${ACCOUNT}:user/${who}`, accountId: ACCOUNT, userName: who };
    let [source, name] = pick(reads);
    let req = { resource: `r-${i % 997}` };
    let resp = null;
    let errorCode;
    const r = random();
    if (r < 0.01) [source, name, resp] = ['signin.amazonaws.com', 'ConsoleLogin', { ConsoleLogin: random() < 0.9 ? 'Success' : 'Failure' }];
    else if (r < 0.015) [source, name, req] = ['iam.amazonaws.com', pick(['CreateAccessKey', 'AttachRolePolicy', 'UpdateLoginProfile', 'CreateUser']), { userName: pick(users), policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }];
    else if (r < 0.02) errorCode = 'AccessDenied';
    if (i % 200_000 === 1000) [source, name, req] = ['cloudtrail.amazonaws.com', 'StopLogging', { name: 'main' }];
    if (i % 250_000 === 5000) [source, name, req] = ['kms.amazonaws.com', 'ScheduleKeyDeletion', { keyId: 'k-1' }];
    const record = {
      eventVersion: '1.09', userIdentity: identity, eventTime: new Date(t).toISOString().replace('.000Z', 'Z'), eventSource: source, eventName: name,
      awsRegion: pick(regions), sourceIPAddress: `203.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`, userAgent: 'aws-sdk-js/3.0',
      requestParameters: req, responseElements: resp, requestID: `req-${i}`, eventID: `${seed}-${i}`, readOnly: true, eventType: 'AwsApiCall',
      managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management',
    };
    if (errorCode) record.errorCode = errorCode;
    file.push(record);
    if (file.length >= PER_FILE) flush();
  }
  flush();
}

function measure(mode, dir, db) {
  const run = spawnSync(process.execPath, [join(here, 'detect.mjs'), '--child', mode, '--dir', dir, '--db', db], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const work = mkdtempSync(join(tmpdir(), 'stance-bench-detect-'));
try {
  const rows = [];
  for (const size of sizes) {
    const dir = join(work, `events-${size}`);
    const genStart = performance.now();
    generate(dir, size, size);
    const generateSeconds = (performance.now() - genStart) / 1000;
    const parse = measure('parse', dir, join(work, 'unused.db'));
    const detect = measure('detect', dir, join(work, `detect-${size}.db`));
    rows.push({ size, parse, detect, generateSeconds });
    process.stdout.write(
      JSON.stringify({
        bench: 'detect', events: size, generateSeconds: Math.round(generateSeconds * 10) / 10,
        parseEventsPerSecond: parse.eventsPerSecond, detectEventsPerSecond: detect.eventsPerSecond, detectVsParse: Math.round((detect.eventsPerSecond / parse.eventsPerSecond) * 100) / 100,
        parsePeakRssMb: parse.peakRssMb, detectPeakRssMb: detect.peakRssMb, signals: detect.signals,
      }) + '\n',
    );
  }
  const [a, b] = rows;
  process.stdout.write(
    `\ndetect: ${b.size} events: parse ${b.parse.eventsPerSecond} ev/s, full pack ${b.detect.eventsPerSecond} ev/s (${Math.round((b.detect.eventsPerSecond / b.parse.eventsPerSecond) * 100)}% of parse); ` +
      `peak RSS ${a.detect.peakRssMb} MB at ${a.size} vs ${b.detect.peakRssMb} MB at ${b.size}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
