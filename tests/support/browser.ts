import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * A real headless browser for page tests: Debian's chromium (`apt-get install -y chromium`) driven
 * by playwright-core, which downloads no browser of its own. Where chromium is not installed, the
 * tests that need it are skipped with a message saying so (CI installs it).
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** `describe` where chromium is installed, else `describe.skip` with a clear message. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n[skipped] "${name}": no chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium\n`);
  describe.skip(name, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh, isolated profile each time; no network access beyond what the page asks for. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'motcua-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
