// End-to-end: Debian chromium against `cityregions serve` on the demo workspace (started by
// tests/web/e2e.sh, which passes the URL and the accounts in the environment).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, mapIdle, newPage } from './browser.mjs';

const url = process.env.CITYREGIONS_URL;
const editor = { name: process.env.E2E_EDITOR, password: process.env.E2E_EDITOR_PASSWORD, key: process.env.E2E_EDITOR_MUNICIPALITY };
const admin = { name: process.env.E2E_ADMIN, password: process.env.E2E_ADMIN_PASSWORD };
const other = process.env.E2E_OTHER_MUNICIPALITY;

let browser;
before(async () => {
  assert.ok(url, 'CITYREGIONS_URL is not set (run tests/web/e2e.sh)');
  browser = await launch();
});
after(async () => browser && (await browser.close()));

// Every page a test opened, with the errors it raised: a test fails on any uncaught page error
// (or a blocked resource), whether or not it looks at them itself.
let opened = [];
afterEach(async () => {
  const seen = opened;
  opened = [];
  for (const { page } of seen) if (!page.isClosed()) await page.close();
  assert.deepEqual(seen.flatMap((o) => o.errors), [], 'errors on the page');
});

async function open() {
  const page = await newPage(browser);
  const errors = [];
  opened.push({ page, errors });
  page.on('pageerror', (e) => errors.push(e.message));
  // The content-security policy must not block anything the app needs.
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && errors.push(m.text()));
  await page.goto(url);
  await mapIdle(page);
  return { page, errors };
}

async function login(page, who) {
  await page.click('[data-testid=login-button]');
  await page.fill('[data-testid=login-name]', who.name);
  await page.fill('[data-testid=login-password]', who.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=user]').textContent.includes(n), who.name);
}

// Clicks the map at a municipality's centre (its polygon holds it).
async function clickMunicipality(page, key) {
  await page.click('.tabs button[data-tab=muni]');
  const xy = await page.evaluate(async (k) => {
    const res = await fetch('/api/municipalities');
    const f = (await res.json()).features.find((x) => x.properties.key === k);
    const p = window.cityregions.map.project([f.properties.centre_lon, f.properties.centre_lat]);
    const r = document.getElementById('map').getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, key);
  await page.mouse.click(xy.x, xy.y);
  await page.waitForSelector('[data-testid=muni-name]');
}

test('the map shows the region, its legend and the data attribution', async () => {
  const { page, errors } = await open();
  assert.match(await page.textContent('#region-name'), /Rhein-Neckar/);
  assert.match(await page.textContent('.maplibregl-ctrl-attrib'), /OpenStreetMap contributors/);
  assert.match(await page.textContent('.maplibregl-ctrl-attrib'), /BKG/);
  assert.ok((await page.textContent('[data-testid=legend]')).length > 10);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an editor changes a figure of her municipality; it stays after reload and is in the audit log', async () => {
  const { page } = await open();
  await login(page, editor);
  await clickMunicipality(page, editor.key);
  const input = page.locator('[data-testid=edit-population]');
  assert.equal(await input.isDisabled(), false);
  const before = Number(await input.inputValue());
  const after = before + 123;
  await input.fill(String(after));
  await page.click('[data-testid=muni-save]');
  await page.waitForFunction(() => /Saved|Gespeichert/.test(document.querySelector('[data-testid=muni-status]').textContent));
  await page.reload();
  await mapIdle(page);
  await clickMunicipality(page, editor.key);
  assert.equal(Number(await page.locator('[data-testid=edit-population]').inputValue()), after);
  // The admin sees the change in the audit log.
  const adminPage = (await open()).page;
  await login(adminPage, admin);
  await adminPage.click('.tabs button[data-tab=audit]');
  await adminPage.waitForSelector('[data-testid=audit-table]');
  const log = await adminPage.textContent('[data-testid=audit-table]');
  assert.ok(log.includes(editor.name) && log.includes(`municipalities ${editor.key} population`) && log.includes(`${before} → ${after}`), log);
  await adminPage.close();
  await page.close();
});

test("an editor cannot change another municipality, in the UI or through the API", async () => {
  const { page } = await open();
  await login(page, editor);
  await clickMunicipality(page, other);
  assert.equal(await page.locator('[data-testid=edit-population]').isDisabled(), true);
  assert.equal(await page.locator('[data-testid=muni-save]').count(), 0);
  await page.waitForSelector('[data-testid=muni-readonly]');
  const status = await page.evaluate(async (k) => {
    const me = await (await fetch('/api/me')).json();
    const res = await fetch(`/api/municipalities/${k}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify({ population: 1 }),
    });
    return res.status;
  }, other);
  assert.equal(status, 403);
  await page.close();
});

test('a click draws isochrones for the chosen modes', async () => {
  const { page } = await open();
  await page.click('[data-testid=mode-walk]');
  const box = await page.locator('[data-testid=map]').boundingBox();
  const xy = await page.evaluate(() => window.cityregions.map.project([8.4660, 49.4875]));  // Mannheim, Paradeplatz
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
  await page.waitForSelector('[data-testid=iso-table]');
  const text = await page.textContent('[data-testid=iso-table]');
  assert.match(text, /walk/);
  assert.match(text, /car/);
  assert.equal((text.match(/min/g) || []).length, 6);  // 10, 20, 30 for two modes
  // The polygons reach the map's worker after the table is written: wait until they are drawn.
  await page.waitForFunction(() => window.cityregions.map.querySourceFeatures('iso').length > 0, null, { timeout: 30000 });
  await page.close();
});

test('with public transport on, a click draws transit isochrones at the chosen departure', async () => {
  const { page } = await open();
  const region = await page.evaluate(async () => (await fetch('/api/region')).json());
  assert.ok(region.modes.includes('transit'), JSON.stringify(region.modes));
  assert.equal(await page.locator('#iso-depart-row').isHidden(), false);
  await page.check('[data-testid=mode-transit]');
  await page.uncheck('[data-testid=mode-car]');
  await page.fill('#iso-depart', '07:30');
  const box = await page.locator('[data-testid=map]').boundingBox();
  const xy = await page.evaluate(() => window.cityregions.map.project([8.4660, 49.4875]));  // Mannheim, Paradeplatz
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
  await page.waitForSelector('[data-testid=iso-table]', { timeout: 60000 });
  assert.equal(await page.locator('[data-testid=iso-table] .error').count(), 0, await page.textContent('[data-testid=iso-table]'));
  const rows = await page.$$eval('[data-testid=iso-table] tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 3, JSON.stringify(rows));  // 10, 20, 30 min by transit
  const areas = rows.map((r) => Number(r[2].replace(/[^0-9.]/g, '')));
  assert.ok(areas[0] > 0 && areas[1] > areas[0] && areas[2] > areas[1], JSON.stringify(rows));
  // The same as the API answers for that departure.
  const api = await page.evaluate(async () => (await fetch('/api/isochrone?mode=transit&at=49.48750,8.46600&minutes=10,20,30&depart=07:30')).json());
  assert.equal(api.features.length, 3);
  await page.waitForFunction(() => window.cityregions.map.querySourceFeatures('iso').length > 0, null, { timeout: 30000 });
});

test('the language switches between English and German', async () => {
  const { page } = await open();
  assert.equal(await page.textContent('.tabs button[data-tab=iso]'), 'Isochrones');
  await page.click('[data-testid=lang]');
  assert.equal(await page.textContent('.tabs button[data-tab=iso]'), 'Isochronen');
  assert.equal(await page.textContent('[data-testid=login-button]'), 'Anmelden');
  await page.click('[data-testid=lang]');
  assert.equal(await page.textContent('.tabs button[data-tab=iso]'), 'Isochrones');
  await page.close();
});

test('sites are ranked for a sector and the pool dashboard draws its chart', async () => {
  const { page } = await open();
  await page.click('.tabs button[data-tab=sites]');
  await page.waitForSelector('[data-testid=rank-table]');
  assert.match(await page.textContent('[data-testid=illustrative]'), /Illustrative|Beispielhafte/);
  await page.selectOption('[data-testid=profile]', 'logistics');
  await page.waitForFunction(() => document.querySelector('[data-testid=sites]').textContent.includes('Logistics'));
  await page.click('.tabs button[data-tab=pool]');
  await page.waitForSelector('[data-testid=pool-chart] rect');
  await page.close();
});

test('an enquiry searches the whole region; an editor changes her own site but not another', async () => {
  const { page } = await open();
  await login(page, editor);
  await page.click('.tabs button[data-tab=sites]');
  await page.waitForSelector('[data-testid=rank-table]');
  await page.click('[data-testid=enquiry] summary');
  await page.fill('[data-testid=enq-min-ha]', '20');
  await page.check('[data-testid=enq-rail]');
  await page.click('[data-testid=enq-search]');
  await page.waitForFunction(() => /enquiry|Anfrage/.test(document.querySelector('[data-testid=rank-summary]')?.textContent || ''));
  const table = await page.textContent('[data-testid=rank-table]');
  assert.match(table, /area ≥ 20\.0 ha|rail siding must be existing or possible/);
  // Her municipality's site: editable and saved.
  await page.click(`a[data-site="DEMO-${editor.key}-1"]`);
  await page.waitForSelector('[data-testid=site-name]');
  assert.equal(await page.locator('[data-testid=site-availability]').isDisabled(), false);
  await page.selectOption('[data-testid=site-availability]', 'later');
  await page.click('[data-testid=site-save]');
  await page.waitForFunction(() => /Saved|Gespeichert/.test(document.querySelector('[data-testid=site-status]').textContent));
  assert.equal(await page.locator('[data-testid=site-availability]').inputValue(), 'later');
  // Another municipality's site: read only.
  await page.click(`a[data-site="DEMO-${other}-1"]`);
  await page.waitForFunction((id) => document.querySelector('[data-testid=site-name]').textContent.startsWith(id), `DEMO-${other}-1`);
  assert.equal(await page.locator('[data-testid=site-availability]').isDisabled(), true);
  assert.equal(await page.locator('[data-testid=site-save]').count(), 0);
  await page.close();
});

test('a grid layer of accessibility results replaces the municipality colours', async () => {
  const { page } = await open();
  await page.selectOption('[data-testid=grid-layer]', 'access_grid1km_car');
  await page.waitForFunction(() => document.querySelector('[data-testid=legend]').textContent.includes('access_grid1km_car'));
  await page.waitForFunction(() => window.cityregions.map.querySourceFeatures('grid').length > 100, null, { timeout: 30000 });
  await page.selectOption('[data-testid=grid-layer]', '');
  await page.waitForFunction(() => !document.querySelector('[data-testid=legend]').textContent.includes('access_grid1km_car'));
  await page.close();
});
