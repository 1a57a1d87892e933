/**
 * The set-up every browser test shares: the web app built into a folder of its own, the real API
 * (with a real worker, `useLiveApi`) serving it on a free port, and Debian's Chromium. `newPage()`
 * opens a Swedish browser context that records Content-Security-Policy refusals and page errors;
 * `check(page, name)` asserts there were none, saves a screenshot to test/artifacts/screens/<name>.png
 * and runs axe-core's WCAG 2.1 A/AA rules. Call `useWebApp` at the top of a `describe`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { projectRoot } from '@app/devstack';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';
import { LiveApi, useLiveApi } from './live-api';

export const SCREENS = join(projectRoot(), 'test', 'artifacts', 'screens');
const AXE_RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface WebApp {
  live: LiveApi;
  browser: Browser;
  /** The API's address, serving the web app at / (http://127.0.0.1:<port>). */
  base: string;
  /** Content-Security-Policy refusals seen in any page opened by `newPage`. */
  cspViolations: string[];
  /** Uncaught errors of those pages. */
  pageErrors: string[];
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** No CSP refusal and no page error so far, a screenshot, and 0 axe violations. */
  check(page: Page, name: string): Promise<void>;
}

export function useWebApp(today: string, options: Parameters<typeof useLiveApi>[1] = {}): WebApp {
  const webRoot = mkdtempSync(join(tmpdir(), 'samverkan-web-'));
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(projectRoot(), 'scripts', 'build-web.js'), webRoot], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the web app failed');
    mkdirSync(SCREENS, { recursive: true });
  });
  // The caller's env object itself (a test may fill it in a beforeAll of its own, e.g. SMTP_URL).
  const env = options.env ?? {};
  env.WEB_ROOT = webRoot;
  const live = useLiveApi(today, { ...options, env });
  const ctx: WebApp = {
    live,
    browser: undefined as unknown as Browser,
    base: '',
    cspViolations: [],
    pageErrors: [],
    async newPage(contextOptions = {}) {
      const context = await ctx.browser.newContext({ locale: 'sv-SE', ...contextOptions });
      context.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) ctx.cspViolations.push(`${message.location().url}: ${message.text()}`);
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => ctx.pageErrors.push(error.message));
      return page;
    },
    async check(page, name) {
      expect([name, ctx.cspViolations, ctx.pageErrors]).toEqual([name, [], []]);
      await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
      await page.evaluate(axe);
      const violations: string[] = await page.evaluate(`
        axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_RULES)} } })
          .then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ')'))`);
      expect([name, violations]).toEqual([name, []]);
    },
  };
  beforeAll(async () => {
    await live.app.listen(0, '127.0.0.1');
    ctx.base = (await live.app.getUrl()).replace('[::1]', '127.0.0.1');
    ctx.browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  }, 15 * 60_000);
  afterAll(async () => {
    await ctx.browser?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });
  return ctx;
}
