/** Every page's state lives in the query string, so any view is a shareable link. */
export type View = 'overview' | 'findings' | 'resource' | 'frameworks' | 'signals' | 'scans' | 'audit';

export const VIEWS: { view: View; label: string; nav: boolean }[] = [
  { view: 'overview', label: 'Overview', nav: true },
  { view: 'findings', label: 'Findings', nav: true },
  { view: 'resource', label: 'Resource', nav: false },
  { view: 'frameworks', label: 'Frameworks', nav: true },
  { view: 'signals', label: 'Signals', nav: true },
  { view: 'scans', label: 'Scans and scopes', nav: true },
  { view: 'audit', label: 'Audit', nav: true },
];

export function currentParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

export function currentView(): View {
  const view = currentParams().get('view');
  return VIEWS.some((v) => v.view === view) ? (view as View) : 'overview';
}

/** A link to a view with the given state; empty values are left out so URLs stay short. */
export function link(view: View, params: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams({ view });
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  return `/?${query.toString()}`;
}

/** The current URL with some parameters changed (undefined or '' removes one). */
export function withParams(changes: Record<string, string | number | undefined | null>): string {
  const query = currentParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === '') query.delete(k);
    else query.set(k, String(v));
  }
  return `/?${query.toString()}`;
}

let onNavigate: () => void = () => undefined;

export function setNavigationHandler(handler: () => void): void {
  onNavigate = handler;
}

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  onNavigate();
}
