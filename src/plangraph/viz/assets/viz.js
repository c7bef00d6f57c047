/* plangraph graph view: draws the nodes and edges embedded in the page with vis-network and
 * shows a node's details in the side panel.
 *
 * Safety: every text from the data reaches the page through textContent (or vis-network's
 * canvas labels and its innerText tooltips), never through innerHTML. The data comes from a
 * <script type="application/json"> block whose JSON escapes <, > and &.
 */
(function () {
  "use strict";
  window.__vizReady = false;

  var source = document.getElementById("viz-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var meta = data.meta;           // node id (its index) -> {iri, kind, labels, covered}
  var details = data.details;     // iri -> what the panel shows (empty on served pages)
  var idOf = {};                  // iri -> node id
  meta.forEach(function (m, i) { idOf[m.iri] = i; });
  window.vizMeta = meta;
  window.vizIdOf = function (iri) { return idOf[iri]; };
  var ui = data.ui;
  var lang = data.lang;

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var panel = document.getElementById("details");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function message(key, fields) {
    var found = (ui.messages[lang] || ui.messages.nb)[key];
    if (found === undefined) { return null; }
    return found.replace(/\{(\w+)\}/g, function (_whole, name) {
      return fields && fields[name] !== undefined ? String(fields[name]) : "";
    });
  }

  // Every word of the page carries its message id (data-i18n): a language switch rewrites them.
  function translatePage() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      var fields = node.getAttribute("data-i18n-fields");
      var text = message(node.getAttribute("data-i18n"), fields ? JSON.parse(fields) : null);
      if (text === null) { return; }
      var attr = node.getAttribute("data-i18n-attr");
      if (attr) { node.setAttribute(attr, text); } else { node.textContent = text; }
    });
    var overlaps = data.edges.filter(function (e) { return e.overlap; }).map(function (e) {
      return { id: e.id, title: message("viz.shared", { count: e.sharedCount }) };
    });
    if (overlaps.length) { edges.update(overlaps); }
  }

  function kindLabel(kind) {
    var labels = ui.kinds[lang] || ui.kinds.nb;
    return labels[kind] || kind;
  }

  function nodeLabel(id) {
    var m = meta[id];
    return m ? (m.labels[lang] || m.labels.nb) : "";
  }

  function titles() {
    return data.nodes.map(function (n) {
      var m = meta[n.id];
      return { id: n.id, label: nodeLabel(n.id), title: kindLabel(m.kind) + ": " + nodeLabel(n.id) };
    });
  }
  // Labels and tooltips arrive in the page's language; setLang() rewrites them.
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.vizNetwork = network;

  // -- readable labels when zoomed out -----------------------------------------------------------
  // vis-network draws a node's (full) label only once it is drawThreshold (9) px high on screen,
  // so a whole-graph view shows none. Below that zoom, the key nodes (themes, goals, the focus) get a
  // short label drawn here at a fixed 12 px, and the node under the mouse its full label; zoomed
  // in, vis-network's full labels take over. A few hundred fillText calls a frame at most.
  var FONT_PX = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.size) || 13;
  var DRAW_PX = data.options.nodes.scaling.label.drawThreshold;
  var MAX_SHORT = 300;
  var keyIds = [];
  meta.forEach(function (m, i) { if (m.key && keyIds.length < MAX_SHORT) { keyIds.push(i); } });
  var hovered = null;
  var drawnLabels = [];
  var labelsOn = true;  // window.vizShortLabels(false) turns them off (benchmarks compare)

  // The label cut at a word (at most 24 characters) and then until it fits ``room`` px.
  function shortLabel(ctx, text, room) {
    var out = text;
    if (out.length > 24) {
      var cut = out.slice(0, 24);
      var space = cut.lastIndexOf(" ");
      out = (space > 10 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "") + "…";
    }
    while (out.length > 2 && ctx.measureText(out).width > room) {
      var body = out.replace(/…$/, "");
      var at = body.lastIndexOf(" ");
      body = at > 3 ? body.slice(0, at) : body.slice(0, -1);
      out = body.replace(/[\s,.;:–-]+$/, "") + "…";
    }
    return out;
  }

  // Room (in canvas units) for each key node's label: up to the next key node on its row.
  function rooms(ids, positions, scale) {
    var out = {};
    ids.forEach(function (a) {
      var room = 180 / scale;
      var pa = positions[a];
      ids.forEach(function (b) {
        var pb = positions[b];
        if (a !== b && pa && pb && Math.abs(pa.y - pb.y) < 24 / scale) {
          room = Math.min(room, Math.abs(pa.x - pb.x) - 8 / scale);
        }
      });
      out[a] = Math.max(room, 30 / scale);
    });
    return out;
  }

  network.on("hoverNode", function (params) { hovered = params.node; network.redraw(); });
  network.on("blurNode", function () { hovered = null; network.redraw(); });
  network.on("afterDrawing", function (ctx) {
    drawnLabels = [];
    var scale = network.getScale();
    if (!labelsOn || scale * FONT_PX >= DRAW_PX) { return; }  // vis-network draws the full labels itself
    // The hovered node last: its full label on top of the others.
    var ids = keyIds.filter(function (id) { return id !== hovered; });
    if (hovered !== null) { ids.push(hovered); }
    var positions = network.getPositions(ids);
    ctx.save();
    ctx.font = (12 / scale) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    ctx.fillStyle = "#1d2733";
    var room = rooms(keyIds, positions, scale);
    ids.forEach(function (id) {
      var p = positions[id];
      if (!p) { return; }
      var text = id === hovered ? nodeLabel(id) : shortLabel(ctx, nodeLabel(id), room[id]);
      var y = p.y + 14 + 3 / scale;
      if (id === hovered) {  // over the short labels around it, on a white ground
        var w = ctx.measureText(text).width;
        ctx.fillStyle = "rgba(255, 255, 255, 0.95)";
        ctx.fillRect(p.x - w / 2 - 4 / scale, y - 2 / scale, w + 8 / scale, 16 / scale);
        ctx.fillStyle = "#1d2733";
      }
      ctx.strokeText(text, p.x, y);
      ctx.fillText(text, p.x, y);
      drawnLabels.push({ id: id, text: text });
    });
    ctx.restore();
  });
  window.vizDrawnLabels = function () { return drawnLabels.slice(); };
  window.vizShortLabels = function (on) { labelsOn = !!on; };

  function markReady() {
    if (window.__vizReady) { return; }
    window.__vizReady = true;
    document.body.setAttribute("data-viz-ready", "1");
  }
  if (data.options.physics && data.options.physics.enabled) {
    // Let the forces settle, then stop them so the picture holds still.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  // -- the details panel -----------------------------------------------------------------------

  function safeHref(url) {
    return /^(https?:\/\/|\/)/.test(url) ? url : null;
  }

  function nodeLink(ref) {
    var a;
    var id = idOf[ref.iri];
    if (id !== undefined) {
      a = el("a", null, nodeLabel(id) || ref.label);
      a.href = "#";
      a.addEventListener("click", function (event) {
        event.preventDefault();
        network.selectNodes([id]);
        network.focus(id, { scale: 1.2, animation: false });
        showDetails(id);
      });
      return a;
    }
    if (data.server) {
      var params = new URLSearchParams({ focus: ref.iri, depth: "1", lang: lang });
      a = el("a", null, ref.label);
      a.href = "/viz?" + params.toString();
      return a;
    }
    return el("span", null, ref.label);
  }

  var fetched = {};  // iri + lang -> details fetched from the server

  function showDetails(id) {
    var iri = meta[id].iri;
    var d = details[iri] || fetched[iri + "|" + lang];
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    if (!d && data.detailsUrl) {
      // A served page fetches a node's details when it is clicked (same origin only).
      panel.appendChild(el("p", "muted", message("viz.ui.loading")));
      var wanted = lang;
      fetch(data.detailsUrl + "?" + new URLSearchParams({ iri: iri, lang: wanted }).toString(),
            { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (found) {
          if (!found) { panel.textContent = message("viz.ui.failed"); return; }
          fetched[iri + "|" + wanted] = found;
          var selected = network.getSelectedNodes();
          if (!selected.length || selected[0] === id) { showDetails(id); }
        })
        .catch(function () { panel.textContent = message("viz.ui.failed"); });
      return;
    }
    if (!d) {
      panel.appendChild(el("p", "muted", message("viz.ui.pick")));
      return;
    }
    panel.appendChild(el("div", "kind", kindLabel(d.kind)));
    panel.appendChild(el("h2", "node-label", nodeLabel(id)));
    if (meta[id].kind === "challenge") {
      panel.appendChild(el("p", meta[id].covered ? "muted" : "gap",
        meta[id].covered ? message("viz.ui.covered") : message("viz.ui.uncovered")));
    }

    if (d.labels.length) {
      panel.appendChild(el("h3", null, message("viz.ui.labels")));
      var dl = el("dl");
      d.labels.forEach(function (l) {
        dl.appendChild(el("dt", null, l.lang || "-"));
        dl.appendChild(el("dd", null, l.value));
      });
      panel.appendChild(dl);
    }

    if (d.source_text.length) {
      panel.appendChild(el("h3", null, message("viz.ui.sourceText")));
      d.source_text.forEach(function (t) {
        var block = el("blockquote", "source-text", t.value);
        if (t.lang) { block.setAttribute("lang", t.lang); }
        panel.appendChild(block);
      });
    }

    var facts = el("dl");
    function fact(name, value) {
      if (value === null || value === undefined || value === "" ||
          (Array.isArray(value) && !value.length)) { return; }
      facts.appendChild(el("dt", null, name));
      var dd = el("dd");
      if (value instanceof Node) { dd.appendChild(value); }
      else { dd.textContent = Array.isArray(value) ? value.join("; ") : String(value); }
      facts.appendChild(dd);
    }
    fact(message("viz.ui.sourceDocument"), d.source_document ? nodeLink(d.source_document) : null);
    fact(message("viz.ui.sourceSection"), d.source_section);
    fact(message("viz.ui.position"), d.source_position);
    fact(message("viz.ui.number"), d.number);
    fact(message("viz.ui.status"), d.status);
    fact(message("viz.ui.notes"), d.notes);
    if (facts.firstChild) {
      panel.appendChild(el("h3", null, message("viz.ui.source")));
      panel.appendChild(facts);
    }

    panel.appendChild(el("h3", null, message("viz.ui.links") + " (" + d.links.length + ")"));
    if (!d.links.length) {
      panel.appendChild(el("p", "muted", message("viz.ui.noLinks")));
    } else {
      var list = el("ul", "links");
      d.links.forEach(function (link) {
        var li = el("li");
        li.appendChild(el("span", "muted", (link.direction === "in" ? "\u2190 " : "\u2192 ") + link.predicate + " "));
        li.appendChild(nodeLink(link.node));
        li.appendChild(el("span", "status status-" + link.status, link.status));
        if (link.confidence !== null && link.confidence !== undefined) {
          li.appendChild(el("span", "muted", " " + message("viz.ui.confidence") + " " + link.confidence));
        }
        if (link.rationale) { li.appendChild(el("div", "muted", link.rationale)); }
        list.appendChild(li);
      });
      panel.appendChild(list);
    }

    panel.appendChild(el("h3", null, "IRI"));
    var api = data.apiNodeUrl ? safeHref(data.apiNodeUrl + encodeURIComponent(iri)) : safeHref(iri);
    var iriLine = el("p", "iri");
    if (api) {
      var a = el("a", "api-link", iri);
      a.href = api;
      iriLine.appendChild(a);
    } else {
      iriLine.textContent = iri;
    }
    panel.appendChild(iriLine);
    if (data.server) {
      var params = new URLSearchParams({ focus: iri, depth: "2", lang: lang });
      var around = el("a", "focus-link", message("viz.ui.focus"));
      around.href = "/viz?" + params.toString();
      panel.appendChild(el("p")).appendChild(around);
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });
  window.vizShowDetails = showDetails;

  // -- overlaps, language ------------------------------------------------------------------------

  var overlapBox = document.getElementById("show-overlaps");
  if (overlapBox) {
    overlapBox.addEventListener("change", function () {
      var changed = data.edges.filter(function (e) { return e.overlap; })
        .map(function (e) { return { id: e.id, hidden: !overlapBox.checked }; });
      edges.update(changed);
    });
  }

  function setLang(code) {
    lang = code;
    document.documentElement.setAttribute("lang", code);
    nodes.update(titles());
    translatePage();
    network.redraw();
    Array.prototype.forEach.call(document.querySelectorAll(".lang-switch button"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === code ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-kind-label]"), function (span) {
      span.textContent = kindLabel(span.getAttribute("data-kind-label"));
    });
    var input = document.querySelector("form.filters input[name=lang]");
    if (input) { input.value = code; }
    if (data.server && window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("lang", code);
      window.history.replaceState(null, "", url.toString());
    }
    var selected = network.getSelectedNodes();
    if (selected.length) { showDetails(selected[0]); }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".lang-switch button"), function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
  });
})();
