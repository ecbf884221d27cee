/* kg network page: reads the JSON payload, draws it with vis-network, wires search, filters and the details panel.
 *
 * Safety rule for this file: every string that comes from the data (names, sentences, titles, URLs) reaches the page
 * through textContent, a canvas label or vis-network's text tooltip; it is never parsed as HTML.
 * Only http(s) URLs become links. */
(function () {
  "use strict";

  const timing = { start: performance.now() };      // milliseconds per start-up step, for diagnosing large graphs
  const mark = step => { timing[step] = Math.round(performance.now() - timing.start); };
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  mark("parsed");
  const root = document.documentElement;
  const LARGE = Boolean(data.meta.large);      // physics off, positions computed in Python
  const DIM_LIMIT = 4000;                      // above this, highlight by selection instead of re-colouring every node
  const HEADLINE = data.style.headline;         // from kg/data/vocabulary.json, like every style below
  const FADED_NODE = { background: "#eceef0", border: "#d5d9dd" };
  const FADED_TEXT = "#c3c8cd";
  const SVG_NS = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------ DOM helpers (text only)
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function safeHref(url) {
    if (typeof url !== "string") return null;
    let u;
    try { u = new URL(url); } catch (e) { return null; }
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  }
  function svg(width, height) {
    const s = document.createElementNS(SVG_NS, "svg");
    s.setAttribute("width", String(width));
    s.setAttribute("height", String(height));
    s.setAttribute("viewBox", "0 0 " + width + " " + height);
    s.setAttribute("aria-hidden", "true");
    return s;
  }
  function shapeSwatch(st) {
    const s = svg(16, 16);
    let shape;
    if (st.shape === "triangle") { shape = document.createElementNS(SVG_NS, "polygon"); shape.setAttribute("points", "8,1.5 15,14.5 1,14.5"); }
    else if (st.shape === "square") { shape = document.createElementNS(SVG_NS, "rect"); ["x", "y"].forEach(a => shape.setAttribute(a, "2")); ["width", "height"].forEach(a => shape.setAttribute(a, "12")); }
    else if (st.shape === "diamond") { shape = document.createElementNS(SVG_NS, "polygon"); shape.setAttribute("points", "8,1 15,8 8,15 1,8"); }
    else { shape = document.createElementNS(SVG_NS, "circle"); shape.setAttribute("cx", "8"); shape.setAttribute("cy", "8"); shape.setAttribute("r", "6.5"); }
    shape.setAttribute("fill", st.color);
    shape.setAttribute("stroke", st.border);
    s.appendChild(shape);
    return s;
  }
  function lineSwatch(st) {
    const s = svg(36, 12);
    const line = document.createElementNS(SVG_NS, "line");
    [["x1", "1"], ["y1", "6"], ["x2", "35"], ["y2", "6"]].forEach(([k, v]) => line.setAttribute(k, v));
    line.setAttribute("stroke", st.color);
    line.setAttribute("stroke-width", String(Math.min(st.width, 4)));
    if (st.dashes) line.setAttribute("stroke-dasharray", st.dashes.join(" "));
    s.appendChild(line);
    return s;
  }

  // ------------------------------------------------------------------ data indexes
  const style = data.style;
  const own = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);   // a type named "constructor" is just a name
  const typeStyle = t => own(style.types, t) ? style.types[t] : style.other;
  const predStyle = p => own(style.predicates, p) ? style.predicates[p] : style.otherPredicate;
  const groupOf = t => own(style.types, t) ? t : "kg-other";
  // The payload is columnar (one list per field: far faster for Python to write); rebuild one object per row here.
  function rows(table, names) {
    const first = table[names[0]] || [];
    return first.map((_, i) => {
      const row = { id: i };
      names.forEach(name => { if (table[name]) row[name] = table[name][i]; });
      return row;
    });
  }
  const nodes = rows(data.nodes, ["iri", "type", "name", "label", "aliases", "kind", "date", "status", "size", "centrality", "x", "y"]);
  const articles = rows(data.articles, ["id", "title", "published", "url", "source"]);
  const evidence = rows(data.evidence, ["sentence", "article", "speaker"]);
  const edges = rows(data.edges, ["from", "to", "predicate", "bend"]);
  edges.forEach(e => { e.evidence = evidence.slice(data.edges.evidence[e.id], data.edges.evidence[e.id + 1]); });
  const incident = nodes.map(() => []);                  // node id -> edge ids
  const nodeArticles = nodes.map(() => new Set());        // node id -> article indexes its facts come from
  edges.forEach(e => {
    incident[e.from].push(e.id);
    if (e.to !== e.from) incident[e.to].push(e.id);
    e.evidence.forEach(ev => {
      if (ev.article !== null && ev.article !== undefined) { nodeArticles[e.from].add(ev.article); nodeArticles[e.to].add(ev.article); }
    });
  });

  // ------------------------------------------------------------------ vis items
  function nodeColors(n, faded) {
    const st = typeStyle(n.type);
    return {
      id: n.id,
      color: { background: faded ? FADED_NODE.background : st.color, border: faded ? FADED_NODE.border : st.border,
        highlight: { background: st.color, border: "#111" }, hover: { background: st.color, border: "#111" } },
      font: Object.assign({ color: faded ? FADED_TEXT : "#1d2329" }, !LARGE && CENTRAL.has(n.id) ? { size: 24, bold: true } : {}),
    };
  }
  // the most central nodes keep a label large enough to read at any zoom
  const CENTRAL = new Set(nodes.slice().sort((a, b) => b.centrality - a.centrality || a.id - b.id)
    .slice(0, Math.min(12, Math.max(3, Math.ceil(nodes.length / 20)))).filter(n => n.centrality > 0).map(n => n.id));
  function visNode(n) {
    // colour and shape come from the type's group: per-node style objects would cost seconds at 50k nodes
    const item = { id: n.id, label: n.label, group: groupOf(n.type), size: n.size };
    if (!LARGE && CENTRAL.has(n.id)) item.font = { size: 24, bold: true };
    if (!LARGE) item.title = (n.type || "Resource") + ": " + n.name + (n.aliases.length ? "\nalso: " + n.aliases.join(", ") : "");
    if (typeof n.x === "number") { item.x = n.x; item.y = n.y; }
    return item;
  }
  function edgeColors(e, faded) {
    const st = predStyle(e.predicate);
    return {
      id: e.id,
      color: { color: faded ? "#e4e7ea" : st.color, highlight: st.color, hover: st.color, inherit: false, opacity: 1 },
      font: { size: st.font, color: faded ? "#d4d8dc" : st.color, strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
    };
  }
  function visEdge(e) {
    const st = predStyle(e.predicate);
    if (LARGE) {
      // colour and width only: dashes, labels and tooltips make 100k edges slow to build and draw; the panel has it all
      return { id: e.id, from: e.from, to: e.to, color: st.color, width: Math.min(st.width, 2) };
    }
    const title = e.predicate + " · " + e.evidence.length + " evidence sentence" + (e.evidence.length === 1 ? "" : "s");
    const item = Object.assign(edgeColors(e, false), {
      from: e.from, to: e.to, label: e.predicate, width: st.width, dashes: st.dashes || false, title: title,
      length: HEADLINE.indexOf(e.predicate) >= 0 ? 210 : 140,   // room for the labels of the facts that matter most
      arrows: { to: { enabled: true, scaleFactor: st.arrow } },
    });
    if (e.bend) {  // parallel edges between the same two nodes bend apart instead of overlapping
      item.smooth = { enabled: true, type: e.bend % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(e.bend / 2) };
    }
    return item;
  }
  function groups() {
    const out = { "kg-other": groupStyle(style.other) };
    Object.keys(style.types).forEach(t => { out[t] = groupStyle(style.types[t]); });
    return out;
  }
  function groupStyle(st) {
    return { shape: st.shape, color: { background: st.color, border: st.border,
      highlight: { background: st.color, border: "#111" }, hover: { background: st.color, border: "#111" } } };
  }

  // Parallel facts between the same two nodes are drawn as one line whose label lists the predicates with their
  // evidence counts ("proposed (1) · postponed (5) · participant (2)"), so no label lies on top of another.
  const HEAD_RANK = p => { const i = HEADLINE.indexOf(p); return i < 0 ? 99 : i; };
  function mergedEdges(shown) {
    const byPair = new Map();
    edges.forEach(e => {
      if (!shown[e.id]) return;
      const key = Math.min(e.from, e.to) + "-" + Math.max(e.from, e.to);
      if (!byPair.has(key)) byPair.set(key, []);
      byPair.get(key).push(e.id);
    });
    const out = [];
    byPair.forEach((ids, key) => {
      ids.sort((a, b) => HEAD_RANK(edges[a].predicate) - HEAD_RANK(edges[b].predicate) || a - b);
      const lead = edges[ids[0]];
      if (ids.length === 1) { out.push(Object.assign(visEdge(lead), { id: "m" + key, facts: ids })); return; }
      const counts = new Map();
      ids.forEach(i => counts.set(edges[i].predicate, (counts.get(edges[i].predicate) || 0) + Math.max(1, edges[i].evidence.length)));
      const label = [...counts].map(([p, c]) => p + " (" + c + ")").join(" · ");
      const forward = ids.every(i => edges[i].from === lead.from), backward = ids.every(i => edges[i].from === lead.to);
      const item = Object.assign(visEdge(lead), { id: "m" + key, facts: ids, label: label, title: label, smooth: false,
        width: Math.max(...ids.map(i => predStyle(edges[i].predicate).width)) + 1, from: lead.from, to: lead.to });
      item.arrows = forward || backward ? { to: { enabled: forward, scaleFactor: 0.8 }, from: { enabled: backward && !forward, scaleFactor: 0.8 } }
        : { to: { enabled: true, scaleFactor: 0.8 }, from: { enabled: true, scaleFactor: 0.8 } };
      out.push(item);
    });
    return out;
  }

  mark("rows");
  const nodeSet = new vis.DataSet(nodes.map(visNode));
  const edgeSet = new vis.DataSet(LARGE ? edges.map(visEdge) : []);
  mark("datasets");

  // ------------------------------------------------------------------ filters
  const hiddenTypes = new Set(), hiddenPreds = new Set();
  const articleOn = articles.map(() => true);
  let nodeShown = nodes.map(() => true), edgeShown = edges.map(() => true);
  // entities no fact mentions (a publisher, a byline, a place in a dateline) are hidden until asked for
  let showFactless = false;
  // the date range: article publication dates, oldest to newest; an undated article counts only when the range is whole
  const DATES = [...new Set(articles.map(a => a.published).filter(Boolean))].sort();
  let dateFrom = 0, dateTo = Math.max(0, DATES.length - 1);
  const articleInRange = i => {
    if (dateFrom === 0 && dateTo === DATES.length - 1) return true;
    const d = articles[i].published;
    return Boolean(d) && d >= DATES[dateFrom] && d <= DATES[dateTo];
  };

  function computeVisibility() {
    const allArticles = articleOn.every(Boolean) && (DATES.length === 0 || (dateFrom === 0 && dateTo === DATES.length - 1));
    const typeShown = nodes.map(n => !hiddenTypes.has(n.type));
    edgeShown = edges.map(e => {
      if (hiddenPreds.has(e.predicate) || !typeShown[e.from] || !typeShown[e.to]) return false;
      if (allArticles || e.evidence.length === 0) return true;
      return e.evidence.some(ev => ev.article !== null && articleOn[ev.article] && articleInRange(ev.article));
    });
    // a node is drawn while one of its facts is: filters that remove every fact of a node remove the node too
    const hasFact = nodes.map(() => false);
    edges.forEach(e => { if (edgeShown[e.id]) { hasFact[e.from] = true; hasFact[e.to] = true; } });
    nodeShown = nodes.map(n => typeShown[n.id] && (hasFact[n.id] || (incident[n.id].length === 0 && showFactless)));
  }
  const nodeView = new vis.DataView(nodeSet, { filter: item => nodeShown[item.id] });
  const edgeView = new vis.DataView(edgeSet, { filter: item => LARGE ? edgeShown[item.id] : true });
  function redrawEdges() {
    if (LARGE) return;
    edgeSet.clear();
    edgeSet.add(mergedEdges(edgeShown));
  }

  function applyFilters() {
    computeVisibility();
    redrawEdges();
    nodeView.refresh();
    edgeView.refresh();
    updateStatus();
  }
  function resetFilters() {
    hiddenTypes.clear(); hiddenPreds.clear(); articleOn.fill(true);
    dateFrom = 0; dateTo = Math.max(0, DATES.length - 1);
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(box => { box.checked = box.id !== "kg-factless"; });
    document.querySelectorAll("#kg-filters input[type=range]").forEach(r => { r.value = r.id === "kg-date-from" ? 0 : DATES.length - 1; });
    showDateRange();
    applyFilters();
  }
  function showDateRange() {
    const out = document.getElementById("kg-date-range");
    if (out) out.textContent = DATES.length ? DATES[dateFrom] + " – " + DATES[dateTo] : "no dated article";
  }

  function filterRow(container, swatch, name, count, checked, onChange, extra, nameClass) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", () => onChange(box.checked));
    label.appendChild(box);
    if (swatch) label.appendChild(swatch);
    label.appendChild(el("span", nameClass || null, name));
    if (extra) label.appendChild(extra);
    label.appendChild(el("span", "kg-count", count.toLocaleString()));
    container.appendChild(label);
    return box;
  }
  function countBy(items, key) {
    const m = new Map();
    items.forEach(x => m.set(key(x), (m.get(key(x)) || 0) + 1));
    return m;
  }
  function buildFilters() {
    const typeCounts = countBy(nodes, n => n.type);
    const typeBox = document.getElementById("kg-filter-types");
    const typeOrder = Object.keys(style.types).concat([...typeCounts.keys()].filter(t => !own(style.types, t)).sort());
    typeOrder.forEach(t => {
      if (!typeCounts.has(t) && !own(style.types, t)) return;
      filterRow(typeBox, shapeSwatch(typeStyle(t)), t || "other", typeCounts.get(t) || 0, true,
        on => { if (on) hiddenTypes.delete(t); else hiddenTypes.add(t); applyFilters(); });
    });

    const predCounts = countBy(edges, e => e.predicate);
    const predBox = document.getElementById("kg-filter-predicates");
    Object.keys(style.predicates).concat([...predCounts.keys()].filter(p => !own(style.predicates, p)).sort()).forEach(p => {
      filterRow(predBox, lineSwatch(predStyle(p)), p, predCounts.get(p) || 0, true,
        on => { if (on) hiddenPreds.delete(p); else hiddenPreds.add(p); applyFilters(); });
    });

    const factCounts = articles.map(() => 0);
    edges.forEach(e => new Set(e.evidence.map(ev => ev.article)).forEach(a => { if (a !== null) factCounts[a] += 1; }));
    const artBox = document.getElementById("kg-filter-articles");
    const artBoxes = articles.map((a, i) => {
      const date = a.published ? el("span", "kg-article-date", a.published) : null;
      const box = filterRow(artBox, null, a.title || a.id, factCounts[i], true, on => { articleOn[i] = on; applyFilters(); },
        date, "kg-article-name");
      box.parentNode.title = (a.title ? a.title + "\n" : "") + a.id + (a.published ? " · " + a.published : "");
      return box;
    });
    if (!articles.length) artBox.appendChild(el("p", "kg-none", "no evidence in this view"));
    const factless = nodes.filter(n => incident[n.id].length === 0).length;
    const fl = filterRow(typeBox, null, "with no facts (publishers, bylines)", factless, false,
      on => { showFactless = on; applyFilters(); }, null, "kg-factless-name");
    fl.id = "kg-factless";

    if (DATES.length > 1) {
      const box = el("div", "kg-date-filter");
      box.appendChild(el("h2", null, "Published"));
      const range = el("p", "kg-date-range");
      range.id = "kg-date-range";
      box.appendChild(range);
      ["from", "to"].forEach(which => {
        const r = el("input");
        r.type = "range"; r.min = "0"; r.max = String(DATES.length - 1); r.step = "1";
        r.value = which === "from" ? "0" : String(DATES.length - 1);
        r.id = "kg-date-" + which;
        r.setAttribute("aria-label", "published " + which);
        r.addEventListener("input", () => {
          const v = Number(r.value);
          if (which === "from") { dateFrom = Math.min(v, dateTo); r.value = String(dateFrom); }
          else { dateTo = Math.max(v, dateFrom); r.value = String(dateTo); }
          showDateRange();
          applyFilters();
        });
        box.appendChild(r);
      });
      artBox.parentNode.insertBefore(box, artBox);
      showDateRange();
    }
    const setAll = on => { articleOn.fill(on); artBoxes.forEach(b => { b.checked = on; }); applyFilters(); };
    document.getElementById("kg-articles-all").addEventListener("click", () => setAll(true));
    document.getElementById("kg-articles-none").addEventListener("click", () => setAll(false));
  }

  function updateStatus() {
    const status = document.getElementById("kg-status");
    clear(status);
    const shownNodes = nodeView.length, shownEdges = edgeShown.filter(Boolean).length;
    root.dataset.nodeCount = String(shownNodes);
    root.dataset.edgeCount = String(shownEdges);        // facts shown; parallel ones share a line
    root.dataset.lineCount = String(edgeView.length);
    let text = shownNodes.toLocaleString() + " of " + nodes.length.toLocaleString() + " nodes · " +
      shownEdges.toLocaleString() + " of " + edges.length.toLocaleString() + " edges";
    if (shownNodes === nodes.length && shownEdges === edges.length) {
      text = nodes.length.toLocaleString() + " nodes · " + edges.length.toLocaleString() + " edges";
    }
    status.appendChild(el("span", null, text));
    if (data.meta.note) {
      status.appendChild(el("br"));
      status.appendChild(el("span", "kg-note", data.meta.note));
    }
  }

  // ------------------------------------------------------------------ network
  const container = document.getElementById("kg-network");
  const options = {
    autoResize: true,
    // labels smaller than drawThreshold pixels are skipped: a zoomed-out large graph stays fast, a small one stays readable
    nodes: { borderWidth: 1.5, scaling: { label: { enabled: false, drawThreshold: LARGE ? 7 : 3 } },
      font: { color: "#1d2329", size: 14, strokeWidth: 3, strokeColor: "#ffffff", face: "system-ui, sans-serif" } },
    edges: { selectionWidth: 1.5, hoverWidth: 0.5, scaling: { label: { enabled: false, drawThreshold: LARGE ? 7 : 4 } },
      font: { face: "system-ui, sans-serif" }, arrows: { to: { enabled: true, scaleFactor: LARGE ? 0.4 : 1 } },
      smooth: LARGE ? false : { enabled: true, type: "continuous", roundness: 0.35 } },
    groups: groups(),
    layout: { improvedLayout: !LARGE && nodes.length <= 300, randomSeed: 7 },
    physics: LARGE ? false : {
      // ForceAtlas2 spreads the dense core of a news graph (a few leaders, many meetings) better than Barnes-Hut
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -140, centralGravity: 0.015, springLength: 130, springConstant: 0.05, damping: 0.4, avoidOverlap: 0.9 },
      stabilization: { enabled: true, iterations: 600, fit: true },
    },
    interaction: { hover: !LARGE, tooltipDelay: 300, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE, navigationButtons: false, keyboard: false, multiselect: false },
  };
  computeVisibility();
  nodeView.refresh();   // the views were made before the first visibility pass (entities with no fact start hidden)
  mark("filters");
  let network = null;
  function drawNetwork() {
    network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    mark("network");
    if (!LARGE) {
      // once laid out the drawing holds still, so an analyst can drag nodes apart without the rest moving
      network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
    }
    network.on("click", onClick);
    network.once("afterDrawing", () => {
      mark("drawn");
      document.getElementById("kg-busy").hidden = true;
      root.dataset.ready = "true";
    });
    window.kgNetwork = network;
  }

  // ------------------------------------------------------------------ neighbourhood highlight
  let dimmed = false;
  function highlight(nodeId) {
    const hood = new Set(network.getConnectedNodes(nodeId));
    hood.add(nodeId);
    if (nodes.length > DIM_LIMIT) {
      network.selectNodes([...hood], true);
      return;
    }
    nodeSet.update(nodes.map(n => nodeColors(n, !hood.has(n.id))));
    edgeSet.update(edgeSet.get().map(item => {
      const e = LARGE ? edges[item.id] : edges[item.facts[0]];
      return Object.assign(edgeColors(e, !(e.from === nodeId || e.to === nodeId)), { id: item.id });
    }));
    dimmed = true;
  }
  function unhighlight() {
    if (!dimmed) return;
    nodeSet.update(nodes.map(n => nodeColors(n, false)));
    edgeSet.update(edgeSet.get().map(item => Object.assign(edgeColors(LARGE ? edges[item.id] : edges[item.facts[0]], false), { id: item.id })));
    dimmed = false;
  }

  // ------------------------------------------------------------------ details panel
  const panel = document.getElementById("kg-panel");
  const panelBody = document.getElementById("kg-panel-body");
  function openPanel() {
    clear(panelBody);
    panel.hidden = false;
    panel.scrollTop = 0;
    return panelBody;
  }
  function closePanel() {
    panel.hidden = true;
    clear(panelBody);
    root.dataset.panel = "";
  }
  function props(pairs) {
    const dl = el("dl", "kg-props");
    pairs.forEach(([k, v]) => {
      if (v === undefined || v === null || v === "") return;
      dl.appendChild(el("dt", null, k));
      dl.appendChild(el("dd", null, v));
    });
    return dl;
  }
  function nodeRef(id, selfId) {
    const n = nodes[id];
    if (id === selfId) return el("span", "kg-self", n.name);
    const b = el("button", "kg-node-link", n.name);
    b.type = "button";
    b.title = (n.type || "Resource") + ": " + n.name;
    b.addEventListener("click", () => focusNode(id));
    return b;
  }
  function sourceLine(ev) {
    const p = el("p", "kg-source");
    if (ev.speaker) p.appendChild(el("span", "kg-speaker", "said by " + ev.speaker));
    const a = ev.article !== null && ev.article !== undefined ? articles[ev.article] : null;
    if (!a) {
      p.appendChild(el("span", null, "source article unknown"));
      return p;
    }
    p.appendChild(el("span", "kg-article-title", a.title || a.id));
    if (a.published) p.appendChild(el("span", "kg-date", a.published));
    const href = safeHref(a.url);
    if (href) {
      const link = el("a", "kg-url", "open article ↗");
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.title = href;
      p.appendChild(link);
    } else if (a.url || a.source) {
      p.appendChild(el("span", "kg-url", a.url || a.source));  // not an http(s) URL: shown, never linked
    }
    return p;
  }
  function factItem(e, selfId) {
    const li = el("li", "kg-fact");
    li.dataset.edge = String(e.id);
    const line = el("div", "kg-fact-line");
    line.appendChild(nodeRef(e.from, selfId));
    const pred = el("span", "kg-pred", e.predicate);
    pred.style.color = predStyle(e.predicate).color;
    line.appendChild(pred);
    line.appendChild(nodeRef(e.to, selfId));
    li.appendChild(line);
    const list = el("ul", "kg-evidence");
    if (!e.evidence.length) list.appendChild(el("li", "kg-none", "no evidence sentence recorded"));
    e.evidence.forEach(ev => {
      const item = el("li");
      item.appendChild(el("blockquote", "kg-sentence", ev.sentence));
      item.appendChild(sourceLine(ev));
      list.appendChild(item);
    });
    li.appendChild(list);
    return li;
  }
  function factOrder(a, b) {
    const ra = HEADLINE.indexOf(edges[a].predicate), rb = HEADLINE.indexOf(edges[b].predicate);
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || edges[b].evidence.length - edges[a].evidence.length || a - b;
  }
  // the panel opened for one node or edge, headed by its swatch and what it is
  function panelFor(key, swatch, label) {
    const body = openPanel();
    root.dataset.panel = key;
    const kind = el("p", "kg-kind");
    kind.appendChild(swatch);
    kind.appendChild(el("span", null, label));
    body.appendChild(kind);
    return body;
  }
  function showNode(id) {
    const n = nodes[id];
    const body = panelFor("node:" + id, shapeSwatch(typeStyle(n.type)), n.type || "Resource");
    body.appendChild(el("h2", "kg-name", n.name));
    if (n.aliases.length) body.appendChild(el("p", "kg-aliases", "also: " + n.aliases.join(", ")));
    body.appendChild(props([["kind", n.kind], ["date", n.date], ["status", n.status],
      ["centrality", n.centrality.toFixed(3) + " (degree)"], ["IRI", n.iri]]));
    const events = (data.timelines || {})[String(id)];
    if (events && events.length) body.appendChild(timeline(events));
    const facts = incident[id].slice().sort(factOrder);
    body.appendChild(el("h3", null, facts.length + " fact" + (facts.length === 1 ? "" : "s")));
    const list = el("ol", "kg-facts");
    facts.forEach(i => list.appendChild(factItem(edges[i], id)));
    body.appendChild(list);
  }
  // a meeting's life in date order: what each article reports, who did it, who said so
  function timeline(events) {
    const box = el("section", "kg-timeline");
    box.appendChild(el("h3", null, "Timeline · " + events.length + " status event" + (events.length === 1 ? "" : "s")));
    const list = el("ol", "kg-timeline-events");
    events.forEach(ev => {
      const li = el("li", "kg-event kg-status-" + String(ev.status).replace(/[^a-z]+/g, "-"));
      const head = el("div", "kg-event-line");
      head.appendChild(el("span", "kg-event-date", ev.date));
      head.appendChild(el("span", "kg-event-status", ev.status));
      if (ev.agent) head.appendChild(el("span", "kg-event-agent", ev.agent));
      if (ev.venue) head.appendChild(el("span", "kg-event-venue", "venue " + ev.venue));
      li.appendChild(head);
      li.appendChild(el("blockquote", "kg-sentence", ev.sentence));
      const src = el("p", "kg-source");
      if (ev.speaker && ev.speaker !== ev.agent) src.appendChild(el("span", "kg-speaker", "said by " + ev.speaker));
      src.appendChild(el("span", "kg-article-title", ev.article));
      if (ev.published) src.appendChild(el("span", "kg-date", ev.published));
      li.appendChild(src);
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }
  function showEdge(id) {
    const e = edges[id];
    const body = panelFor("edge:" + id, lineSwatch(predStyle(e.predicate)), "fact");
    body.appendChild(el("h2", "kg-name", nodes[e.from].name + " " + e.predicate + " " + nodes[e.to].name));
    body.appendChild(el("h3", null, e.evidence.length + " evidence sentence" + (e.evidence.length === 1 ? "" : "s")));
    const list = el("ol", "kg-facts");
    list.appendChild(factItem(e, -1));
    body.appendChild(list);
  }
  function focusNode(id) {
    if (!network) return;                      // still drawing: the search box works again in a moment
    if (!nodeShown[id]) {                     // a node the filters hide is still worth finding
      resetFilters();
      if (!nodeShown[id]) {                   // an entity with no facts: show those
        showFactless = true;
        document.getElementById("kg-factless").checked = true;
        applyFilters();
      }
    }
    unhighlight();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: LARGE ? false : { duration: 350, easingFunction: "easeInOutQuad" } });
    showNode(id);
    highlight(id);
  }

  // a click on a node brings it and its neighbours into view
  function zoomTo(nodeId) {
    if (LARGE) return;
    const hood = network.getConnectedNodes(nodeId).concat([nodeId]);
    network.fit({ nodes: hood, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  }
  function showLine(id) {
    const item = edgeSet.get(id);
    if (!item || LARGE) { showEdge(id); return; }
    if (item.facts.length === 1) { showEdge(item.facts[0]); return; }
    const first = edges[item.facts[0]];
    const body = panelFor("line:" + id, lineSwatch(predStyle(first.predicate)), item.facts.length + " facts");
    body.appendChild(el("h2", "kg-name", nodes[first.from].name + " — " + nodes[first.to].name));
    body.appendChild(el("p", "kg-aliases", item.label));
    const list = el("ol", "kg-facts");
    item.facts.forEach(i => list.appendChild(factItem(edges[i], -1)));
    body.appendChild(list);
  }
  function onClick(params) {
    if (params.nodes.length) {
      unhighlight();
      showNode(params.nodes[0]);
      highlight(params.nodes[0]);
      zoomTo(params.nodes[0]);
    } else if (params.edges.length) {
      unhighlight();
      showLine(params.edges[0]);
    } else {
      unhighlight();
      closePanel();
    }
  }
  document.getElementById("kg-panel-close").addEventListener("click", () => { unhighlight(); network.unselectAll(); closePanel(); });

  // ------------------------------------------------------------------ search
  const searchInput = document.getElementById("kg-search");
  const results = document.getElementById("kg-results");
  const haystack = nodes.map(n => [n.name].concat(n.aliases).join("\u0001").toLowerCase());
  function search(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    for (let i = 0; i < haystack.length; i += 1) {
      const at = haystack[i].indexOf(q);
      if (at >= 0) hits.push([at === 0 || haystack[i].charAt(at - 1) === "\u0001" ? 0 : 1, -nodes[i].centrality, i]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);   // name starts with it first, then most central
    return hits.slice(0, 20).map(h => h[2]);
  }
  function pick(id) {
    results.hidden = true;
    searchInput.value = nodes[id].name;
    focusNode(id);
  }
  function showResults() {
    const ids = search(searchInput.value);
    clear(results);
    if (!searchInput.value.trim()) { results.hidden = true; return; }
    if (!ids.length) results.appendChild(el("li", "kg-empty", "no node matches"));
    ids.forEach(id => {
      const li = el("li");
      const b = el("button");
      b.type = "button";
      b.appendChild(el("span", null, nodes[id].name));
      b.appendChild(el("span", "kg-result-type", nodes[id].type || "Resource"));
      b.addEventListener("click", () => pick(id));
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = false;
  }
  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("keydown", ev => {
    if (ev.key === "Enter") {
      const ids = search(searchInput.value);
      if (ids.length) pick(ids[0]);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    } else if (ev.key === "ArrowDown" && !results.hidden) {
      const first = results.querySelector("button");
      if (first) { first.focus(); ev.preventDefault(); }
    }
  });
  document.addEventListener("click", ev => { if (!document.getElementById("kg-search-box").contains(ev.target)) results.hidden = true; });

  // ------------------------------------------------------------------ start
  buildFilters();
  redrawEdges();
  updateStatus();   // visibility was computed before the network was built: no refresh (a full redraw) needed
  mark("filters-ui");
  // for tests and the curious: the data and a few entry points (window.kgNetwork is set once the network exists)
  window.kgView = { data: data, timing: timing, nodes: nodeSet, edges: edgeSet, focusNode: focusNode, showNode: showNode, showEdge: showEdge, showLine: showLine, search: search,
    setDateRange: (from, to) => { dateFrom = from; dateTo = to; showDateRange(); applyFilters(); }, dates: DATES };
  if (LARGE) {
    // building a drawing of many thousand nodes keeps the browser busy for a while: say so first, then start
    const busy = document.getElementById("kg-busy");
    busy.textContent = "Drawing " + nodes.length.toLocaleString() + " nodes and " + edges.length.toLocaleString() + " edges…";
    busy.hidden = false;
    requestAnimationFrame(() => setTimeout(drawNetwork, 0));
  } else {
    drawNetwork();
  }
})();
