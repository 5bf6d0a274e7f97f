import { InputError } from '../errors.js';
import type { ResourceDetail, ResourceRow, Signal, Store } from '../store/index.js';

/** Resources in the inventory (live ones unless `includeDeleted`). */
export function resources(
  store: Store,
  filter: { type?: string; includeDeleted?: boolean } = {},
): Promise<ResourceRow[]> {
  return store.resources.list(filter);
}

/** One resource: every stored definition of its id (manifest overlays have several) and its signals. */
export interface ResourceView {
  /** The first definition (live ones first), undefined when only signals name the id. */
  detail?: ResourceDetail;
  definitions: ResourceDetail[];
  signals: Signal[];
}

/** A resource's configuration, findings, history and detection signals; an InputError if nothing names it. */
export async function resource(store: Store, id: string): Promise<ResourceView> {
  const definitions = await store.resources.definitions(id);
  const signals = store.outdated ? [] : await store.signals.list({ resourceId: id });
  if (definitions.length === 0 && signals.length === 0)
    throw new InputError(`resource ${id}: not in the database (see stance resources)`);
  return { detail: definitions[0], definitions, signals };
}
