/** Chromium through playwright-core for the console's browser tests: launch flags, the watch, axe-core. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Debian's Chromium (apt-get install chromium); the browser tests need it and CI=true requires it.
 * STANCE_CHROMIUM names another binary (and only that one is tried).
 */
export const CHROMIUM = (
  process.env.STANCE_CHROMIUM
    ? [process.env.STANCE_CHROMIUM]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser']
).find((p) => existsSync(p));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

// Functions passed to page.evaluate run in Chromium; this project's TypeScript has no DOM library,
// so the little they touch is typed here (and reached through globalThis inside each function).
interface PageDocument {
  body: { dataset: Record<string, string | undefined> };
  getElementById(id: string): { getAttribute(name: string): string | null } | null;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: {
      violatedDirective: string;
      blockedURI: string;
      sourceFile: string;
      lineNumber: number;
    }) => void,
  ): void;
}
type PageGlobal = { document: PageDocument };

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations of impact serious or critical on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not a <script> element, so the page's CSP is not involved.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as PageGlobal).document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * What a page did that it must not: requests to another origin (blocked, and recorded), CSP
 * violations (from the securitypolicyviolation event and from console messages), script errors,
 * and dialogs (alert/confirm/prompt: an XSS payload firing).
 */
export interface Watch {
  offOrigin: string[];
  csp: string[];
  errors: string[];
  dialogs: string[];
}

export async function watchedContext(
  browser: Browser,
  origin: string,
  extraHTTPHeaders?: Record<string, string>,
): Promise<{ context: BrowserContext; watch: Watch }> {
  const watch: Watch = { offOrigin: [], csp: [], errors: [], dialogs: [] };
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    extraHTTPHeaders,
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      watch.offOrigin.push(url);
      await route.abort('blockedbyclient');
    } else await route.continue();
  });
  await context.exposeBinding('__stanceCspViolation', (_source, text: string) => {
    watch.csp.push(text);
  });
  await context.addInitScript(() => {
    (globalThis as unknown as PageGlobal).document.addEventListener('securitypolicyviolation', (e) => {
      (globalThis as unknown as { __stanceCspViolation: (t: string) => void }).__stanceCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  context.on('page', (page) => attach(page, watch));
  return { context, watch };
}

function attach(page: Page, watch: Watch): void {
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) watch.csp.push(text);
    else if (msg.type() === 'error' && !/status of (400|401|403|404)/.test(text)) watch.errors.push(text);
  });
  page.on('pageerror', (err) => watch.errors.push(err.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** Opens a console URL and waits until the page has rendered its data. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as PageGlobal).document;
    const main = doc.getElementById('main');
    return doc.body.dataset.ready !== undefined && main?.getAttribute('aria-busy') !== 'true';
  });
}
