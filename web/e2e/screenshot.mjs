// Regenerates docs/screenshot.png: the main view of a running server (URL as the first argument).
import { launch, mapIdle, newPage } from './browser.mjs';

const url = process.argv[2] || 'http://127.0.0.1:8080/';
const out = process.argv[3] || new URL('../../docs/screenshot.png', import.meta.url).pathname;
const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(url);
  await mapIdle(page);
  await page.selectOption('[data-testid=statistic]', 'grid1km_car.population_30min').catch(() => {});
  await page.click('[data-testid=mode-walk]');
  await page.click('[data-testid=mode-bike]');
  const box = await page.locator('[data-testid=map]').boundingBox();
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.45);
  await page.waitForSelector('[data-testid=iso-table]');
  await page.waitForFunction(() => window.cityregions.map.querySourceFeatures('iso').length > 0, null, { timeout: 30000 });
  await page.waitForTimeout(1000);  // let the last frame render
  await page.screenshot({ path: out });
  console.log(`screenshot written to ${out}`);
} finally {
  await browser.close();
}
