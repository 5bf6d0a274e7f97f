// A small local AWS endpoint for the scale-out tests and benchmark (moto would measure itself):
// STS (GetCallerIdentity, AssumeRole), Organizations (ListAccounts) and SQS (ListQueues and
// GetQueueAttributes: one unencrypted queue per account),
// with an injected latency per SQS call. It counts SQS calls and the calls in flight per account
// (the account is read from the SigV4 credential: AssumeRole hands out keys that name it), and
// keeps the highest in-flight count seen per account; and it counts the STS calls.
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';

const MANAGEMENT = '111111111111';

function accountOfRequest(req) {
  const auth = String(req.headers.authorization ?? '');
  const key = /Credential=([^/]+)\//.exec(auth)?.[1] ?? '';
  // keys handed out by AssumeRole: ASIA + the 12-digit account + padding
  const match = /^ASIA(\d{12})/.exec(key);
  return match ? match[1] : MANAGEMENT;
}

function xml(res, body) {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(body);
}

function json(res, body, type = 'application/x-amz-json-1.1') {
  res.writeHead(200, { 'content-type': type });
  res.end(JSON.stringify(body));
}

/**
 * Starts the fake. `accounts` is the organisation's account list (mutable: change it between
 * runs); `latencyMs` the time each SQS call takes.
 */
export async function startFakeAws({ accounts = [], latencyMs = 50 } = {}) {
  const state = {
    accounts,
    latencyMs,
    calls: 0,
    inFlight: new Map(),
    maxInFlight: new Map(),
    callsByAccount: new Map(),
    stsCalls: { GetCallerIdentity: 0, AssumeRole: 0 },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const form = new URLSearchParams(body);
      const action = form.get('Action');
      if (action === 'GetCallerIdentity') {
        state.stsCalls.GetCallerIdentity++;
        const account = accountOfRequest(req);
        return xml(
          res,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/bench</Arn><UserId>AIDBENCH</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      }
      if (action === 'AssumeRole') {
        state.stsCalls.AssumeRole++;
        const account = /arn:aws:iam::(\d{12}):role\//.exec(form.get('RoleArn') ?? '')?.[1] ?? MANAGEMENT;
        const expires = new Date(Date.now() + 3600_000).toISOString();
        return xml(
          res,
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}XXXX</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/stance/bench</Arn><AssumedRoleId>AROA:bench</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
      }
      if (target === 'AWSOrganizationsV20161128.ListAccounts')
        return json(res, {
          Accounts: state.accounts.map((a) => ({
            Id: a.id,
            Name: a.name ?? a.id,
            Status: a.status ?? 'ACTIVE',
            Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-bench/${a.id}`,
          })),
        });
      if (target === 'AmazonSQS.ListQueues' || target === 'AmazonSQS.GetQueueAttributes') {
        // one unencrypted queue per account, so each account has a resource that fails rules
        const account = accountOfRequest(req);
        const queue = `stance-bench-${account}`;
        state.calls++;
        state.callsByAccount.set(account, (state.callsByAccount.get(account) ?? 0) + 1);
        const now = (state.inFlight.get(account) ?? 0) + 1;
        state.inFlight.set(account, now);
        state.maxInFlight.set(account, Math.max(now, state.maxInFlight.get(account) ?? 0));
        setTimeout(() => {
          state.inFlight.set(account, state.inFlight.get(account) - 1);
          // the signing region, from the SigV4 credential scope (key/date/region/service/aws4_request)
          const region =
            /Credential=[^/]+\/\d+\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ??
            'us-east-1';
          json(
            res,
            target === 'AmazonSQS.ListQueues'
              ? { QueueUrls: [`http://${req.headers.host}/${account}/${queue}`] }
              : {
                  Attributes: {
                    QueueArn: `arn:aws:sqs:${region}:${account}:${queue}`,
                    SqsManagedSseEnabled: 'false',
                    VisibilityTimeout: '30',
                  },
                },
            'application/x-amz-json-1.0',
          );
        }, state.latencyMs);
        return;
      }
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ __type: 'UnknownOperation', message: `fake AWS: ${target || action || req.url}` }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    /** Environment for a Stance process that talks to this fake. */
    env: {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'AKIABENCH',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
