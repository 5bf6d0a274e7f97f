import { ApiError, loadSession, send, type Session } from './api.js';
import { h, replaceChildren } from './dom.js';
import { auditPage } from './pages/audit.js';
import { findingsPage } from './pages/findings.js';
import { frameworksPage } from './pages/frameworks.js';
import { overviewPage } from './pages/overview.js';
import { resourcePage } from './pages/resource.js';
import { scansPage } from './pages/scans.js';
import { signalsPage } from './pages/signals.js';
import { currentView, link, setNavigationHandler, VIEWS, type View } from './route.js';
import { errorBox, field, internalLink } from './ui.js';

const PAGES: Record<View, (root: HTMLElement) => Promise<void>> = {
  overview: overviewPage,
  findings: findingsPage,
  resource: resourcePage,
  frameworks: frameworksPage,
  signals: signalsPage,
  scans: scansPage,
  audit: auditPage,
};

let renderCount = 0;
let listening = false;

function renderNav(view: View): void {
  const nav = document.getElementById('nav')!;
  replaceChildren(
    nav,
    h(
      'ul',
      null,
      VIEWS.filter((v) => v.nav).map((v) =>
        h('li', null, internalLink(link(v.view), v.label, v.view === view ? { 'aria-current': 'page' } : {})),
      ),
    ),
  );
}

function renderWho(session: Session): void {
  const who = document.getElementById('who')!;
  replaceChildren(
    who,
    `${session.user ?? 'local user'} · ${session.role}`,
    h('span', { class: 'backend' }, ` · ${session.backend}`),
    session.via === 'session'
      ? h(
          'button',
          {
            type: 'button',
            class: 'small-button sign-out',
            onclick: () => {
              send('POST', '/api/logout')
                .catch(() => undefined)
                .then(() => window.location.assign('/'));
            },
          },
          'Sign out',
        )
      : null,
  );
}

async function render(): Promise<void> {
  const mine = ++renderCount;
  const view = currentView();
  renderNav(view);
  const main = document.getElementById('main')!;
  const root = h('div', { class: 'page', 'data-view': view });
  main.replaceChildren(root);
  main.setAttribute('aria-busy', 'true');
  try {
    await PAGES[view](root);
  } catch (err) {
    root.append(errorBox(err));
  }
  if (mine === renderCount) {
    main.setAttribute('aria-busy', 'false');
    document.body.dataset.ready = String(mine);
  }
}

function loginForm(message: string): void {
  const token = h('input', {
    type: 'password',
    name: 'token',
    required: true,
    autocomplete: 'current-password',
  });
  const problem = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card login', 'aria-label': 'Sign in' },
    h('h1', null, 'Sign in'),
    h('p', null, message),
    field('API token', token, 'Created with: stance token create --name NAME --role viewer|editor'),
    h('button', { type: 'submit' }, 'Sign in'),
    problem,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send('POST', '/api/login', { token: token.value })
      .then(() => start())
      .catch((err: unknown) =>
        problem.replaceChildren(err instanceof Error ? err.message : 'sign-in failed'),
      );
  });
  document.getElementById('main')!.replaceChildren(form);
  document.body.dataset.ready = 'login';
}

async function start(): Promise<void> {
  try {
    renderWho(await loadSession());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return loginForm('This console needs an API token.');
    document.getElementById('main')!.replaceChildren(errorBox(err));
    document.body.dataset.ready = 'error';
    return;
  }
  if (!listening) {
    listening = true;
    setNavigationHandler(
      () => void render().then(() => document.getElementById('main')?.focus({ preventScroll: true })),
    );
    window.addEventListener('popstate', () => void render());
  }
  await render();
}

void start();
