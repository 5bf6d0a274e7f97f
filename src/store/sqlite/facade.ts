import type { Access } from '../access.js';

export type { Access };

/** Runs a synchronous repository call: under the store's mutex in its own transaction, or inside a transaction in progress. */
export type Runner = <R>(access: Access, call: () => R) => Promise<R>;

/** The synchronous counterpart of an asynchronous repository interface (what better-sqlite3 code implements). */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** The asynchronous repository `T` over a synchronous implementation; `access` lists every method. */
export function bind<T>(impl: Sync<T>, access: { readonly [K in keyof T]: Access }, run: Runner): T {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(access) as (keyof T & string)[]) {
    const method = impl[name] as unknown as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => run(access[name], () => method.apply(impl, args));
  }
  return out as T;
}
