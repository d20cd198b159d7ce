// Debian's chromium driven by playwright-core (never a downloaded browser), headless, without the
// background connections a closed network refuses. Each context is a fresh profile (no cookies).
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader'],
  });
}

export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  return context.newPage();
}

// Waits until the map has drawn everything it has loaded.
export async function mapIdle(page, since = 0) {
  await page.waitForFunction((t) => Number(document.body.dataset.mapIdle || 0) > t, since, { timeout: 60000 });
}
