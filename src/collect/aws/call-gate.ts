import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Waits before each AWS API request (each attempt, retries included) made while `withCallGate`'s
 * function runs: how a worker applies its per-(account, service) rate limit to every SDK client
 * the collectors create, without passing anything through them. Outside a gate, nothing waits.
 */
export type CallGate = (service: string) => Promise<void>;

const current = new AsyncLocalStorage<CallGate>();

export function withCallGate<T>(gate: CallGate, fn: () => Promise<T>): Promise<T> {
  return current.run(gate, fn);
}

interface Stack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string },
  ): void;
}

/** "S3ControlClient" → "s3control": the service a call's bucket is named after. */
export const serviceOfClient = (clientName: string | undefined) =>
  (clientName ?? 'aws').replace(/Client$/, '').toLowerCase();

/** Adds the gate to a client: after the retry middleware, so every attempt takes its token. */
export function gateCalls<C extends { middlewareStack: unknown }>(client: C): C {
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const gate = current.getStore();
      if (gate) await gate(serviceOfClient(context.clientName));
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'stanceCallGate' },
  );
  return client;
}
