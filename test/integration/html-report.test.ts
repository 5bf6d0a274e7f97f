import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// Without Chromium the test is skipped locally; under CI=true a skip fails the run (test/ci-reporter.ts).
const skip = !CHROMIUM;

const XSS = '<script>alert(1)</script>';

describe.skipIf(skip)('HTML report in a real browser', () => {
  it('renders offline, loads nothing from the network and shows hostile names as text', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const snapshot = JSON.parse(
      (await import('node:fs')).readFileSync(fixture('snapshots', 'minimal.json'), 'utf8'),
    ) as {
      resources: { name: string; id: string; config: { GroupId?: string } }[];
    };
    const open = snapshot.resources[0]!;
    open.name = XSS;
    open.config.GroupId = `sg-${XSS}`;
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify(snapshot));
    expect((await runStance(['scan', '--snapshot', join(dir, 'hostile.json'), '--db', db])).code).toBe(0);
    const out = join(dir, 'report.html');
    const result = await runStance([
      'report',
      '--framework',
      'cis-aws-7.0.0',
      '--format',
      'html',
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(result.code, result.stderr).toBe(0);

    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      userDataDir: mkdtempSync(join(tmpdir(), 'stance-chromium-')),
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(`file://${out}`, { waitUntil: 'load' });
      expect(await page.title()).toContain('CIS Amazon Web Services Foundations Benchmark v7.0.0');
      expect(requests).toEqual([`file://${out}`]);
      expect(dialogs).toEqual([]);
      expect(await page.$$('script')).toHaveLength(0);
      const text = await page.$eval('body', (body) => (body as unknown as { innerText: string }).innerText);
      expect(text).toContain(`sg-${XSS}`);
      expect(text).toMatch(/Fail\s+6\.3/);
      expect(await page.$eval('#control-6\\.3', (el) => el.textContent ?? '')).toContain('How to fix');
      const failing = await page.$$eval('section.control.fail', (els) => els.length);
      expect(failing).toBeGreaterThan(0);
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: false });
    } finally {
      await browser.close();
    }
  });
});
