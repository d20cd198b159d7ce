// The cityregions map application: the region on its own basemap, municipalities coloured by a
// statistic or indicator, isochrones on click, the municipality panel (editable by its editors),
// site ranking, the pool dashboard and the audit log.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { api, setCsrf } from './api.js';
import { language, number, setLanguage, t } from './i18n.js';
import { esc, html } from './markup.js';

maplibregl.setWorkerUrl(workerUrl);

const state = { region: null, user: null, munis: null, selected: null, statistic: 'population', roadZoom: null, tab: 'iso',
  sites: null, siteFields: [], grid: null };
const $ = (id) => document.getElementById(id);

const ISO_COLOURS = ['#1a9850', '#91cf60', '#d9ef8b', '#fee08b', '#fc8d59', '#d73027'];
const RAMP = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'];
const MODE_COLOURS = { walk: '#2b8a3e', bike: '#1971c2', car: '#c92a2a', transit: '#862e9c' };

let map;

async function start() {
  setLanguage(language());
  $('lang').textContent = language() === 'de' ? 'EN' : 'DE';
  state.region = await api.get('/api/region');
  $('region-name').textContent = state.region.name;
  document.title = `${state.region.name} — cityregions`;
  try {
    const me = await api.get('/api/me');
    signedIn(me);
  } catch {
    signedOut();
  }
  state.munis = await api.get('/api/municipalities');
  buildStatisticSelect();
  buildGridLayers();
  buildModes();
  buildProfiles();
  state.siteFields = state.region.sites ? await api.get('/api/sites/fields') : [];
  createMap();
  wireUi();
}

function createMap() {
  const b = state.region.bbox || [5, 45, 15, 55];
  map = new maplibregl.Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }] },
    bounds: [[b[0], b[1]], [b[2], b[3]]],
    fitBoundsOptions: { padding: 20 },
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  window.cityregions = { map };  // for scripts and end-to-end tests: project coordinates to clicks
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-right');
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: state.region.attributions.map(esc) }), 'bottom-right');
  map.on('load', () => {
    map.addSource('munis', { type: 'geojson', data: state.munis, promoteId: 'key' });
    map.addSource('roads', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('iso', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('sites', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('grid', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'muni-fill', type: 'fill', source: 'munis', paint: { 'fill-color': '#ddd', 'fill-opacity': 0.75 } });
    map.addLayer({ id: 'grid-fill', type: 'fill', source: 'grid', paint: { 'fill-color': '#ddd', 'fill-opacity': 0.8 } });
    const road = (id, cls, colour, width) =>
      map.addLayer({ id, type: 'line', source: 'roads', filter: ['in', ['get', 'class'], ['literal', cls]],
        layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': colour, 'line-width': width } });
    road('roads-minor', ['minor'], '#9aa5b1', ['interpolate', ['linear'], ['zoom'], 11, 0.3, 15, 2]);
    road('roads-secondary', ['secondary'], '#7b8794', ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 3]);
    road('roads-primary', ['primary'], '#e8a33d', ['interpolate', ['linear'], ['zoom'], 9, 0.8, 15, 4]);
    road('roads-major', ['major'], '#d9480f', ['interpolate', ['linear'], ['zoom'], 7, 1, 15, 5]);
    map.addLayer({ id: 'muni-line', type: 'line', source: 'munis', paint: { 'line-color': '#52606d', 'line-width': 0.8 } });
    map.addLayer({ id: 'muni-selected', type: 'line', source: 'munis', filter: ['==', ['get', 'key'], ''],
      paint: { 'line-color': '#111', 'line-width': 3 } });
    map.addLayer({ id: 'sites-fill', type: 'fill', source: 'sites', paint: { 'fill-color': '#7048e8', 'fill-opacity': 0.55 } });
    map.addLayer({ id: 'sites-line', type: 'line', source: 'sites', paint: { 'line-color': '#5f3dc4', 'line-width': 1.5 } });
    map.addLayer({ id: 'iso-fill', type: 'fill', source: 'iso', paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.15 } });
    map.addLayer({ id: 'iso-line', type: 'line', source: 'iso', paint: { 'line-color': ['get', 'colour'], 'line-width': 1.5 } });
    colourMunicipalities();
    loadRoads();
    if (state.region.sites) loadSites();
    map.on('zoomend', loadRoads);
    map.on('click', onMapClick);
    map.on('mousemove', 'muni-fill', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'muni-fill', () => (map.getCanvas().style.cursor = ''));
    document.body.dataset.mapReady = '1';
    map.on('idle', () => (document.body.dataset.mapIdle = String(Date.now())));
  });
}

// Roads for the current zoom (the server simplifies and thins them per zoom level).
async function loadRoads() {
  const z = Math.max(5, Math.min(16, Math.round(map.getZoom())));
  const bucket = z <= 9 ? 9 : z >= 12 ? 12 : z;
  if (bucket === state.roadZoom) return;
  state.roadZoom = bucket;
  try {
    map.getSource('roads').setData(await api.get(`/api/basemap/roads?z=${bucket}`));
  } catch {
    /* no car network: the map stays without roads */
  }
}

function statisticValue(f, stat) {
  const v = f.properties[stat];
  return typeof v === 'number' ? v : null;
}

// Five quantile classes of a numeric property: the fill expression and the legend.
function choropleth(features, prop) {
  const values = features.map((f) => statisticValue(f, prop)).filter((v) => v !== null).sort((a, b) => a - b);
  if (!values.length) return { expr: '#ddd', legend: html`<b>${label(prop)}</b><div>${t('none')}</div>` };
  const breaks = [1, 2, 3, 4].map((i) => values[Math.floor((i * values.length) / 5)]);
  const uniq = [...new Set(breaks)].filter((b) => b > values[0]);
  const expr = ['step', ['coalesce', ['get', prop], -1e300], '#ddd', values[0], RAMP[0]];
  uniq.forEach((b, i) => expr.push(b, RAMP[Math.min(i + 1, RAMP.length - 1)]));
  const edges = [values[0], ...uniq, values[values.length - 1]];
  const rows = [];
  for (let i = 0; i + 1 < edges.length; i++)
    rows.push(html`<div><i style="background:${RAMP[Math.min(i, RAMP.length - 1)]}"></i>${number(edges[i], digits(edges[i]))} – ${number(edges[i + 1], digits(edges[i + 1]))}</div>`);
  return { expr, legend: html`<b>${label(prop)}</b>${rows}<div><i style="background:#ddd"></i>${t('none')}</div>` };
}

function colourMunicipalities() {
  if (state.grid) return colourGrid();
  const c = choropleth(state.munis.features, state.statistic);
  map.setPaintProperty('muni-fill', 'fill-color', c.expr);
  map.setPaintProperty('muni-fill', 'fill-opacity', 0.75);
  $('legend').innerHTML = c.legend;
}

// A grid layer of the workspace (accessibility results) instead of the municipalities' colours.
async function showGridLayer(name) {
  const colSel = $('grid-column');
  if (!name) {
    state.grid = null;
    colSel.hidden = true;
    map.getSource('grid').setData({ type: 'FeatureCollection', features: [] });
    return colourMunicipalities();
  }
  const fc = await api.get(`/api/layers/${encodeURIComponent(name)}`);
  const first = fc.features[0]?.properties || {};
  const columns = Object.keys(first).filter((k) => k !== 'zone_id' && k !== 'municipality' && fc.features.some((f) => typeof f.properties[k] === 'number'));
  state.grid = { name, fc, column: columns[0] };
  colSel.innerHTML = html`${columns.map((c) => html`<option value="${c}">${label(c)}</option>`)}`;
  colSel.hidden = columns.length < 2;
  map.getSource('grid').setData(fc);
  colourGrid();
}

function colourGrid() {
  const c = choropleth(state.grid.fc.features, state.grid.column);
  map.setPaintProperty('grid-fill', 'fill-color', c.expr);
  map.setPaintProperty('muni-fill', 'fill-opacity', 0);
  $('legend').innerHTML = html`<div class="note">${state.grid.name}</div>${c.legend}`;
}

function digits(v) {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 1;
}

function label(stat) {
  const m = /^[a-z0-9]+_(walk|bike|car|transit)\.(.+?)_(\d+)min$/.exec(stat);
  if (m) return `${t(m[1])}: ${label(m[2])} ≤ ${m[3]} min`;
  const known = t(stat);
  return known !== stat ? known : stat.replace(/_/g, ' ');
}

function buildStatisticSelect() {
  const sel = $('statistic');
  sel.innerHTML = html`${state.region.statistics.map((s) => html`<option value="${s}">${label(s)}</option>`)}`;
  sel.value = state.region.statistics.includes(state.statistic) ? state.statistic : state.region.statistics[0] || '';
  state.statistic = sel.value;
}

function buildGridLayers() {
  const sel = $('grid-layer');
  sel.innerHTML = html`<option value="">–</option>${state.region.layers.map((l) => html`<option value="${l}">${l}</option>`)}`;
  sel.value = state.grid ? state.grid.name : '';
}

function buildModes() {
  const box = $('iso-modes');
  box.innerHTML = html`${state.region.modes.map((m) => html`<label><input type="checkbox" value="${m}" data-testid="mode-${m}" ${m === 'car' ? html`checked` : ''}> <span style="color:${MODE_COLOURS[m] || '#000'}">${t(m)}</span></label>`)}`;
  $('iso-depart-row').hidden = !state.region.modes.includes('transit');
}

function buildProfiles() {
  const sel = $('profile');
  sel.innerHTML = html`${state.region.profiles.map((p) => html`<option value="${p}">${p}</option>`)}`;
  sel.value = state.region.profiles.includes('general') ? 'general' : state.region.profiles[0];
}

async function onMapClick(e) {
  const site = map.queryRenderedFeatures(e.point, { layers: ['sites-fill'] })[0];
  if (site && state.tab !== 'iso') return showSite(site.properties.site_id);
  if (state.tab === 'iso') return drawIsochrones(e.lngLat);
  const hit = map.queryRenderedFeatures(e.point, { layers: ['muni-fill'] })[0];
  if (hit) selectMunicipality(hit.properties.key);
}

async function drawIsochrones(at) {
  const modes = [...document.querySelectorAll('#iso-modes input:checked')].map((i) => i.value);
  const minutes = $('iso-minutes').value.trim();
  const out = $('iso-result');
  out.textContent = t('computing');
  const features = [];
  const rows = [];
  for (const mode of modes) {
    const q = new URLSearchParams({ mode, at: `${at.lat.toFixed(5)},${at.lng.toFixed(5)}`, minutes });
    if (mode === 'transit') q.set('depart', $('iso-depart').value);
    try {
      const fc = await api.get(`/api/isochrone?${q}`);
      fc.features.forEach((f, i) => {
        f.properties.colour = modes.length > 1 ? MODE_COLOURS[mode] : ISO_COLOURS[i % ISO_COLOURS.length];
        if (f.geometry) features.push(f);
        rows.push(html`<tr><td style="color:${MODE_COLOURS[mode] || '#000'}">${t(mode)}</td><td>${number(f.properties.minutes)} min</td><td>${number(f.properties.area_km2, 1)} ${t('km2')}</td></tr>`);
      });
    } catch (err) {
      rows.push(html`<tr><td>${t(mode)}</td><td colspan="2" class="error">${err.message}</td></tr>`);
    }
  }
  features.sort((a, b) => b.properties.minutes - a.properties.minutes);
  map.getSource('iso').setData({ type: 'FeatureCollection', features });
  out.innerHTML = html`<table data-testid="iso-table">${rows}</table>`;
}

function mayEdit(key) {
  const u = state.user;
  return !!u && (u.role === 'admin' || (u.role === 'editor' && u.municipality === key));
}

function selectMunicipality(key) {
  state.selected = key;
  showTab('muni');
  map.setFilter('muni-selected', ['==', ['get', 'key'], key]);
  renderMunicipality();
}

function renderMunicipality() {
  const box = $('muni');
  const f = state.munis.features.find((x) => x.properties.key === state.selected);
  if (!f) {
    box.innerHTML = '';
    return;
  }
  const p = f.properties;
  const editable = new Set(state.region.statistics.filter((s) => !s.includes('.')));
  const canEdit = mayEdit(p.key);
  const rows = [];
  for (const [k, v] of Object.entries(p)) {
    if (k === 'key' || k === 'name' || k === 'centre_lon' || k === 'centre_lat') continue;
    const value = typeof v === 'number' ? number(v, Number.isInteger(v) ? 0 : 1) : v;
    const input = editable.has(k)
      ? html`<input data-field="${k}" data-testid="edit-${k}" value="${v ?? ''}" ${canEdit ? '' : html`disabled`}>`
      : value;
    rows.push(html`<tr><th>${label(k)}</th><td>${input}</td></tr>`);
  }
  const actions = canEdit
    ? html`<p class="note">${t('editHint')}</p><button id="muni-save" data-testid="muni-save">${t('save')}</button>`
    : html`<p class="note" data-testid="muni-readonly">${t('readOnly')}</p>`;
  box.innerHTML = html`<h2 data-testid="muni-name">${p.name}</h2><p class="note">${p.key}</p><table>${rows}</table>${actions}<p id="muni-status" data-testid="muni-status"></p>`;
  if (canEdit) $('muni-save').onclick = saveMunicipality;
}

async function saveMunicipality() {
  const body = {};
  const f = state.munis.features.find((x) => x.properties.key === state.selected);
  for (const input of document.querySelectorAll('#muni input[data-field]')) {
    const old = f.properties[input.dataset.field];
    const text = input.value.trim();
    const v = text === '' ? null : Number(text);
    if (text !== '' && Number.isNaN(v)) {
      $('muni-status').textContent = `${input.dataset.field}: ?`;
      return;
    }
    if (v !== old) body[input.dataset.field] = v;
  }
  if (!Object.keys(body).length) return;
  try {
    await api.patch(`/api/municipalities/${encodeURIComponent(state.selected)}`, body);
    state.munis = await api.get('/api/municipalities');
    map.getSource('munis').setData(state.munis);
    colourMunicipalities();
    renderMunicipality();
    $('muni-status').textContent = t('saved');
  } catch (err) {
    $('muni-status').innerHTML = html`<span class="error">${t('refused')}: ${err.message}</span>`;
  }
}

async function loadSites() {
  state.sites = await api.get('/api/sites');
  map.getSource('sites').setData(state.sites);
}

function enquiryQuery() {
  const q = new URLSearchParams({ profile: $('profile').value });
  if ($('enq-min-ha').value) q.set('min_ha', $('enq-min-ha').value);
  if ($('enq-motorway').value) q.set('max_motorway_min', $('enq-motorway').value);
  if ($('enq-rail').checked) q.set('rail', '1');
  if ($('enq-available').value) q.set('available', $('enq-available').value);
  return q;
}

async function renderSites(enquiry = false) {
  const box = $('sites');
  if (!state.region.sites) {
    box.textContent = t('noSites');
    return;
  }
  box.textContent = t('computing');
  let r;
  try {
    r = await api.get(enquiry ? `/api/sites/enquiry?${enquiryQuery()}` : `/api/sites/rank?profile=${encodeURIComponent($('profile').value)}`);
  } catch (err) {
    box.innerHTML = html`<p class="error">${err.message}</p>`;
    return;
  }
  const names = Object.fromEntries(state.munis.features.map((f) => [f.properties.key, f.properties.name]));
  const link = (id) => html`<a href="#" data-site="${id}">${id}</a>`;
  const rows = [
    ...r.ranked.map((s) => html`<tr><td>${s.rank}</td><td>${link(s.id)}<br><span class="note">${names[s.municipality] || s.municipality}</span></td><td>${number(s.area_ha, 1)}</td><td>${number(s.score, 1)}</td><td class="note">${s.summary}</td></tr>`),
    ...r.excluded.map((e) => html`<tr class="excluded"><td>–</td><td>${link(e.id)}<br><span class="note">${names[e.municipality] || e.municipality}</span></td><td></td><td></td><td class="note">${e.reasons.join('; ')}</td></tr>`),
  ];
  box.innerHTML = html`${r.illustrative_sites ? html`<p class="banner" data-testid="illustrative">${t('illustrative')}</p>` : ''}
    <p data-testid="rank-summary">${r.title}${enquiry ? ' — ' + t('enquiry') : ''}: ${r.ranked.length} ${t('qualify')}, ${r.excluded.length} ${t('excluded')}.</p>
    <table data-testid="rank-table"><tr><th>${t('rank')}</th><th>${t('site')}</th><th>ha</th><th>${t('score')}</th><th>${t('why')}</th></tr>${rows}</table>`;
  for (const a of box.querySelectorAll('a[data-site]'))
    a.onclick = (ev) => {
      ev.preventDefault();
      showSite(a.dataset.site);
    };
  // Colour the sites on the map by their score.
  const score = Object.fromEntries(r.ranked.map((s) => [s.id, s.score]));
  map.setPaintProperty('sites-fill', 'fill-color', ['match', ['get', 'site_id'],
    ...Object.entries(score).flatMap(([id, v]) => [id, v >= 75 ? '#1a7f37' : v >= 50 ? '#6cc070' : v >= 25 ? '#f2c94c' : '#f2994a']),
    '#bdbdbd']);
}

// One site: its attributes and criteria; a form for those who may change it.
function showSite(id) {
  if (state.tab !== 'sites') showTab('sites');
  const f = state.sites?.features.find((x) => x.properties.site_id === id);
  const box = $('site');
  if (!f) {
    box.innerHTML = '';
    return;
  }
  const p = f.properties;
  const canEdit = mayEdit(p.municipality);
  const fields = new Map(state.siteFields.map((x) => [x.name, x]));
  const rows = [];
  const disabled = canEdit ? '' : html`disabled`;
  for (const [k, v] of Object.entries(p)) {
    if (['site_id', 'name', 'criteria_at'].includes(k)) continue;
    const field = fields.get(k);
    let cell = typeof v === 'number' ? number(v, Number.isInteger(v) ? 0 : 1) : v ?? '–';
    if (field && field.kind !== 'text') {
      const opts = field.kind === 'choice' ? field.choices : field.kind === 'boolean' ? ['1', '0'] : null;
      const shown = (o) => (field.kind === 'boolean' ? (o === '1' ? 'yes' : 'no') : o);
      cell = opts
        ? html`<select data-site-field="${k}" data-testid="site-${k}" ${disabled}><option value=""></option>${opts.map(
            (o) => html`<option value="${o}" ${String(v) === o ? html`selected` : ''}>${shown(o)}</option>`)}</select>`
        : html`<input data-site-field="${k}" data-testid="site-${k}" value="${v ?? ''}" ${disabled}>`;
    }
    rows.push(html`<tr><th>${field ? field.label : label(k)}</th><td>${cell}</td></tr>`);
  }
  const actions = canEdit
    ? html`<p class="note">${t('siteHint')}</p><button id="site-save" data-testid="site-save">${t('save')}</button>`
    : html`<p class="note">${t('siteReadOnly')}</p>`;
  box.innerHTML = html`<h3 data-testid="site-name">${p.site_id} — ${p.name || ''}</h3><table>${rows}</table>${actions}
    <button id="site-close">${t('close')}</button><p id="site-status" data-testid="site-status"></p><hr>`;
  $('site-close').onclick = () => (box.innerHTML = '');
  if (canEdit)
    $('site-save').onclick = async () => {
      const body = {};
      for (const el of box.querySelectorAll('[data-site-field]')) {
        const old = p[el.dataset.siteField];
        if (el.value !== String(old ?? '')) body[el.dataset.siteField] = el.value;
      }
      if (!Object.keys(body).length) return;
      try {
        await api.patch(`/api/sites/${encodeURIComponent(id)}`, body);
        await loadSites();
        showSite(id);
        $('site-status').textContent = t('saved');
        renderSites();
      } catch (err) {
        $('site-status').innerHTML = html`<span class="error">${t('refused')}: ${err.message}</span>`;
      }
    };
}

async function renderPool() {
  const box = $('pool');
  if (!state.region.pool) {
    box.textContent = t('noPool');
    return;
  }
  const r = await api.get('/api/pool');
  const members = [...r.members].sort((a, b) => b.share - a.share);
  const max = Math.max(1, ...members.flatMap((m) => [m.total_alone, m.total_pool]));
  const rowH = 26;
  const bars = members.map((m, i) => {
    const y = 20 + i * rowH;
    return html`<text x="145" y="${y + 12}" text-anchor="end">${m.name.slice(0, 24)}</text>
      <rect x="150" y="${y}" height="10" width="${(260 * Math.max(0, m.total_alone)) / max}" fill="#dd6b20"><title>${number(m.total_alone)} €</title></rect>
      <rect x="150" y="${y + 11}" height="10" width="${(260 * Math.max(0, m.total_pool)) / max}" fill="#2b6cb0"><title>${number(m.total_pool)} €</title></rect>`;
  });
  const svg = html`<svg width="100%" viewBox="0 0 420 ${members.length * rowH + 30}" data-testid="pool-chart" font-size="10">
    <rect x="150" y="2" width="10" height="10" fill="#dd6b20"/><text x="164" y="11">${t('alone')}</text><rect x="230" y="2" width="10" height="10" fill="#2b6cb0"/><text x="244" y="11">${t('inPool')}</text>${bars}</svg>`;
  const rows = members.map((m) => html`<tr><td>${m.name}</td><td>${number(m.share * 100, 1)} %</td><td>${number(m.total_alone)}</td><td>${number(m.total_pool)}</td></tr>`);
  box.innerHTML = html`<h3>${t('poolTitle')} (${r.years} a)</h3>${svg}<table><tr><th>${t('member')}</th><th>${t('share')}</th><th>${t('alone')} €</th><th>${t('inPool')} €</th></tr>${rows}</table><p class="note">${r.scenario}</p>`;
}

async function renderAudit() {
  const box = $('audit');
  try {
    const rows = await api.get('/api/audit');
    const lines = rows.reverse().map((e) => html`<tr><td>${e.at.replace('T', ' ').replace('Z', '')}</td><td>${e.who}</td><td>${e.layer} ${e.record} ${e.field}</td><td>${e.old} → ${e.new}</td></tr>`);
    box.innerHTML = html`<table data-testid="audit-table"><tr><th>${t('when')}</th><th>${t('who')}</th><th>${t('what')}</th><th>${t('change')}</th></tr>${lines}</table>`;
  } catch (err) {
    box.innerHTML = html`<p class="error">${err.message}</p>`;
  }
}

function showTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === tab);
  for (const s of document.querySelectorAll('[data-pane]')) s.hidden = s.dataset.pane !== tab;
  if (tab === 'sites') renderSites();
  if (tab === 'pool') renderPool();
  if (tab === 'audit') renderAudit();
}

function signedIn(me) {
  state.user = me;
  setCsrf(me.csrf);
  $('user').textContent = `${t('loggedInAs')} ${me.name} (${me.role}${me.municipality ? ', ' + me.municipality : ''})`;
  $('login-button').textContent = t('logout');
  $('login-button').dataset.i18n = 'logout';
  document.querySelector('[data-tab="audit"]').hidden = me.role !== 'admin';
}

function signedOut() {
  state.user = null;
  setCsrf('');
  $('user').textContent = '';
  $('login-button').textContent = t('login');
  $('login-button').dataset.i18n = 'login';
  document.querySelector('[data-tab="audit"]').hidden = true;
}

function wireUi() {
  for (const b of document.querySelectorAll('.tabs button')) b.onclick = () => showTab(b.dataset.tab);
  $('statistic').onchange = (e) => {
    state.statistic = e.target.value;
    colourMunicipalities();
  };
  $('profile').onchange = () => renderSites();
  $('enq-search').onclick = () => renderSites(true);
  $('grid-layer').onchange = (e) => showGridLayer(e.target.value);
  $('grid-column').onchange = (e) => {
    state.grid.column = e.target.value;
    colourGrid();
  };
  $('lang').onclick = () => {
    setLanguage(language() === 'de' ? 'en' : 'de');
    $('lang').textContent = language() === 'de' ? 'EN' : 'DE';
    buildStatisticSelect();
    buildModes();
    colourMunicipalities();
    if (state.user) signedIn(state.user);
    else signedOut();
    if (state.selected) renderMunicipality();
    showTab(state.tab);
  };
  $('login-button').onclick = async () => {
    if (state.user) {
      try {
        await api.post('/api/logout', {});
      } finally {
        signedOut();
        if (state.selected) renderMunicipality();
      }
      return;
    }
    $('login-error').textContent = '';
    $('login-dialog').showModal();
  };
  $('login-form').onsubmit = async (e) => {
    if (e.submitter && e.submitter.value === 'cancel') return;
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const me = await api.post('/api/login', { name: form.get('name'), password: form.get('password') });
      signedIn(me);
      $('login-dialog').close();
      e.target.reset();
      if (state.selected) renderMunicipality();
    } catch (err) {
      $('login-error').textContent = err.status === 401 ? t('wrongLogin') : err.message;
    }
  };
}

start().catch((err) => {
  document.body.insertAdjacentHTML('afterbegin', String(html`<p class="error">${err.message}</p>`));
});
