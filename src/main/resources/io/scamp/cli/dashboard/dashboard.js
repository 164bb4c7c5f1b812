// scamp dashboard: renders each table of /events (the JSON of `scamp list --json` plus "time").
// Record fields come from the network: they are only ever set as text (textContent, title),
// never parsed as HTML.
'use strict';

(() => {
  const FLASH_MS = 2000;
  const RETRY_REFUSED_MS = 10000;
  const rows = new Map(); // "fingerprint ident" -> {body, json, service}
  let rejectedSeen = new Set();
  let clockOffsetMs = 0; // this browser's clock minus the server's, at the last table
  let lastTableAt = null; // null until the first table: what it shows is the start, not a change

  const byId = id => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function flash(node, kind) {
    if (lastTableAt === null) return;
    node.classList.remove('added', 'changed', 'removed');
    void node.offsetWidth; // restart the animation when a row changes again while flashing
    node.classList.add(kind);
  }

  function duration(seconds) {
    if (!Number.isFinite(seconds)) return '?';
    const s = Math.max(0, Math.round(seconds));
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.round(s / 60) + ' min';
    if (s < 172800) return Math.round(s / 3600) + ' h';
    return Math.round(s / 86400) + ' d';
  }

  function serverNow() {
    return (Date.now() - clockOffsetMs) / 1000;
  }

  function actionChip(action) {
    const chip = el('span', 'action mono', action.sector + ':' + action.name + ' v' + action.version);
    const meta = [];
    if (action.flags.length) meta.push(action.flags.join(','));
    if (action.envelopes.join(',') !== 'json') meta.push(action.envelopes.join(','));
    if (meta.length) chip.append(el('span', 'meta', meta.join(' ')));
    chip.title = 'flags: ' + (action.flags.join(', ') || 'none') + '\nenvelopes: ' + action.envelopes.join(', ');
    return chip;
  }

  function serviceBody(key, s) {
    const body = el('tbody', 'service');
    body.dataset.key = key;
    body.dataset.ident = s.ident;
    body.dataset.state = 'live';
    if (!(s.weight > 0)) body.classList.add('draining');
    const main = el('tr');
    main.append(el('td', 'ident mono', s.ident), el('td', 'sector', s.sector), el('td', 'address mono', s.address),
      el('td', 'fingerprint mono', s.fingerprint), el('td', 'weight', s.weight));
    const age = el('td', 'age', duration(serverNow() - s.timestamp));
    age.title = 'record timestamp ' + new Date(s.timestamp * 1000).toISOString();
    main.append(age, el('td', 'count', s.actions.length));
    const actions = el('tr', 'actions');
    const cell = el('td');
    cell.colSpan = 7;
    const chips = s.actions.map(actionChip);
    if (chips.length > 12) {
      const details = el('details');
      details.append(el('summary', null, s.actions.length + ' actions'), ...chips);
      cell.append(details);
    } else if (chips.length === 0) {
      cell.append(el('span', 'none', 'no authorized action'));
    } else {
      cell.append(...chips);
    }
    actions.append(cell);
    body.append(main, actions);
    return body;
  }

  function sortKey(s) {
    return s.ident + '\u0000' + s.fingerprint;
  }

  function insertSorted(table, body, service) {
    const key = sortKey(service);
    const next = [...table.tBodies].find(b => {
      const row = rows.get(b.dataset.key);
      return b.dataset.state === 'live' && row !== undefined && sortKey(row.service) > key;
    });
    table.insertBefore(body, next || null);
  }

  function renderServices(services) {
    const table = byId('services');
    const seen = new Set();
    for (const s of services) {
      const key = s.fingerprint + ' ' + s.ident;
      seen.add(key);
      const json = JSON.stringify(s);
      const old = rows.get(key);
      if (!old) {
        const body = serviceBody(key, s);
        insertSorted(table, body, s);
        rows.set(key, {body, json, service: s});
        flash(body, 'added');
      } else if (old.json !== json) {
        const body = serviceBody(key, s);
        old.body.replaceWith(body);
        rows.set(key, {body, json, service: s});
        flash(body, 'changed');
      }
    }
    for (const [key, row] of [...rows]) {
      if (!seen.has(key)) {
        rows.delete(key);
        row.body.dataset.state = 'removed';
        flash(row.body, 'removed');
        setTimeout(() => row.body.remove(), FLASH_MS);
      }
    }
    byId('no-services').hidden = services.length > 0;
  }

  function renderRejected(rejected) {
    const list = byId('rejected');
    const now = new Set();
    const items = rejected.map(r => {
      const id = (r.ident === null ? '' : r.ident) + '\u0000' + r.reason;
      now.add(id);
      const item = el('li');
      item.append(el('span', 'who mono', r.ident === null ? '(unknown identity)' : r.ident), el('span', 'why', r.reason));
      if (!rejectedSeen.has(id)) flash(item, 'added');
      return item;
    });
    list.replaceChildren(...items);
    rejectedSeen = now;
    byId('no-rejected').hidden = rejected.length > 0;
  }

  function tick() {
    for (const row of rows.values()) {
      const age = row.body.querySelector('td.age');
      if (age) age.textContent = duration(serverNow() - row.service.timestamp);
    }
    if (lastTableAt !== null && byId('status').dataset.state === 'live') {
      byId('status').textContent = 'live, last change ' + duration((Date.now() - lastTableAt) / 1000) + ' ago';
    }
  }

  function render(table) {
    const time = Date.parse(table.time);
    clockOffsetMs = Number.isFinite(time) ? Date.now() - time : 0;
    byId('stale').hidden = !table.stale;
    const freshness = byId('freshness');
    freshness.dataset.stale = String(table.stale);
    freshness.textContent = table.stale ? 'stale' : 'fresh';
    const actions = table.services.reduce((n, s) => n + s.actions.length, 0);
    byId('counts').textContent = table.services.length + ' services, ' + actions + ' actions, ' + table.rejected.length + ' rejected';
    renderServices(table.services);
    renderRejected(table.rejected);
    lastTableAt = Date.now();
    tick();
  }

  function status(state, text) {
    const node = byId('status');
    node.dataset.state = state;
    node.textContent = text;
  }

  function connect() {
    const source = new EventSource('events');
    source.addEventListener('table', event => {
      status('live', 'live');
      render(JSON.parse(event.data));
    });
    source.onopen = () => status('live', 'live');
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // refused (too many dashboard clients) or not an event stream: try again later
        status('down', 'disconnected, retrying in ' + RETRY_REFUSED_MS / 1000 + ' s');
        setTimeout(connect, RETRY_REFUSED_MS);
      } else {
        status('down', 'disconnected, reconnecting');
      }
    };
  }

  connect();
  setInterval(tick, 1000);
})();
