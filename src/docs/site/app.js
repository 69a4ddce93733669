/* kiln docs site: browser front-end. Plain ES2020, no modules, no build step.
 * Reads the JSON blob from <script id="kiln-data">, renders a hash-routed UI:
 *   #!/                     project overview
 *   #!/node/<id>            node page
 *   #!/graph                whole-project lineage (after the sidebar filters)
 *   #!/graph/<id>?depth=N   focused lineage (optional &dir=up|down)
 * Uses the global `dagre` (inlined by the generator) for layouts of <= 400 nodes,
 * a canvas overview (precomputed node.xy) above that.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- constants
  const KNOWN_TYPES = ['model', 'source', 'seed', 'snapshot', 'exposure', 'analysis', 'test'];
  const CARD_TYPES = { model: true, seed: true, snapshot: true, source: true };
  const NODE_LEVEL_KINDS = { filter: true, join: true, group_by: true };
  const EDGE_KINDS = ['passthrough', 'renamed', 'derived', 'aggregated', 'filter', 'join', 'group_by'];
  const SVG_LIMIT = 400;          // more nodes than this -> canvas overview
  const LIST_LIMIT = 500;         // sidebar renders at most this many links
  const REF_LIMIT = 300;          // upstream/downstream lists on a node page
  const DEFAULT_DEPTH = 2;
  const MAX_DEPTH = 100;
  const CLICK_DELAY = 230;        // ms, to tell a header click from a double-click
  const SVGNS = 'http://www.w3.org/2000/svg';
  const HEADER_H = 32;            // graph card header height
  const ROW_H = 20;               // graph card column row height
  const CARD_PAD = 6;             // padding below the last column row
  const OV_W = 180;               // canvas overview node box (world units); node.xy is its
  const OV_H = 28;                //   top-left corner, as laid out by the generator (ELK)
  const FALLBACK_COLORS = {
    model: '#2563eb', source: '#ea580c', seed: '#16a34a', snapshot: '#9333ea',
    exposure: '#db2777', analysis: '#0d9488', test: '#64748b', other: '#475569'
  };

  const kd = (window.kilnDocs = { ready: false, route: '' });

  // ---------------------------------------------------------------- helpers
  const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return ESC[c]; });
  }
  function str(v) { return typeof v === 'string' ? v : (v == null ? '' : String(v)); }
  function arr(v) { return Array.isArray(v) ? v : []; }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }
  function r1(v) { return Math.round(v * 10) / 10; }
  function byIdEl(id) { return document.getElementById(id); }
  function enc(id) { return encodeURIComponent(id); }
  function nodeHref(id) { return '#!/node/' + enc(id); }
  function graphHref(id, depth, dir) {
    let h = '#!/graph/' + enc(id) + '?depth=' + (depth == null ? DEFAULT_DEPTH : depth);
    if (dir && dir !== 'both') h += '&dir=' + dir;
    return h;
  }
  function push(map, k, v) {
    const a = map.get(k);
    if (a) a.push(v); else map.set(k, [v]);
  }
  function plural(n, word) { return fmtInt(n) + ' ' + word + (n === 1 ? '' : 's'); }
  const intFmt = (typeof Intl !== 'undefined') ? new Intl.NumberFormat('en-US') : null;
  function fmtInt(n) { return intFmt ? intFmt.format(n) : String(n); }
  function fmtBytes(b) {
    if (b == null) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let v = b, u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return (u === 0 ? String(v) : v.toFixed(1)) + ' ' + units[u];
  }
  function fmtSeconds(s) {
    if (s == null) return '';
    return (s < 10 ? s.toFixed(2) : s.toFixed(1)) + ' s';
  }
  function typePlural(t) { return t === 'analysis' ? 'analyses' : t.endsWith('s') ? t : t + 's'; }
  function typeClass(t) { return 'type-' + (KNOWN_TYPES.indexOf(t) >= 0 ? t : 'other'); }
  function stripTags(html) {
    if (!html) return '';
    return html.replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  function cssVar(name, fallback) {
    const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return v || fallback;
  }

  // ---------------------------------------------------------------- data
  function readData() {
    const el = byIdEl('kiln-data');
    if (!el) return { error: 'The data element #kiln-data is missing.' };
    let d;
    try { d = JSON.parse(el.textContent); } catch (e) {
      return { error: 'The embedded project data could not be parsed (' + (e && e.message) + ').' };
    }
    if (!d || typeof d !== 'object') return { error: 'The embedded project data is empty.' };
    return d;
  }

  const DATA = readData();
  const project = (DATA.project && typeof DATA.project === 'object') ? DATA.project : {};
  const projectName = str(project.name) || 'kiln project';

  const nodes = [];                 // normalized nodes, input order
  const byId = new Map();           // id -> node
  const downstream = new Map();     // id -> [child ids]
  const typeCounts = Object.create(null);
  const packages = new Set();
  const tags = new Set();
  const folders = new Set();

  // Normalize in place. Written to allocate nothing when the data is already
  // well formed (a 5,000-node blob must render fast).
  function cleanStrings(a) {
    if (!Array.isArray(a)) return [];
    for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string' || !a[i]) return a.map(str).filter(Boolean);
    return a;
  }
  function cleanColumns(a) {
    if (!Array.isArray(a)) return [];
    for (let i = 0; i < a.length; i++) {
      const c = a[i];
      if (!c || typeof c !== 'object' || typeof c.name !== 'string' || !c.name) {
        return a.filter(function (x) { return x && typeof x === 'object' && x.name != null && x.name !== ''; })
          .map(function (x) { x.name = str(x.name); return x; });
      }
    }
    return a;
  }
  function text(n, k) { const v = n[k]; if (typeof v !== 'string') n[k] = str(v); }
  const rawNodes = Array.isArray(DATA.nodes) ? DATA.nodes : [];
  for (let i = 0; i < rawNodes.length; i++) {
    const n = rawNodes[i];
    if (!n || typeof n !== 'object' || typeof n.id !== 'string' || !n.id || byId.has(n.id)) continue;
    if (typeof n.name !== 'string' || !n.name) n.name = str(n.name) || n.id;
    if (typeof n.resource_type !== 'string' || !n.resource_type) n.resource_type = str(n.resource_type) || 'model';
    text(n, 'package'); text(n, 'path'); text(n, 'folder'); text(n, 'description_html'); text(n, 'raw_code');
    if (n.compiled_code === undefined) n.compiled_code = null;
    else if (n.compiled_code !== null && typeof n.compiled_code !== 'string') n.compiled_code = String(n.compiled_code);
    n.tags = cleanStrings(n.tags);
    n.columns = cleanColumns(n.columns);
    if (!Array.isArray(n.depends_on)) n.depends_on = [];
    if (!Array.isArray(n.tested_by)) n.tested_by = [];
    byId.set(n.id, n);
    nodes.push(n);
    typeCounts[n.resource_type] = (typeCounts[n.resource_type] || 0) + 1;
    if (n.package) packages.add(n.package);
    if (n.folder) folders.add(n.folder);
    for (let j = 0; j < n.tags.length; j++) tags.add(n.tags[j]);
  }
  function validRefs(n, list, allowSelf) {
    for (let j = 0; j < list.length; j++) {
      const d = list[j];
      if (typeof d !== 'string' || (!allowSelf && d === n.id) || !byId.has(d) || list.indexOf(d) !== j) return false;
    }
    return true;
  }
  function cleanRefs(n, list) {
    const seen = new Set();
    return list.filter(function (d) {
      if (typeof d !== 'string' || d === n.id || seen.has(d) || !byId.has(d)) return false;
      seen.add(d);
      return true;
    });
  }
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!validRefs(n, n.depends_on, false)) n.depends_on = cleanRefs(n, n.depends_on);
    if (!validRefs(n, n.tested_by, false)) n.tested_by = cleanRefs(n, n.tested_by);
    for (let j = 0; j < n.depends_on.length; j++) push(downstream, n.depends_on[j], n.id);
  }

  const TYPES = KNOWN_TYPES.slice();
  Object.keys(typeCounts).sort().forEach(function (t) { if (TYPES.indexOf(t) < 0) TYPES.push(t); });
  const typeOrder = Object.create(null);
  TYPES.forEach(function (t, i) { typeOrder[t] = i; });

  // nodes sorted for the list: by type (TYPES order), then name
  const sorted = nodes.map(function (n) { return { n: n, t: typeOrder[n.resource_type], k: n.name.toLowerCase() }; })
    .sort(function (a, b) {
      if (a.t !== b.t) return a.t - b.t;
      return a.k < b.k ? -1 : a.k > b.k ? 1 : (a.n.id < b.n.id ? -1 : a.n.id > b.n.id ? 1 : 0);
    })
    .map(function (e) { return e.n; });

  // lazily built: lowercase search haystack per node
  let haystack = null;
  function searchText(n) {
    if (!haystack) haystack = new Map();
    let s = haystack.get(n);
    if (s === undefined) {
      s = (n.name + '\n' + n.id + '\n' + stripTags(n.description_html)).toLowerCase();
      haystack.set(n, s);
    }
    return s;
  }

  // lazily built column-lineage index
  let colIndex = null;
  function colKey(id, col) { return col === null ? id + '\u0000\u0001' : id + '\u0000\u0002' + col; }
  function colAttr(id, col) { return id + '|' + (col === null ? '' : col); }
  function columnIndex() {
    if (colIndex) return colIndex;
    const edges = [];
    const up = new Map();        // to-key -> [edge index]
    const down = new Map();      // from-key -> [edge index]
    const byNode = new Map();    // node id -> [edge index]
    const extraCols = new Map(); // node id -> [column names not in node.columns]
    const lower = new Map();     // node id -> Map(lowercase -> name), built only on a miss
    function canon(id, col) {
      if (col == null || col === '') return null;
      if (typeof col !== 'string') col = String(col);
      const cs = byId.get(id).columns;
      for (let i = 0; i < cs.length; i++) if (cs[i].name === col) return col;   // the common case
      let m = lower.get(id);
      if (!m) {
        m = new Map();
        for (let i = 0; i < cs.length; i++) { const lo = cs[i].name.toLowerCase(); if (!m.has(lo)) m.set(lo, cs[i].name); }
        lower.set(id, m);
      }
      const lo = col.toLowerCase();
      const hit = m.get(lo);
      if (hit !== undefined) return hit;
      m.set(lo, col);
      push(extraCols, id, col);
      return col;
    }
    const raw = arr(DATA.column_edges);
    // Edges come compact, [fromNodeIndex, fromColumn, toNodeIndex, toColumn, kind] (indexes into
    // DATA.nodes), or as {from: [id, column], to: [id, column], kind}.
    for (let r = 0; r < raw.length; r++) {
      let e = raw[r];
      if (Array.isArray(e)) {
        const fn = rawNodes[e[0]], tn = rawNodes[e[2]];
        e = { from: [fn && fn.id, e[1]], to: [tn && tn.id, e[3]], kind: e[4] };
      }
      if (!e || !Array.isArray(e.from) || !Array.isArray(e.to)) continue;
      const f = e.from[0], t = e.to[0];
      if (typeof f !== 'string' || typeof t !== 'string' || !byId.has(f) || !byId.has(t)) continue;
      const fc = canon(f, e.from[1]), tc = canon(t, e.to[1]);
      if (fc === null && tc === null) continue;
      const kind = typeof e.kind === 'string' && e.kind ? e.kind : 'derived';
      const fk = colKey(f, fc), tk = colKey(t, tc);
      if (fk === tk) continue;
      const outs = down.get(fk);
      if (outs) {
        let dup = false;
        for (let j = 0; j < outs.length; j++) { const o = edges[outs[j]]; if (o.tk === tk && o.kind === kind) { dup = true; break; } }
        if (dup) continue;
      }
      const i = edges.length;
      edges.push({ f: f, fc: fc, t: t, tc: tc, kind: kind, fk: fk, tk: tk });
      if (outs) outs.push(i); else down.set(fk, [i]);
      push(up, tk, i);
      push(byNode, f, i);
      if (t !== f) push(byNode, t, i);
    }
    colIndex = { edges: edges, up: up, down: down, byNode: byNode, extraCols: extraCols };
    return colIndex;
  }

  // transitive column path, both directions. Null-column endpoints are on the
  // path but do not propagate.
  function columnPath(startKey) {
    const ix = columnIndex();
    const keys = new Set([startKey]);
    const edgeSet = new Set();
    function walk(adj, nextKey, nextCol) {
      const stack = [startKey];
      const seen = new Set(stack);
      while (stack.length) {
        const list = adj.get(stack.pop());
        if (!list) continue;
        for (let i = 0; i < list.length; i++) {
          const e = ix.edges[list[i]];
          edgeSet.add(list[i]);
          const k = e[nextKey];
          keys.add(k);
          if (e[nextCol] !== null && !seen.has(k)) { seen.add(k); stack.push(k); }
        }
      }
    }
    walk(ix.up, 'fk', 'fc');
    walk(ix.down, 'tk', 'tc');
    return { keys: keys, edges: edgeSet };
  }

  // ---------------------------------------------------------------- filter state
  const state = {
    q: '',
    types: new Set(TYPES.filter(function (t) { return t !== 'test'; })),
    pkg: '', tag: '', folder: '',
    collapsed: new Set()
  };

  function passesFacets(n) {
    if (!state.types.has(n.resource_type)) return false;
    if (state.pkg && n.package !== state.pkg) return false;
    if (state.tag && n.tags.indexOf(state.tag) < 0) return false;
    if (state.folder && n.folder !== state.folder && n.folder.indexOf(state.folder + '/') !== 0) return false;
    return true;
  }
  function passes(n, q) {
    if (!passesFacets(n)) return false;
    return !q || searchText(n).indexOf(q) >= 0;
  }
  function query() { return state.q.trim().toLowerCase(); }
  function filteredNodes() {
    const q = query();
    const out = [];
    for (let i = 0; i < sorted.length; i++) if (passes(sorted[i], q)) out.push(sorted[i]);
    return out;
  }

  // ---------------------------------------------------------------- DOM refs
  const main = byIdEl('kiln-main');
  const listEl = byIdEl('kiln-list');
  const listCountEl = byIdEl('kiln-list-count');
  const searchEl = byIdEl('kiln-search');
  const typeBox = byIdEl('kiln-type-filters');
  const pkgSel = byIdEl('kiln-filter-package');
  const tagSel = byIdEl('kiln-filter-tag');
  const folderSel = byIdEl('kiln-filter-folder');

  // ---------------------------------------------------------------- sidebar
  function fillSelect(sel, values) {
    let h = '<option value="">all</option>';
    Array.from(values).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (v) {
      h += '<option value="' + esc(v) + '">' + esc(v) + '</option>';
    });
    sel.innerHTML = h;
  }

  function initSidebar() {
    byIdEl('kiln-project-name').textContent = projectName;
    const meta = [];
    if (project.adapter_type) meta.push(str(project.adapter_type));
    if (project.kiln_version) meta.push('kiln ' + str(project.kiln_version));
    byIdEl('kiln-project-meta').textContent = meta.join(' \u00b7 ');

    let h = '';
    TYPES.forEach(function (t) {
      const c = typeCounts[t] || 0;
      h += '<label class="type-filter ' + typeClass(t) + (c ? '' : ' empty') + '">' +
        '<input type="checkbox" name="type-' + esc(t) + '" value="' + esc(t) + '" data-testid="filter-type-' + esc(t) + '"' +
        (state.types.has(t) ? ' checked' : '') + '>' +
        '<span class="swatch" aria-hidden="true"></span><span class="type-name">' + esc(t) + '</span>' +
        '<span class="count">' + fmtInt(c) + '</span></label>';
    });
    typeBox.insertAdjacentHTML('beforeend', h);
    fillSelect(pkgSel, packages);
    fillSelect(tagSel, tags);
    fillSelect(folderSel, folders);

    typeBox.addEventListener('change', function (e) {
      const cb = e.target;
      if (!cb || cb.type !== 'checkbox') return;
      if (cb.checked) state.types.add(cb.value); else state.types.delete(cb.value);
      filtersChanged(0);
    });
    pkgSel.addEventListener('change', function () { state.pkg = pkgSel.value; filtersChanged(0); });
    tagSel.addEventListener('change', function () { state.tag = tagSel.value; filtersChanged(0); });
    folderSel.addEventListener('change', function () { state.folder = folderSel.value; filtersChanged(0); });
    byIdEl('kiln-reset').addEventListener('click', function () {
      state.q = ''; searchEl.value = '';
      state.pkg = state.tag = state.folder = '';
      pkgSel.value = tagSel.value = folderSel.value = '';
      state.types = new Set(TYPES.filter(function (t) { return t !== 'test'; }));
      typeBox.querySelectorAll('input[type=checkbox]').forEach(function (cb) { cb.checked = state.types.has(cb.value); });
      filtersChanged(0);
    });
    searchEl.addEventListener('input', function () {
      state.q = searchEl.value;
      filtersChanged(280);
    });
    searchEl.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        if (searchEl.value) { searchEl.value = ''; state.q = ''; filtersChanged(0); }
        else searchEl.blur();
      } else if (e.key === 'Enter') {
        const first = listEl.querySelector('a[data-testid="node-link"]');
        if (!first) return;
        e.preventDefault();
        const id = first.getAttribute('data-id');
        const r = parseRoute();
        location.hash = r.page === 'graph' ? graphHref(id, r.id ? r.depth : DEFAULT_DEPTH, r.id ? r.dir : 'both') : nodeHref(id);
      }
    });
    listEl.addEventListener('click', function (e) {
      const head = e.target.closest('.group-head');
      if (!head) return;
      const t = head.getAttribute('data-type');
      if (state.collapsed.has(t)) state.collapsed.delete(t); else state.collapsed.add(t);
      renderList();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        const t = e.target;
        const tag = t && t.tagName;
        if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
        e.preventDefault();
        searchEl.focus();
        searchEl.select();
      }
    });
  }

  let graphRefreshTimer = 0;
  function filtersChanged(graphDelay) {
    renderList();
    // graphs depend on the filters: the project graph on all of them, the
    // focused graph on the resource types only
    const r = parseRoute();
    if (r.page !== 'graph') return;
    clearTimeout(graphRefreshTimer);
    if (r.id) {
      if (typesSignature() !== lastGraphTypes) render();
      return;
    }
    if (!graphDelay) { render(); return; }
    graphRefreshTimer = setTimeout(function () { graphRefreshTimer = 0; render(); }, graphDelay);
  }
  let lastGraphTypes = '';
  function typesSignature() { return Array.from(state.types).sort().join(','); }

  function renderList() {
    const q = query();
    const groups = new Map();
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      const n = sorted[i];
      if (!passes(n, q)) continue;
      total++;
      push(groups, n.resource_type, n);
    }
    let budget = LIST_LIMIT;
    let h = '';
    groups.forEach(function (list, t) {
      const collapsed = state.collapsed.has(t);
      h += '<section class="group ' + typeClass(t) + '" data-type="' + esc(t) + '">' +
        '<button type="button" class="group-head" data-type="' + esc(t) + '" aria-expanded="' + (!collapsed) + '">' +
        '<span class="chev" aria-hidden="true"></span><span class="swatch" aria-hidden="true"></span>' +
        esc(t) + '<span class="count">' + fmtInt(list.length) + '</span></button>';
      if (!collapsed) {
        const shown = Math.min(list.length, budget);
        if (shown > 0) {
          h += '<ul>';
          for (let i = 0; i < shown; i++) {
            const n = list[i];
            h += '<li><a data-testid="node-link" data-id="' + esc(n.id) + '" href="' + esc(nodeHref(n.id)) +
              '" title="' + esc(n.id) + '">' + esc(n.name) + '</a></li>';
          }
          h += '</ul>';
        }
        budget -= shown;
        if (shown < list.length) {
          h += '<div class="list-more" data-testid="list-more">' + fmtInt(list.length - shown) + ' more \u2014 refine the search</div>';
        }
      }
      h += '</section>';
    });
    if (!total) h = '<p class="list-empty" data-testid="list-empty">No nodes match.</p>';
    listEl.innerHTML = h;
    listCountEl.textContent = (total === nodes.length ? plural(total, 'node') : fmtInt(total) + ' of ' + plural(nodes.length, 'node')) +
      (state.types.has('test') || !typeCounts.test ? '' : ' \u00b7 tests hidden');
    markActive();
  }

  let activeId = null;
  function markActive() {
    const prev = listEl.querySelector('a.active');
    if (prev) prev.classList.remove('active');
    if (activeId == null) return;
    const a = listEl.querySelector('a[data-id="' + CSS.escape(activeId) + '"]');
    if (a) a.classList.add('active');
  }

  // ---------------------------------------------------------------- routing
  function parseRoute() {
    let h = location.hash || '';
    h = h.replace(/^#!?/, '');
    if (!h || h === '/') return { page: 'home' };
    const qi = h.indexOf('?');
    const path = qi >= 0 ? h.slice(0, qi) : h;
    const params = new URLSearchParams(qi >= 0 ? h.slice(qi + 1) : '');
    function dec(s) { try { return decodeURIComponent(s); } catch (e) { return s; } }
    if (path.indexOf('/node/') === 0) return { page: 'node', id: dec(path.slice(6)) };
    if (path === '/graph' || path === '/graph/') return { page: 'graph', id: null };
    if (path.indexOf('/graph/') === 0) {
      let depth = parseInt(params.get('depth'), 10);
      if (!isFinite(depth) || depth < 0) depth = DEFAULT_DEPTH;
      depth = Math.min(depth, MAX_DEPTH);
      let dir = params.get('dir');
      if (dir === 'upstream') dir = 'up';
      if (dir === 'downstream') dir = 'down';
      if (dir !== 'up' && dir !== 'down') dir = 'both';
      return { page: 'graph', id: dec(path.slice(7)), depth: depth, dir: dir };
    }
    return { page: 'notfound', path: path };
  }

  let rendered = false;
  function resetScroll() { if (rendered) main.scrollTop = 0; }   // avoid a forced layout on the first render

  let cleanups = [];
  function addCleanup(fn) { cleanups.push(fn); }
  function cleanupPage() {
    const c = cleanups;
    cleanups = [];
    for (let i = 0; i < c.length; i++) { try { c[i](); } catch (e) { /* ignore */ } }
  }

  function render() {
    clearTimeout(graphRefreshTimer);
    const ae = document.activeElement;
    const refocus = ae && (ae.id === 'kiln-depth' || ae.id === 'kiln-dir') ? ae.id : null;
    cleanupPage();
    const r = parseRoute();
    activeId = null;
    main.className = 'main page-' + r.page;
    document.querySelectorAll('.topnav a').forEach(function (a) {
      a.classList.toggle('current', a.getAttribute('data-nav') === (r.page === 'graph' ? 'graph' : r.page === 'home' ? 'home' : ''));
    });
    if (DATA.error) {
      main.innerHTML = '<div class="page-error" data-testid="data-error">' + esc(DATA.error) + '</div>';
    } else if (r.page === 'home') {
      renderHome();
    } else if (r.page === 'node') {
      const n = byId.get(r.id);
      if (n) { activeId = n.id; renderNode(n); } else renderNotFound('No node with id \u201c' + r.id + '\u201d.');
    } else if (r.page === 'graph') {
      if (r.id != null && !byId.has(r.id)) renderNotFound('No node with id \u201c' + r.id + '\u201d.');
      else { if (r.id) activeId = r.id; renderGraph(r); }
    } else {
      renderNotFound('Unknown page \u201c' + r.path + '\u201d.');
    }
    markActive();
    if (refocus && byIdEl(refocus)) byIdEl(refocus).focus();
    const n = activeId ? byId.get(activeId) : null;
    document.title = (n ? n.name + ' \u00b7 ' : r.page === 'graph' ? 'Lineage \u00b7 ' : '') + projectName + ' \u00b7 kiln docs';
    kd.route = location.hash || '#!/';
    kd.page = r.page;
    rendered = true;
    kd.ready = true;
  }

  function renderNotFound(msg) {
    main.innerHTML = '<div class="not-found" data-testid="not-found"><h1>Not found</h1><p>' + esc(msg) +
      '</p><p><a href="#!/">Back to the overview</a></p></div>';
  }

  // ---------------------------------------------------------------- home
  function renderHome() {
    let h = '<section class="home" data-testid="home"><h1>' + esc(projectName) + '</h1>';
    const meta = [];
    if (project.generated_at) meta.push('Generated ' + esc(project.generated_at));
    if (project.kiln_version) meta.push('kiln ' + esc(project.kiln_version));
    if (project.adapter_type) meta.push('adapter ' + esc(project.adapter_type));
    if (meta.length) h += '<p class="meta">' + meta.join(' \u00b7 ') + '</p>';
    if (project.overview_html) h += '<section class="description project-overview" data-testid="project-overview">' + str(project.overview_html) + '</section>';
    h += '<div class="summary" data-testid="summary">';
    TYPES.forEach(function (t) {
      const c = typeCounts[t] || 0;
      if (!c && KNOWN_TYPES.indexOf(t) < 0) return;
      h += '<div class="summary-card ' + typeClass(t) + (c ? '' : ' empty') + '" data-type="' + esc(t) + '" data-testid="count-' + esc(t) + '">' +
        '<span class="count">' + fmtInt(c) + '</span><span class="label">' + esc(c === 1 ? t : typePlural(t)) + '</span></div>';
    });
    h += '</div>';
    // last-run summary
    const statuses = Object.create(null);
    let ran = 0;
    for (let i = 0; i < nodes.length; i++) {
      const run = nodes[i].run;
      if (run && typeof run === 'object' && run.status) { ran++; statuses[str(run.status)] = (statuses[str(run.status)] || 0) + 1; }
    }
    if (ran) {
      h += '<h2>Last run</h2><div class="run-summary" data-testid="run-summary">';
      Object.keys(statuses).sort().forEach(function (s) {
        h += '<span class="status status-' + esc(s) + '">' + esc(s) + ' <b>' + fmtInt(statuses[s]) + '</b></span>';
      });
      h += '</div>';
    }
    h += '<h2>Explore</h2><p><a class="button" href="#!/graph" data-testid="open-project-graph">Open the project lineage graph</a></p>' +
      '<p class="hint">Browse or search the ' + plural(nodes.length, 'node') + ' in the sidebar (press <kbd>/</kbd> to search, <kbd>Enter</kbd> opens the first match). ' +
      'The filters apply to the list and to the project graph; tests are hidden until you tick them.</p></section>';
    main.innerHTML = h;
    resetScroll();
  }

  // ---------------------------------------------------------------- node page
  const SQL_KW = new Set(('select from where and or not in is null as on join left right inner outer full cross group by order having limit ' +
    'union all distinct case when then else end with insert into values update set delete create table view replace if exists over ' +
    'partition window asc desc between like ilike cast true false qualify using natural lateral except intersect offset fetch first ' +
    'rows row recursive materialized returning merge matched any some exclude interval filter within nulls last').split(' '));
  const SQL_RE = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\})|(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;
  function highlightSql(code) {
    if (code.length > 300000) return esc(code);
    let out = '', last = 0, m;
    SQL_RE.lastIndex = 0;
    while ((m = SQL_RE.exec(code)) !== null) {
      out += esc(code.slice(last, m.index));
      let cls = null;
      if (m[1]) cls = 'tok-jinja';
      else if (m[2]) cls = 'tok-comment';
      else if (m[3]) cls = 'tok-string';
      else if (m[4]) cls = 'tok-ident';
      else if (m[5]) cls = 'tok-number';
      else if (m[6] && SQL_KW.has(m[6].toLowerCase())) cls = 'tok-kw';
      out += cls ? '<span class="' + cls + '">' + esc(m[0]) + '</span>' : esc(m[0]);
      last = SQL_RE.lastIndex;
    }
    return out + esc(code.slice(last));
  }

  function refItem(id, extra) {
    const n = byId.get(id);
    return '<li><a class="node-ref ' + typeClass(n.resource_type) + '" data-id="' + esc(id) + '" href="' + esc(nodeHref(id)) + '" title="' + esc(id) + '">' +
      '<span class="swatch" aria-hidden="true"></span>' + esc(n.name) + '</a> <span class="muted">' + esc(n.resource_type) +
      (extra ? ' \u00b7 ' + extra : '') + '</span></li>';
  }
  function refList(ids, testid, emptyText) {
    if (!ids.length) return '<p class="muted" data-testid="' + testid + '-empty">' + esc(emptyText) + '</p>';
    const list = ids.slice().sort(function (a, b) {
      const x = byId.get(a), y = byId.get(b);
      return (typeOrder[x.resource_type] - typeOrder[y.resource_type]) || x.name.localeCompare(y.name);
    });
    let h = '<ul class="ref-list" data-testid="' + testid + '">';
    const shown = Math.min(list.length, REF_LIMIT);
    for (let i = 0; i < shown; i++) h += refItem(list[i]);
    h += '</ul>';
    if (shown < list.length) h += '<p class="muted">' + fmtInt(list.length - shown) + ' more not shown \u2014 use the lineage graph.</p>';
    return h;
  }
  function testName(t) {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object') return str(t.name || t.test_name || t.type) || JSON.stringify(t);
    return str(t);
  }
  function metaRow(label, valueHtml, testid) {
    return '<div class="meta-item"><dt>' + esc(label) + '</dt><dd' + (testid ? ' data-testid="' + testid + '"' : '') + '>' + valueHtml + '</dd></div>';
  }
  function prettyJson(v) {
    try { return JSON.stringify(v == null ? {} : v, null, 2); } catch (e) { return String(v); }
  }

  function renderNode(n) {
    const t = n.resource_type;
    let h = '<article class="node-page ' + typeClass(t) + '" data-testid="node-page" data-id="' + esc(n.id) + '">';
    h += '<header class="node-head"><div class="node-kicker"><span class="type-badge ' + typeClass(t) + '" data-testid="node-type">' + esc(t) + '</span>' +
      (n.package ? '<span class="pkg" data-testid="node-package">' + esc(n.package) + '</span>' : '') + '</div>' +
      '<h1 data-testid="node-title">' + esc(n.name) + '</h1><div class="node-id mono">' + esc(n.id) + '</div>' +
      '<div class="actions"><button type="button" class="button" data-testid="open-graph">View lineage graph</button></div></header>';

    h += '<section class="description" data-testid="description">' +
      (n.description_html ? n.description_html : '<p class="muted">No description.</p>') + '</section>';

    // details
    let d = '';
    d += metaRow('Materialization', n.materialized ? esc(n.materialized) : '<span class="muted">\u2014</span>', 'materialized');
    d += metaRow('Relation', n.relation ? '<code>' + esc(n.relation) + '</code>' : '<span class="muted">\u2014</span>', 'relation');
    d += metaRow('Path', n.path ? '<code>' + esc(n.path) + '</code>' : '<span class="muted">\u2014</span>', 'path');
    d += metaRow('Package', n.package ? esc(n.package) : '<span class="muted">\u2014</span>', 'package');
    d += metaRow('Tags', n.tags.length ? n.tags.map(function (x) { return '<span class="chip">' + esc(x) + '</span>'; }).join(' ') : '<span class="muted">none</span>', 'tags');
    const run = n.run && typeof n.run === 'object' ? n.run : null;
    let runHtml = '<span class="muted">not run</span>';
    if (run) {
      const parts = [];
      if (run.status != null) parts.push('<span class="status status-' + esc(run.status) + '">' + esc(run.status) + '</span>');
      if (num(run.rows) != null) parts.push(fmtInt(run.rows) + ' rows');
      if (num(run.execution_time) != null) parts.push(fmtSeconds(run.execution_time));
      runHtml = parts.join(' \u00b7 ') || '<span class="muted">\u2014</span>';
      if (run.message) runHtml += '<div class="run-message">' + esc(run.message) + '</div>';
    }
    d += metaRow('Last run', runHtml, 'run');
    const st = n.stats && typeof n.stats === 'object' ? n.stats : null;
    let statsHtml = '<span class="muted">no catalog stats</span>';
    if (st && (num(st.row_count) != null || num(st.bytes) != null)) {
      const sp = [];
      if (num(st.row_count) != null) sp.push(fmtInt(st.row_count) + ' rows');
      if (num(st.bytes) != null) sp.push(esc(fmtBytes(st.bytes)) + ' <span class="muted">(' + fmtInt(st.bytes) + ' bytes)</span>');
      statsHtml = sp.join(' \u00b7 ');
    }
    d += metaRow('Warehouse stats', statsHtml, 'stats');
    h += '<section class="details"><dl class="meta-grid">' + d + '</dl></section>';

    // columns
    h += '<section class="columns-section"><h2>Columns <span class="count">' + fmtInt(n.columns.length) + '</span></h2>' +
      '<div class="table-wrap"><table class="columns-table' + (n.columns.length ? '' : ' is-empty') + '" data-testid="columns"><thead><tr><th>Name</th><th>Type</th><th>Description</th><th>Tests</th></tr></thead><tbody>';
    for (let i = 0; i < n.columns.length; i++) {
      const c = n.columns[i];
      const ts = arr(c.tests).map(testName);
      h += '<tr data-column="' + esc(c.name) + '"><td class="col-name mono">' + esc(c.name) + '</td><td class="col-type mono">' + esc(str(c.type)) +
        '</td><td class="col-desc">' + str(c.description_html) + '</td><td class="col-tests">' +
        ts.map(function (x) { return '<span class="chip test-chip">' + esc(x) + '</span>'; }).join(' ') + '</td></tr>';
    }
    h += '</tbody></table></div>' + (n.columns.length ? '' : '<p class="muted" data-testid="columns-empty">No columns documented.</p>') + '</section>';

    // column lineage touching this node
    const ix = columnIndex();
    const touching = ix.byNode.get(n.id) || [];
    if (touching.length) {
      const inc = [], out = [];
      touching.forEach(function (i) { const e = ix.edges[i]; if (e.t === n.id) inc.push(e); if (e.f === n.id) out.push(e); });
      const colRef = function (id, col) {
        const m = byId.get(id);
        return '<a class="node-ref" data-id="' + esc(id) + '" href="' + esc(nodeHref(id)) + '">' + esc(m.name) + '</a>' +
          (col === null ? ' <span class="muted">(model)</span>' : '.<span class="mono">' + esc(col) + '</span>');
      };
      const edgeRows = function (list, incoming) {
        let s = '';
        const shown = Math.min(list.length, REF_LIMIT);
        for (let i = 0; i < shown; i++) {
          const e = list[i];
          s += '<li>' + (incoming ? colRef(e.f, e.fc) + ' \u2192 <span class="mono">' + (e.tc === null ? '<i>model</i>' : esc(e.tc)) + '</span>'
            : '<span class="mono">' + (e.fc === null ? '<i>model</i>' : esc(e.fc)) + '</span> \u2192 ' + colRef(e.t, e.tc)) +
            ' <span class="kind kind-' + esc(e.kind) + '">' + esc(e.kind) + '</span></li>';
        }
        if (shown < list.length) s += '<li class="muted">' + fmtInt(list.length - shown) + ' more\u2026</li>';
        return s;
      };
      h += '<section class="lineage-section" data-testid="column-lineage"><h2>Column lineage</h2><div class="two-col">' +
        '<div><h3>Into this node</h3>' + (inc.length ? '<ul class="edge-list">' + edgeRows(inc, true) + '</ul>' : '<p class="muted">None.</p>') + '</div>' +
        '<div><h3>Out of this node</h3>' + (out.length ? '<ul class="edge-list">' + edgeRows(out, false) + '</ul>' : '<p class="muted">None.</p>') + '</div>' +
        '</div></section>';
    }

    // lineage lists
    h += '<section class="refs"><div class="two-col"><div><h2>Upstream <span class="count">' + fmtInt(n.depends_on.length) + '</span></h2>' +
      refList(n.depends_on, 'upstream', 'No upstream nodes.') + '</div>';
    const ds = downstream.get(n.id) || [];
    h += '<div><h2>Downstream <span class="count">' + fmtInt(ds.length) + '</span></h2>' + refList(ds, 'downstream', 'No downstream nodes.') + '</div></div>';
    if (n.tested_by.length) h += '<h2>Tests <span class="count">' + fmtInt(n.tested_by.length) + '</span></h2>' + refList(n.tested_by, 'tested-by', '');
    h += '</section>';

    // code
    h += '<section class="code-section"><h2>Compiled SQL</h2>' +
      (n.compiled_code != null ? '<pre class="code" data-testid="compiled-sql">' + highlightSql(n.compiled_code) + '</pre>'
        : '<p class="muted" data-testid="compiled-sql-missing">Not compiled.</p>') + '</section>';
    h += '<section class="code-section"><h2>Source code</h2>' +
      (n.raw_code ? '<pre class="code" data-testid="raw-code">' + highlightSql(n.raw_code) + '</pre>'
        : '<p class="muted" data-testid="raw-code-missing">No source code.</p>') + '</section>';
    h += '<section class="code-section"><h2>Config</h2><pre class="code json" data-testid="config">' + esc(prettyJson(n.config)) + '</pre></section>';
    h += '</article>';
    main.innerHTML = h;
    resetScroll();
    main.querySelector('[data-testid="open-graph"]').addEventListener('click', function () {
      location.hash = graphHref(n.id, DEFAULT_DEPTH);
    });
  }

  // ---------------------------------------------------------------- graph page
  function focusSet(focus, depth, dir) {
    const level = new Map([[focus.id, 0]]);
    function bfs(next, sign) {
      let frontier = [focus.id];
      for (let d = 1; d <= depth && frontier.length; d++) {
        const nf = [];
        for (let i = 0; i < frontier.length; i++) {
          const list = next(frontier[i]);
          if (!list) continue;
          for (let j = 0; j < list.length; j++) {
            const id = list[j];
            if (level.has(id)) continue;
            const m = byId.get(id);
            if (!state.types.has(m.resource_type)) continue;
            level.set(id, sign * d);
            nf.push(id);
          }
        }
        frontier = nf;
      }
    }
    if (dir !== 'down') bfs(function (id) { return byId.get(id).depends_on; }, -1);
    if (dir !== 'up') bfs(function (id) { return downstream.get(id); }, 1);
    const out = [];
    level.forEach(function (_, id) { out.push(byId.get(id)); });
    return out;
  }
  function modelEdges(list) {
    const inSet = new Set(list.map(function (n) { return n.id; }));
    const edges = [];
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      for (let j = 0; j < n.depends_on.length; j++) if (inSet.has(n.depends_on[j])) edges.push([n.depends_on[j], n.id]);
    }
    return edges;
  }

  let currentZoom = null;   // pan/zoom controller of the current graph
  function renderGraph(r) {
    lastGraphTypes = typesSignature();
    const focus = r.id ? byId.get(r.id) : null;
    const list = focus ? focusSet(focus, r.depth, r.dir) : filteredNodes();
    const edges = modelEdges(list);
    const big = list.length > SVG_LIMIT;
    let h = '<section class="graph-page" data-testid="graph-page"><div class="graph-toolbar">';
    if (focus) {
      h += '<div class="graph-title">Lineage of <a class="node-ref ' + typeClass(focus.resource_type) + '" data-testid="graph-node-link" href="' + esc(nodeHref(focus.id)) + '">' +
        '<span class="swatch" aria-hidden="true"></span>' + esc(focus.name) + '</a></div>' +
        '<label class="tool">Depth <input id="kiln-depth" name="depth" type="number" min="0" max="' + MAX_DEPTH + '" step="1" value="' + r.depth + '" data-testid="depth"></label>' +
        '<label class="tool">Direction <select id="kiln-dir" name="direction" data-testid="direction">' +
        ['both', 'up', 'down'].map(function (d) {
          return '<option value="' + d + '"' + (d === r.dir ? ' selected' : '') + '>' + (d === 'both' ? 'up & downstream' : d === 'up' ? 'upstream' : 'downstream') + '</option>';
        }).join('') + '</select></label>' +
        '<a class="tool-link" href="#!/graph" data-testid="project-graph-link">Whole project</a>';
    } else {
      h += '<div class="graph-title">Project lineage <span class="muted">(sidebar filters apply)</span></div>';
    }
    h += '<span class="graph-count" data-testid="graph-count">' + plural(list.length, 'node') + ' \u00b7 ' + plural(edges.length, 'edge') + '</span>' +
      '<span class="zoom-buttons"><button type="button" data-testid="zoom-out" title="Zoom out" aria-label="Zoom out">\u2212</button>' +
      '<button type="button" data-testid="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>' +
      '<button type="button" data-testid="zoom-fit" title="Fit to view">Fit</button></span></div>';
    if (big) {
      h += '<div class="graph-note" data-testid="overview-note">Overview of ' + plural(list.length, 'node') +
        ' \u2014 too many to draw in detail. Click a node, or search in the sidebar, to focus it.</div>';
    }
    h += '<div class="graph-stage" data-testid="graph-stage"></div><div class="graph-legend" data-testid="graph-legend"></div></section>';
    main.innerHTML = h;
    resetScroll();
    const stage = main.querySelector('.graph-stage');

    if (focus) {
      const depthEl = byIdEl('kiln-depth');
      const dirEl = byIdEl('kiln-dir');
      let depthTimer = 0;
      const go = function () {
        clearTimeout(depthTimer);
        depthTimer = 0;
        let d = parseInt(depthEl.value, 10);
        if (!isFinite(d) || d < 0) return;
        d = Math.min(d, MAX_DEPTH);
        const target = graphHref(focus.id, d, dirEl.value);
        if (target !== location.hash) location.hash = target;
      };
      // typing "12" must not navigate to depth 1 first: debounce typing, act at once on change
      depthEl.addEventListener('input', function () { clearTimeout(depthTimer); depthTimer = setTimeout(go, 350); });
      depthEl.addEventListener('change', go);
      dirEl.addEventListener('change', go);
      addCleanup(function () { clearTimeout(depthTimer); });
    }

    renderLegend(main.querySelector('.graph-legend'), list, focus && !big);   // before drawing: it changes the stage height
    currentZoom = null;
    if (!list.length) {
      stage.innerHTML = '<p class="graph-empty" data-testid="graph-empty">No nodes match the current filters.</p>';
    } else if (big) {
      drawCanvas(stage, list, focus, r);
    } else {
      drawSvg(stage, list, edges, focus, r);
    }
    const tb = main.querySelector('.graph-toolbar');
    tb.querySelector('[data-testid="zoom-in"]').addEventListener('click', function () { if (currentZoom) currentZoom.zoomBy(1.25); });
    tb.querySelector('[data-testid="zoom-out"]').addEventListener('click', function () { if (currentZoom) currentZoom.zoomBy(0.8); });
    tb.querySelector('[data-testid="zoom-fit"]').addEventListener('click', function () { if (currentZoom) currentZoom.fit(); });
  }

  function renderLegend(el, list, withKinds) {
    const present = new Set(list.map(function (n) { return n.resource_type; }));
    let h = '';
    TYPES.forEach(function (t) {
      if (present.has(t)) h += '<span class="legend-item ' + typeClass(t) + '"><span class="swatch" aria-hidden="true"></span>' + esc(t) + '</span>';
    });
    if (withKinds) {
      h += '<span class="legend-sep"></span>';
      EDGE_KINDS.forEach(function (k) {
        h += '<span class="legend-item"><svg class="legend-svg" width="26" height="8" aria-hidden="true"><path class="legend-line kind-' + k + (NODE_LEVEL_KINDS[k] ? ' node-level' : '') +
          '" d="M1,4 L25,4"></path></svg>' + k.replace('_', ' ') + '</span>';
      });
      h += '<span class="legend-hint muted">Click a column to trace it; click the background to clear.</span>';
    }
    el.innerHTML = h;
  }

  // ---------------------------------------------------------------- pan / zoom
  function panZoom(el, onChange, getBounds) {
    const s = { k: 1, tx: 0, ty: 0, minK: 0.02, maxK: 4 };
    let drag = null, moved = false;
    function set(k, tx, ty) {
      if (!isFinite(k) || !isFinite(tx) || !isFinite(ty)) return;
      s.k = k; s.tx = tx; s.ty = ty;
      onChange(s);
    }
    function zoomAt(f, cx, cy) {
      const k = clamp(s.k * f, s.minK, s.maxK);
      const ratio = k / s.k;
      set(k, cx - (cx - s.tx) * ratio, cy - (cy - s.ty) * ratio);
    }
    function fit() {
      const b = getBounds();
      const W = el.clientWidth, H = el.clientHeight;
      if (!W || !H || !b || !(b.w > 0) || !(b.h > 0)) { set(1, 0, 0); return; }
      const pad = 24;
      let k = Math.min((W - 2 * pad) / b.w, (H - 2 * pad) / b.h);
      k = clamp(k, 0.005, 1.5);
      s.minK = Math.min(0.1, k / 2);
      set(k, (W - b.w * k) / 2 - b.x * k, (H - b.h * k) / 2 - b.y * k);
    }
    function onDown(e) {
      if (e.button !== 0) return;
      if (e.target.closest && e.target.closest('a')) return;
      drag = { x: e.clientX, y: e.clientY, tx: s.tx, ty: s.ty, id: e.pointerId, active: false };
      moved = false;
    }
    function onMove(e) {
      if (!drag || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.active) {
        if (dx * dx + dy * dy < 16) return;
        drag.active = true;
        moved = true;
        try { el.setPointerCapture(e.pointerId); } catch (err) { /* ignore */ }
        el.classList.add('panning');
      }
      set(s.k, drag.tx + dx, drag.ty + dy);
    }
    function onUp(e) {
      if (!drag) return;
      if (drag.active) {
        try { el.releasePointerCapture(e.pointerId); } catch (err) { /* ignore */ }
        el.classList.remove('panning');
      }
      drag = null;
    }
    function onWheel(e) {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const d = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
      zoomAt(Math.exp(-clamp(d, -300, 300) * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    }
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    el.addEventListener('wheel', onWheel, { passive: false });
    return {
      state: s,
      fit: fit,
      zoomAt: zoomAt,
      zoomBy: function (f) { zoomAt(f, el.clientWidth / 2, el.clientHeight / 2); },
      wasDrag: function () { return moved; },
      isDragging: function () { return !!(drag && drag.active); }
    };
  }
  function publishView(el, s) {
    el.setAttribute('data-scale', String(r1(s.k * 1000) / 1000));
    el.setAttribute('data-tx', String(r1(s.tx)));
    el.setAttribute('data-ty', String(r1(s.ty)));
    kd.view = { scale: s.k, tx: s.tx, ty: s.ty };
  }

  // ---------------------------------------------------------------- SVG graph
  let measureCtx = null;
  let fonts = null;
  function getFonts() {
    if (fonts) return fonts;
    const sans = cssVar('--font', 'system-ui, sans-serif');
    const mono = cssVar('--mono', 'monospace');
    fonts = { name: '600 13px ' + sans, type: '11px ' + sans, col: '12px ' + sans, coltype: '11px ' + mono, ov: sans };
    return fonts;
  }
  function textWidth(s, font) {
    if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
    if (measureCtx.font !== font) measureCtx.font = font;
    return measureCtx.measureText(s).width;
  }
  function truncate(s, font, maxW) {
    if (maxW <= 0) return '';
    if (textWidth(s, font) <= maxW) return s;
    let lo = 0, hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (textWidth(s.slice(0, mid) + '\u2026', font) <= maxW) lo = mid; else hi = mid - 1;
    }
    return s.slice(0, lo) + '\u2026';
  }
  function svgEl(tag, attrs, parent) {
    const el = document.createElementNS(SVGNS, tag);
    if (attrs) for (const k in attrs) if (attrs[k] != null) el.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(el);
    return el;
  }
  function svgText(parent, cls, x, y, text, anchor) {
    const t = svgEl('text', { class: cls, x: x, y: y, 'text-anchor': anchor || null }, parent);
    t.textContent = text;
    return t;
  }
  function pt(x, y) { return r1(x) + ',' + r1(y); }
  function basisPath(p) {
    // d3 curveBasis through the points
    if (p.length < 3) return 'M' + pt(p[0].x, p[0].y) + 'L' + pt(p[p.length - 1].x, p[p.length - 1].y);
    let x0 = p[0].x, y0 = p[0].y, x1 = p[1].x, y1 = p[1].y;
    let d = 'M' + pt(x0, y0) + 'L' + pt((5 * x0 + x1) / 6, (5 * y0 + y1) / 6);
    for (let i = 2; i <= p.length; i++) {
      const x = i < p.length ? p[i].x : x1, y = i < p.length ? p[i].y : y1;
      d += 'C' + pt((2 * x0 + x1) / 3, (2 * y0 + y1) / 3) + ' ' + pt((x0 + 2 * x1) / 3, (y0 + 2 * y1) / 3) + ' ' + pt((x0 + 4 * x1 + x) / 6, (y0 + 4 * y1 + y) / 6);
      x0 = x1; y0 = y1; x1 = x; y1 = y;
    }
    return d + 'L' + pt(x1, y1);
  }
  function hCurve(sx, sy, tx, ty) {
    const dx = tx > sx ? Math.max(24, (tx - sx) / 2) : 60 + (sx - tx) / 4;
    return 'M' + pt(sx, sy) + 'C' + pt(sx + dx, sy) + ' ' + pt(tx - dx, ty) + ' ' + pt(tx, ty);
  }
  function headerPath(w, h, rounded) {
    const r = 6;
    if (rounded) return 'M0,' + r + 'Q0,0 ' + r + ',0H' + r1(w - r) + 'Q' + r1(w) + ',0 ' + r1(w) + ',' + r + 'V' + r1(h - r) + 'Q' + r1(w) + ',' + r1(h) + ' ' + r1(w - r) + ',' + r1(h) + 'H' + r + 'Q0,' + r1(h) + ' 0,' + r1(h - r) + 'Z';
    return 'M0,' + r + 'Q0,0 ' + r + ',0H' + r1(w - r) + 'Q' + r1(w) + ',0 ' + r1(w) + ',' + r + 'V' + r1(h) + 'H0Z';
  }

  function nodeGeom(n, asCard, ix) {
    const F = getFonts();
    const g = { id: n.id, n: n, card: asCard, cols: null, rowOf: null, w: 0, h: HEADER_H, x: 0, y: 0 };
    const typeW = textWidth(n.resource_type, F.type);
    const headW = textWidth(n.name, F.name) + typeW + 12 + 18 + 26;
    if (asCard) {
      const cols = [];
      const rowOf = new Map();
      for (let i = 0; i < n.columns.length; i++) {
        if (rowOf.has(n.columns[i].name)) continue;
        rowOf.set(n.columns[i].name, cols.length);
        cols.push({ name: n.columns[i].name, type: str(n.columns[i].type) });
      }
      const extra = ix.extraCols.get(n.id);
      if (extra) for (let i = 0; i < extra.length; i++) if (!rowOf.has(extra[i])) { rowOf.set(extra[i], cols.length); cols.push({ name: extra[i], type: '' }); }
      let w = headW;
      for (let i = 0; i < cols.length; i++) w = Math.max(w, textWidth(cols[i].name, F.col) + (cols[i].type ? textWidth(cols[i].type, F.coltype) + 16 : 0) + 28);
      g.w = Math.ceil(clamp(w, 190, 380));
      g.cols = cols;
      g.rowOf = rowOf;
      g.h = HEADER_H + Math.max(cols.length, 1) * ROW_H + CARD_PAD;
    } else {
      g.w = Math.ceil(clamp(headW, 120, 320));
    }
    return g;
  }

  function drawSvg(stage, list, edges, focus, r) {
    const withCols = !!focus;
    const ix = withCols ? columnIndex() : null;
    const F = getFonts();
    const geoms = new Map();
    list.forEach(function (n) { geoms.set(n.id, nodeGeom(n, withCols && !!CARD_TYPES[n.resource_type], ix)); });

    const g = new dagre.graphlib.Graph();
    g.setGraph({
      rankdir: 'LR', nodesep: withCols ? 36 : 18, ranksep: withCols ? 110 : 70, edgesep: 12, marginx: 24, marginy: 24,
      ranker: list.length > 150 ? 'tight-tree' : 'network-simplex'
    });
    g.setDefaultEdgeLabel(function () { return {}; });
    geoms.forEach(function (gm) { g.setNode(gm.id, { width: gm.w, height: gm.h }); });
    edges.forEach(function (e) { g.setEdge(e[0], e[1]); });
    dagre.layout(g);
    geoms.forEach(function (gm) {
      const ln = g.node(gm.id);
      gm.x = (isFinite(ln.x) ? ln.x : 0) - gm.w / 2;
      gm.y = (isFinite(ln.y) ? ln.y : 0) - gm.h / 2;
    });
    const gw = g.graph().width || 1, gh = g.graph().height || 1;

    const svg = svgEl('svg', { 'data-testid': 'graph', class: 'graph-svg' + (withCols ? ' focused' : ''), role: 'img', 'aria-label': 'Lineage graph' });
    const defs = svgEl('defs', null, svg);
    const marker = svgEl('marker', { id: 'kiln-arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, defs);
    svgEl('path', { d: 'M0,1 L10,5 L0,9 z', class: 'arrow-head' }, marker);
    const bg = svgEl('rect', { class: 'graph-bg', x: '0', y: '0', width: '100%', height: '100%' }, svg);
    bg.setAttribute('fill', 'transparent');
    const vp = svgEl('g', { class: 'viewport' }, svg);
    const gEdges = svgEl('g', { class: 'edges' }, vp);
    const gColEdges = svgEl('g', { class: 'column-edges' }, vp);
    const gNodes = svgEl('g', { class: 'nodes' }, vp);

    // model-level edges
    const edgeEls = [];
    edges.forEach(function (e) {
      const a = geoms.get(e[0]), b = geoms.get(e[1]);
      const le = g.edge(e[0], e[1]);
      const sx = a.x + a.w, sy = a.y + HEADER_H / 2, tx = b.x, ty = b.y + HEADER_H / 2;
      let d;
      const pts = le && Array.isArray(le.points) ? le.points.filter(function (p) { return isFinite(p.x) && isFinite(p.y); }) : [];
      if (pts.length > 3 && tx > sx) {
        const p = pts.slice();
        p[0] = { x: sx, y: sy };
        p[p.length - 1] = { x: tx, y: ty };
        d = basisPath(p);
      } else {
        d = hCurve(sx, sy, tx, ty);
      }
      const el = svgEl('path', { class: 'edge', d: d, 'data-from': e[0], 'data-to': e[1], 'marker-end': 'url(#kiln-arrow)' }, gEdges);
      edgeEls.push(el);
    });

    // nodes
    const rowEls = new Map();      // colKey -> element
    const nodeEls = new Map();     // id -> element
    geoms.forEach(function (gm) {
      const n = gm.n;
      const cls = 'node ' + typeClass(n.resource_type) + (gm.card ? ' card' : '') + (focus && focus.id === n.id ? ' focus' : '');
      const ng = svgEl('g', { class: cls, 'data-id': n.id, 'data-type': n.resource_type, transform: 'translate(' + pt(gm.x, gm.y) + ')' }, gNodes);
      nodeEls.set(n.id, ng);
      svgEl('title', null, ng).textContent = n.name + ' (' + n.resource_type + ')\n' + n.id;
      if (gm.card) svgEl('rect', { class: 'card-bg', x: '0', y: '0', width: gm.w, height: gm.h, rx: '6', ry: '6' }, ng);
      const head = svgEl('g', { class: 'node-header' }, ng);
      svgEl('path', { class: 'node-head-bg', d: headerPath(gm.w, HEADER_H, !gm.card) }, head);
      svgEl('rect', { class: 'node-band', x: '0', y: gm.card ? '6' : '5', width: '4', height: gm.card ? HEADER_H - 6 : HEADER_H - 10 }, head);
      const typeW = textWidth(n.resource_type, F.type);
      svgText(head, 'node-name', 12, HEADER_H / 2 + 4.5, truncate(n.name, F.name, gm.w - 12 - typeW - 12 - 26));
      svgText(head, 'node-type', gm.w - 30, HEADER_H / 2 + 4, n.resource_type, 'end');
      const link = svgEl('a', { class: 'node-open', href: nodeHref(n.id), 'aria-label': 'Open the ' + n.name + ' page' }, head);
      svgEl('title', null, link).textContent = 'Open node page';
      svgEl('rect', { class: 'node-open-hit', x: gm.w - 26, y: '4', width: '22', height: HEADER_H - 8, rx: '4' }, link);
      svgText(link, 'node-open-icon', gm.w - 15, HEADER_H / 2 + 4.5, '\u2197', 'middle');
      if (gm.card) {
        if (!gm.cols.length) {
          svgText(ng, 'no-columns', 12, HEADER_H + ROW_H / 2 + 4, 'no columns known');
        }
        for (let i = 0; i < gm.cols.length; i++) {
          const c = gm.cols[i];
          const y = HEADER_H + i * ROW_H;
          const row = svgEl('g', { class: 'column', 'data-node': n.id, 'data-column': c.name, transform: 'translate(0,' + y + ')' }, ng);
          svgEl('rect', { class: 'column-bg', x: '1', y: '0', width: gm.w - 2, height: ROW_H }, row);
          const typeText = c.type ? truncate(c.type, F.coltype, gm.w * 0.45) : '';
          const tW = typeText ? textWidth(typeText, F.coltype) + 16 : 0;
          svgText(row, 'column-name', 12, ROW_H / 2 + 4, truncate(c.name, F.col, gm.w - 22 - tW));
          if (typeText) svgText(row, 'column-type', gm.w - 10, ROW_H / 2 + 4, typeText, 'end');
          if (typeText !== c.type || c.name.length > 30) svgEl('title', null, row).textContent = c.name + (c.type ? ' : ' + c.type : '');
          rowEls.set(colKey(n.id, c.name), row);
        }
      }
    });

    // column edges (only between nodes shown)
    const colEdgeEls = [];
    if (withCols) {
      const seenEdge = new Set();
      geoms.forEach(function (gm) {
        const list2 = ix.byNode.get(gm.id);
        if (!list2) return;
        for (let i = 0; i < list2.length; i++) {
          const ei = list2[i];
          if (seenEdge.has(ei)) continue;
          seenEdge.add(ei);
          const e = ix.edges[ei];
          const a = geoms.get(e.f), b = geoms.get(e.t);
          if (!a || !b || e.f === e.t) continue;
          const ay = anchorY(a, e.fc), by = anchorY(b, e.tc);
          const nodeLevel = NODE_LEVEL_KINDS[e.kind] || e.fc === null || e.tc === null;
          const el = svgEl('path', {
            class: 'column-edge kind-' + e.kind.replace(/[^A-Za-z0-9_-]/g, '_') + (nodeLevel ? ' node-level' : ''),
            d: hCurve(a.x + a.w, ay, b.x, by),
            'data-from': colAttr(e.f, e.fc), 'data-to': colAttr(e.t, e.tc), 'data-kind': e.kind
          }, gColEdges);
          svgEl('title', null, el).textContent = a.n.name + '.' + (e.fc === null ? '(model)' : e.fc) + ' \u2192 ' + b.n.name + '.' + (e.tc === null ? '(model)' : e.tc) + '  [' + e.kind + ']';
          colEdgeEls.push({ el: el, i: ei });
        }
      });
    }
    function anchorY(gm, col) {
      if (col === null || !gm.card) return gm.y + HEADER_H / 2;
      const ri = gm.rowOf.get(col);
      return ri == null ? gm.y + HEADER_H / 2 : gm.y + HEADER_H + ri * ROW_H + ROW_H / 2;
    }

    stage.appendChild(svg);
    const pz = panZoom(stage, function (s) {
      vp.setAttribute('transform', 'translate(' + r1(s.tx) + ',' + r1(s.ty) + ') scale(' + (Math.round(s.k * 10000) / 10000) + ')');
      publishView(svg, s);
    }, function () { return { x: 0, y: 0, w: gw, h: gh }; });
    currentZoom = pz;
    pz.fit();

    // highlighting
    let selectedKey = null;
    function clearHighlight() {
      if (selectedKey === null) return;
      selectedKey = null;
      svg.classList.remove('has-highlight');
      svg.querySelectorAll('.highlighted, .dimmed, .selected, .path-target').forEach(function (el) {
        el.classList.remove('highlighted', 'dimmed', 'selected', 'path-target');
      });
      kd.highlight = null;
    }
    function highlight(key) {
      clearHighlight();
      selectedKey = key;
      const p = columnPath(key);
      svg.classList.add('has-highlight');
      rowEls.forEach(function (el, k) {
        const on = p.keys.has(k);
        el.classList.add(on ? 'highlighted' : 'dimmed');
        if (k === key) el.classList.add('selected');
      });
      const lifted = [];
      colEdgeEls.forEach(function (ce) {
        const on = p.edges.has(ce.i);
        ce.el.classList.add(on ? 'highlighted' : 'dimmed');
        if (on) lifted.push(ce.el);
      });
      lifted.forEach(function (el) { gColEdges.appendChild(el); });   // draw on top
      edgeEls.forEach(function (el) { el.classList.add('dimmed'); });
      p.keys.forEach(function (k) {
        if (k.slice(-2) !== '\u0000\u0001') return;
        const ng = nodeEls.get(k.slice(0, -2));
        if (ng) ng.classList.add('path-target');
      });
      kd.highlight = { columns: rowEls.size ? svg.querySelectorAll('.column.highlighted').length : 0, edges: lifted.length };
    }

    let clickTimer = 0;
    addCleanup(function () { clearTimeout(clickTimer); });
    stage.addEventListener('click', function (e) {
      if (pz.wasDrag()) return;
      const t = e.target;
      if (t.closest('a')) return;                    // node-open link: default navigation
      const row = t.closest('.column');
      if (row) {
        const key = colKey(row.getAttribute('data-node'), row.getAttribute('data-column'));
        if (key === selectedKey) clearHighlight(); else highlight(key);
        return;
      }
      const head = t.closest('.node');
      if (head) {
        const id = head.getAttribute('data-id');
        if (!t.closest('.node-header')) return;
        clearTimeout(clickTimer);
        clickTimer = setTimeout(function () {
          clickTimer = 0;
          const target = graphHref(id, focus ? r.depth : DEFAULT_DEPTH, focus ? r.dir : 'both');
          if (target !== location.hash) location.hash = target;
        }, CLICK_DELAY);
        return;
      }
      clearHighlight();
    });
    stage.addEventListener('dblclick', function (e) {
      const head = e.target.closest('.node');
      if (!head || e.target.closest('.column')) return;
      clearTimeout(clickTimer);
      clickTimer = 0;
      location.hash = nodeHref(head.getAttribute('data-id'));
    });
    const onKey = function (e) { if (e.key === 'Escape') clearHighlight(); };
    document.addEventListener('keydown', onKey);
    addCleanup(function () { document.removeEventListener('keydown', onKey); });
  }

  // ---------------------------------------------------------------- canvas overview
  let typeColors = null;
  function getTypeColors() {
    if (typeColors) return typeColors;
    typeColors = {};
    KNOWN_TYPES.concat(['other']).forEach(function (t) { typeColors[t] = cssVar('--c-' + t, FALLBACK_COLORS[t]); });
    return typeColors;
  }

  function drawCanvas(stage, list, focus, r) {
    const N = list.length;
    const xs = new Float64Array(N), ys = new Float64Array(N);
    const index = new Map();
    const missing = [];
    let minX = Infinity, maxY = -Infinity;
    for (let i = 0; i < N; i++) {
      const n = list[i];
      index.set(n.id, i);
      const xy = n.xy;
      if (Array.isArray(xy) && typeof xy[0] === 'number' && typeof xy[1] === 'number' && isFinite(xy[0]) && isFinite(xy[1])) {
        xs[i] = xy[0] + OV_W / 2; ys[i] = xy[1] + OV_H / 2;   // xs/ys hold box centres
        if (xs[i] < minX) minX = xs[i];
        if (ys[i] > maxY) maxY = ys[i];
      } else missing.push(i);
    }
    if (missing.length) {
      // grid after the placed nodes
      const cols = Math.max(1, Math.ceil(Math.sqrt(missing.length * 4)));
      const x0 = minX === Infinity ? 0 : minX;
      const y0 = maxY === -Infinity ? 0 : maxY + OV_H * 4;
      for (let j = 0; j < missing.length; j++) {
        xs[missing[j]] = x0 + (j % cols) * (OV_W + 40);
        ys[missing[j]] = y0 + Math.floor(j / cols) * (OV_H + 24);
      }
    }
    const ev = [];
    for (let i = 0; i < N; i++) {
      const deps = list[i].depends_on;
      for (let j = 0; j < deps.length; j++) { const a = index.get(deps[j]); if (a !== undefined) ev.push(a, i); }
    }
    const E = Int32Array.from(ev);
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (let i = 0; i < N; i++) {
      if (xs[i] < bx0) bx0 = xs[i];
      if (xs[i] > bx1) bx1 = xs[i];
      if (ys[i] < by0) by0 = ys[i];
      if (ys[i] > by1) by1 = ys[i];
    }
    const bounds = { x: bx0 - OV_W / 2 - 20, y: by0 - OV_H / 2 - 20, w: bx1 - bx0 + OV_W + 40, h: by1 - by0 + OV_H + 40 };
    // per-type buckets
    const colors = getTypeColors();
    const buckets = new Map();
    for (let i = 0; i < N; i++) {
      const t = KNOWN_TYPES.indexOf(list[i].resource_type) >= 0 ? list[i].resource_type : 'other';
      push(buckets, t, i);
    }
    const labels = new Array(N);
    const focusIdx = focus ? index.get(focus.id) : -1;
    const F = getFonts();
    const REF_FONT = '600 12px ' + F.ov;

    const canvas = document.createElement('canvas');
    canvas.className = 'graph-canvas';
    canvas.setAttribute('data-testid', 'graph-canvas');
    canvas.setAttribute('data-nodes', String(N));
    canvas.setAttribute('data-edges', String(E.length / 2));
    const tip = document.createElement('div');
    tip.className = 'canvas-tip';
    tip.hidden = true;
    stage.appendChild(canvas);
    stage.appendChild(tip);
    const ctx = canvas.getContext('2d');
    let W = 0, H = 0, dpr = 1, raf = 0, hover = -1;

    function resize() {
      W = stage.clientWidth; H = stage.clientHeight;
      dpr = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(W * dpr));
      canvas.height = Math.max(1, Math.round(H * dpr));
      canvas.style.width = W + 'px';
      canvas.style.height = H + 'px';
    }
    function schedule() { if (!raf) raf = requestAnimationFrame(draw); }
    function labelOf(i) {
      let l = labels[i];
      if (l === undefined) l = labels[i] = truncate(list[i].name, REF_FONT, OV_W - 20);
      return l;
    }
    function draw() {
      raf = 0;
      const s = pz.state, k = s.k, tx = s.tx, ty = s.ty;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      const vx0 = -tx / k, vy0 = -ty / k, vx1 = (W - tx) / k, vy1 = (H - ty) / k;
      const hw = OV_W / 2, hh = OV_H / 2;
      const mx = 40 / k;
      // edges
      let drawnEdges = 0;
      const curved = k > 0.12;
      ctx.beginPath();
      for (let e = 0; e < E.length; e += 2) {
        const a = E[e], b = E[e + 1];
        const ax = xs[a] + hw, ay = ys[a], bx = xs[b] - hw, by = ys[b];
        if ((ax > bx ? ax : bx) < vx0 - mx || (ax < bx ? ax : bx) > vx1 + mx || (ay > by ? ay : by) < vy0 || (ay < by ? ay : by) > vy1) continue;
        const sx = ax * k + tx, sy = ay * k + ty, ex = bx * k + tx, ey = by * k + ty;
        ctx.moveTo(sx, sy);
        if (curved) {
          const dx = ex > sx ? Math.max(12, (ex - sx) / 2) : 30;
          ctx.bezierCurveTo(sx + dx, sy, ex - dx, ey, ex, ey);
        } else ctx.lineTo(ex, ey);
        drawnEdges++;
      }
      ctx.lineWidth = 1;
      ctx.strokeStyle = k > 0.3 ? 'rgba(100,116,139,0.55)' : 'rgba(100,116,139,0.28)';
      ctx.stroke();
      // highlight edges of the hovered / focused node
      [hover, focusIdx].forEach(function (hi) {
        if (hi == null || hi < 0) return;
        ctx.beginPath();
        for (let e = 0; e < E.length; e += 2) {
          if (E[e] !== hi && E[e + 1] !== hi) continue;
          const a = E[e], b = E[e + 1];
          const sx = (xs[a] + hw) * k + tx, sy = ys[a] * k + ty, ex = (xs[b] - hw) * k + tx, ey = ys[b] * k + ty;
          ctx.moveTo(sx, sy);
          const dx = ex > sx ? Math.max(12, (ex - sx) / 2) : 30;
          ctx.bezierCurveTo(sx + dx, sy, ex - dx, ey, ex, ey);
        }
        ctx.lineWidth = 1.6;
        ctx.strokeStyle = 'rgba(217,119,6,0.9)';
        ctx.stroke();
      });
      // nodes
      const sw = OV_W * k, sh = OV_H * k;
      const detailed = sh >= 12;
      const withLabels = sh >= 15;
      let drawn = 0;
      buckets.forEach(function (idxs, t) {
        const color = colors[t] || colors.other;
        ctx.beginPath();
        const visible = [];
        for (let j = 0; j < idxs.length; j++) {
          const i = idxs[j];
          const x = xs[i], y = ys[i];
          if (x + hw < vx0 || x - hw > vx1 || y + hh < vy0 || y - hh > vy1) continue;
          const px = (x - hw) * k + tx, py = (y - hh) * k + ty;
          if (detailed) { ctx.rect(px, py, sw, sh); visible.push(i); } else ctx.rect(px, py, Math.max(sw, 2), Math.max(sh, 2));
          drawn++;
        }
        if (detailed) {
          ctx.fillStyle = '#ffffff';
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = color;
          ctx.stroke();
          ctx.beginPath();
          for (let j = 0; j < visible.length; j++) {
            const i = visible[j];
            ctx.rect((xs[i] - hw) * k + tx, (ys[i] - hh) * k + ty, Math.max(3, 5 * k), sh);
          }
          ctx.fillStyle = color;
          ctx.fill();
          if (withLabels) {
            ctx.fillStyle = '#0f172a';
            ctx.font = '600 ' + r1(12 * k) + 'px ' + F.ov;
            ctx.textBaseline = 'middle';
            for (let j = 0; j < visible.length; j++) {
              const i = visible[j];
              ctx.fillText(labelOf(i), (xs[i] - hw + 12) * k + tx, ys[i] * k + ty);
            }
          }
        } else {
          ctx.fillStyle = color;
          ctx.fill();
        }
      });
      [focusIdx, hover].forEach(function (hi, n) {
        if (hi == null || hi < 0) return;
        ctx.lineWidth = n === 0 ? 3 : 2;
        ctx.strokeStyle = n === 0 ? '#0f172a' : '#d97706';
        ctx.strokeRect((xs[hi] - hw) * k + tx - 2, (ys[hi] - hh) * k + ty - 2, Math.max(sw, 2) + 4, Math.max(sh, 2) + 4);
      });
      canvas.setAttribute('data-drawn-nodes', String(drawn));
      canvas.setAttribute('data-drawn-edges', String(drawnEdges));
      canvas.setAttribute('data-labels', withLabels ? 'on' : 'off');
    }
    function hit(clientX, clientY) {
      const rect = stage.getBoundingClientRect();
      const s = pz.state;
      const wx = (clientX - rect.left - s.tx) / s.k, wy = (clientY - rect.top - s.ty) / s.k;
      const tol = 3 / s.k;
      const hw = OV_W / 2 + tol, hh = OV_H / 2 + tol;
      let best = -1, bestD = Infinity;
      for (let i = 0; i < N; i++) {
        const dx = Math.abs(wx - xs[i]), dy = Math.abs(wy - ys[i]);
        if (dx <= hw && dy <= hh) {
          const d = dx * dx + dy * dy;
          if (d < bestD) { bestD = d; best = i; }
        }
      }
      return best;
    }

    resize();
    const pz = panZoom(stage, function (s) { publishView(canvas, s); schedule(); }, function () { return bounds; });
    currentZoom = pz;
    pz.fit();
    draw();

    stage.addEventListener('click', function (e) {
      if (pz.wasDrag()) return;
      const i = hit(e.clientX, e.clientY);
      if (i < 0) return;
      const target = graphHref(list[i].id, focus ? r.depth : DEFAULT_DEPTH, focus ? r.dir : 'both');
      if (target !== location.hash) location.hash = target;
    });
    let hoverRaf = 0, lastMove = null;
    stage.addEventListener('pointermove', function (e) {
      lastMove = e;
      if (hoverRaf) return;
      hoverRaf = requestAnimationFrame(function () {
        hoverRaf = 0;
        const ev2 = lastMove;
        const i = pz.isDragging() ? -1 : hit(ev2.clientX, ev2.clientY);
        if (i !== hover) {
          hover = i;
          stage.classList.toggle('over-node', i >= 0);
          schedule();
        }
        if (i >= 0) {
          const rect = stage.getBoundingClientRect();
          tip.textContent = list[i].name + ' \u00b7 ' + list[i].resource_type;
          tip.style.left = Math.min(ev2.clientX - rect.left + 14, Math.max(0, W - 260)) + 'px';
          tip.style.top = (ev2.clientY - rect.top + 14) + 'px';
          tip.hidden = false;
        } else tip.hidden = true;
      });
    });
    stage.addEventListener('pointerleave', function () {
      tip.hidden = true;
      if (hover >= 0) { hover = -1; stage.classList.remove('over-node'); schedule(); }
    });
    const onResize = function () { resize(); schedule(); };
    window.addEventListener('resize', onResize);
    addCleanup(function () {
      window.removeEventListener('resize', onResize);
      if (raf) cancelAnimationFrame(raf);
      if (hoverRaf) cancelAnimationFrame(hoverRaf);
      raf = hoverRaf = 0;
    });
  }

  // ---------------------------------------------------------------- start
  initSidebar();
  renderList();
  window.addEventListener('hashchange', render);
  render();
  // build the column-lineage index while the user reads the first page
  if (!colIndex && !DATA.error) {
    const build = function () { columnIndex(); };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(build, { timeout: 3000 }); else setTimeout(build, 200);
  }
})();
