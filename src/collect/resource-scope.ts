import {
  awsScope,
  awsServiceOf,
  k8sKindOf,
  k8sScope,
  NODE_FILES_TYPE,
  nodeFilesScope,
} from '../model/scopes.js';
import type { Resource, ScopeRef } from '../types.js';
import { GLOBAL_AWS_SERVICES } from './aws/service-metadata.js';

/**
 * The scope that lists a resource, following the collectors' conventions. A service without a
 * collector keeps the resource's own region ("global" for an account-wide fact written by hand).
 */
export function scopeOfResource(resource: Resource): ScopeRef {
  if (resource.provider === 'aws') {
    const service = awsServiceOf(resource.type);
    const region = GLOBAL_AWS_SERVICES.has(service) ? 'global' : resource.region;
    return awsScope(resource.account, region, service);
  }
  if (resource.type === NODE_FILES_TYPE) return nodeFilesScope(resource.account, resource.name);
  return k8sScope(resource.account, k8sKindOf(resource));
}
