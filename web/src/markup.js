// Markup built from templates in which every interpolated value is escaped: html`<td>${name}</td>`
// is safe whatever `name` holds. A value that is itself markup made by html`` (or a list of such)
// is inserted as it is, so fragments compose without double escaping.
export class Markup {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
export const esc = (s) => String(s ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]);

const part = (v) => (v instanceof Markup ? v.text : Array.isArray(v) ? v.map(part).join('') : esc(v));

export const html = (strings, ...values) =>
  new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
