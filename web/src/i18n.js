// English and German texts of the UI; `t(key)` in the current language, switchable at run time.
const texts = {
  en: {
    colourBy: 'Colour by', login: 'Log in', logout: 'Log out', tabIsochrones: 'Isochrones', tabMunicipality: 'Municipality',
    tabSites: 'Sites', tabPool: 'Pool', tabAudit: 'Audit log', isoHelp: 'Click on the map to draw isochrones from that point.',
    minutes: 'Minutes', depart: 'Departure (public transport)', muniHelp: 'Click a municipality to see its figures.',
    profile: 'Sector profile', userName: 'User name', password: 'Password', cancel: 'Cancel', save: 'Save',
    saved: 'Saved.', walk: 'walk', bike: 'bike', car: 'car', transit: 'public transport', computing: 'computing…',
    noReach: 'not reachable', area: 'area', population: 'population', jobs: 'jobs', area_km2: 'area (km²)',
    editHint: 'You may change the figures of this municipality.', readOnly: 'Log in as this municipality’s editor to change its figures.',
    rank: 'rank', site: 'site', score: 'points', why: 'why', excluded: 'excluded', illustrative: 'Illustrative sites generated for the demo — not real sites.',
    alone: 'alone', inPool: 'in the pool', share: 'share', member: 'member', noPool: 'No pool scenario on the server.',
    when: 'when', who: 'who', what: 'what', change: 'change', loggedInAs: 'logged in as', wrongLogin: 'Wrong name or password.',
    failed: 'Failed', none: 'none', legendTitle: 'Legend', km2: 'km²', noSites: 'No site inventory in this workspace.',
    poolTitle: 'Revenue over the horizon', qualify: 'qualify', refused: 'Refused',
    gridLayer: 'Grid layer', enquiry: 'Investor enquiry', minHa: 'at least (ha)', maxMotorway: 'motorway within (min)',
    railNeeded: 'rail siding needed', available: 'available', search: 'Search the region', siteHint: 'You may change this site.',
    siteReadOnly: 'Log in as this municipality’s editor to change the site.', close: 'close',
  },
  de: {
    colourBy: 'Einfärben nach', login: 'Anmelden', logout: 'Abmelden', tabIsochrones: 'Isochronen', tabMunicipality: 'Gemeinde',
    tabSites: 'Flächen', tabPool: 'Pool', tabAudit: 'Protokoll', isoHelp: 'Klicken Sie in die Karte, um Isochronen ab diesem Punkt zu zeichnen.',
    minutes: 'Minuten', depart: 'Abfahrt (ÖPNV)', muniHelp: 'Klicken Sie auf eine Gemeinde, um ihre Kennzahlen zu sehen.',
    profile: 'Branchenprofil', userName: 'Benutzername', password: 'Passwort', cancel: 'Abbrechen', save: 'Speichern',
    saved: 'Gespeichert.', walk: 'zu Fuß', bike: 'Rad', car: 'Auto', transit: 'ÖPNV', computing: 'wird berechnet…',
    noReach: 'nicht erreichbar', area: 'Fläche', population: 'Einwohner', jobs: 'Beschäftigte', area_km2: 'Fläche (km²)',
    editHint: 'Sie dürfen die Kennzahlen dieser Gemeinde ändern.', readOnly: 'Melden Sie sich als Bearbeiter dieser Gemeinde an, um Kennzahlen zu ändern.',
    rank: 'Rang', site: 'Fläche', score: 'Punkte', why: 'Begründung', excluded: 'ausgeschlossen', illustrative: 'Beispielhafte, für die Demo erzeugte Flächen — keine echten Flächen.',
    alone: 'allein', inPool: 'im Pool', share: 'Anteil', member: 'Mitglied', noPool: 'Kein Pool-Szenario auf dem Server.',
    when: 'wann', who: 'wer', what: 'was', change: 'Änderung', loggedInAs: 'angemeldet als', wrongLogin: 'Name oder Passwort falsch.',
    failed: 'Fehlgeschlagen', none: 'keine', legendTitle: 'Legende', km2: 'km²', noSites: 'Keine Flächen in diesem Arbeitsbereich.',
    poolTitle: 'Einnahmen über den Zeitraum', qualify: 'geeignet', refused: 'Abgelehnt',
    gridLayer: 'Rasterebene', enquiry: 'Investorenanfrage', minHa: 'mindestens (ha)', maxMotorway: 'Autobahn binnen (min)',
    railNeeded: 'Gleisanschluss nötig', available: 'verfügbar', search: 'In der Region suchen', siteHint: 'Sie dürfen diese Fläche ändern.',
    siteReadOnly: 'Melden Sie sich als Bearbeiter dieser Gemeinde an, um die Fläche zu ändern.', close: 'schließen',
  },
};

let lang = localStorage.getItem('cityregions.lang') === 'de' ? 'de' : 'en';

export function language() {
  return lang;
}

export function setLanguage(l) {
  lang = l === 'de' ? 'de' : 'en';
  localStorage.setItem('cityregions.lang', lang);
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export function t(key) {
  return texts[lang][key] ?? texts.en[key] ?? key;
}

export function number(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Number(v).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
