/**
 * The scope filters every command shares (`--account --region --cluster --namespace`). AWS
 * resources have an account and a region ("global" for account-wide ones); Kubernetes resources a
 * cluster and a namespace ("_cluster" for cluster-scoped ones). A filter of one provider excludes
 * the other's resources; global and cluster-scoped resources stay in a region or namespace filter.
 */
export interface ScopeFilters {
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
}

export function inScopeFilters(f: ScopeFilters, provider: string, account: string, region: string): boolean {
  if (provider === 'aws') {
    if (f.cluster || f.namespace) return false;
    if (f.account && account !== f.account) return false;
    if (f.region && region !== f.region && region !== 'global') return false;
    return true;
  }
  if (f.account || f.region) return false;
  if (f.cluster && account !== f.cluster) return false;
  if (f.namespace && region !== f.namespace && region !== '_cluster') return false;
  return true;
}
