export interface FakeAccount {
  id: string;
  name?: string;
  status?: string;
}
export interface FakeAwsState {
  accounts: FakeAccount[];
  latencyMs: number;
  /** SQS calls answered. */
  calls: number;
  inFlight: Map<string, number>;
  /** The most SQS calls in flight at once, per account. */
  maxInFlight: Map<string, number>;
  callsByAccount: Map<string, number>;
  /** STS calls answered, by action. */
  stsCalls: { GetCallerIdentity: number; AssumeRole: number };
}
export interface FakeAws {
  endpoint: string;
  state: FakeAwsState;
  env: Record<string, string>;
  close(): Promise<void>;
}
export function startFakeAws(opts?: { accounts?: FakeAccount[]; latencyMs?: number }): Promise<FakeAws>;
