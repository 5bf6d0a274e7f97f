import type { Resource } from '../types.js';

/**
 * The facts enrichers write under a resource's `config.stance`. Each enricher owns some facts and
 * recomputes them on every run: set where they apply, removed where they do not. So enriching an
 * enriched collection changes nothing, and join results carried by an old snapshot are replaced
 * by what the current enricher says.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The resource with its own copy of `config` and `config.stance`, so that writing facts leaves the
 * collection it came from as the collector returned it.
 */
export function writableCopy(resource: Resource): Resource {
  if (!isRecord(resource.config)) return { ...resource };
  const { stance } = resource.config;
  return {
    ...resource,
    config: { ...resource.config, ...(isRecord(stance) ? { stance: { ...stance } } : {}) },
  };
}

/** The resource's configuration, when it is an object (what every enricher reads). */
export function configOf(resource: Resource): Record<string, unknown> {
  return isRecord(resource.config) ? resource.config : {};
}

/** Sets `config.stance[name]` on a resource copied by writableCopy. */
export function setFact(resource: Resource, name: string, value: unknown): void {
  if (!isRecord(resource.config)) return;
  const config = resource.config;
  if (!isRecord(config.stance)) config.stance = {};
  (config.stance as Record<string, unknown>)[name] = value;
}

/** Removes `config.stance[name]`, and `stance` itself when nothing else is left in it. */
export function clearFact(resource: Resource, name: string): void {
  if (!isRecord(resource.config) || !isRecord(resource.config.stance)) return;
  const stance = resource.config.stance;
  if (!(name in stance)) return;
  delete stance[name];
  if (Object.keys(stance).length === 0) delete resource.config.stance;
}
