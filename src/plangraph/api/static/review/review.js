// plangraph /review: the queue of open link suggestions, best first. No external code.
"use strict";
(function () {
  const KEY = "plangraph-api-key";
  // the page's words in the language of its address (/static/api/i18n.js; Bokmål by default)
  const t = (key, fields) => window.plangraphText(key, fields);
  const KINDS = {};
  for (const kind of ["measure", "challenge", "goal"]) KINDS[kind] = t("review.kind." + kind);
  const RELATIONS = {
    "pg:addresses": t("review.relation.addresses"),
    "pg:contributesTo": t("review.relation.contributes"),
    "skos:closeMatch": t("review.relation.close_match"),
  };
  // the keys: the first letters of the words on the buttons, in each language
  const KEYS = {
    accept: t("review.key.accept"),
    reject: t("review.key.reject"),
    skip: t("review.key.skip"),
  };
  let queue = [];
  let index = 0;
  let busy = false;
  const $ = (id) => document.getElementById(id);

  function setStatus(text, isError) {
    const el = $("status");
    el.textContent = text;
    el.className = isError ? "error" : "";
  }

  function messageOf(body, res) {
    if (body && body.error && body.error.message) return body.error.message;
    return (body && (body.detail || body.error)) || res.statusText;
  }

  function apiKey() { return sessionStorage.getItem(KEY) || ""; }

  function showKeyState() {
    $("key-state").textContent = apiKey() ? t("review.key_saved") : t("review.no_key");
  }

  // Text with the given [start, end) spans wrapped in <mark>, built with DOM nodes only.
  function highlighted(el, text, spans) {
    el.textContent = "";
    const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
    let pos = 0;
    for (const [start, end] of sorted) {
      if (start < pos) continue;
      el.appendChild(document.createTextNode(text.slice(pos, start)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      el.appendChild(mark);
      pos = end;
    }
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function spansOf(row, side, field) {
    const out = [];
    for (const term of row.evidence || []) {
      for (const s of term[side] || []) if (s.field === field) out.push([s.start, s.end]);
    }
    return out;
  }

  function showSide(row, side) {
    const node = row[side];
    $(side + "-kind").textContent = KINDS[node.kind] || node.kind;
    highlighted($(side + "-label"), node.label, spansOf(row, side, "label"));
    const text = node.text && node.text !== node.label ? node.text : "";
    highlighted($(side + "-text"), text, spansOf(row, side, "text"));
  }

  // a shared word as the plan says it; a thesaurus concept by its label in the page's language,
  // marked as a concept (it need not stand in either text)
  function termText(e) {
    if (e.kind !== "concept") return e.term;
    const label = (e.labels && e.labels[window.plangraphLang]) || e.term;
    return t("review.concept", { label: label });
  }

  function show() {
    if (index >= queue.length) {
      $("card").hidden = true;
      $("empty").hidden = queue.length > 0 ? true : false;
      if (queue.length > 0) setStatus(t("review.done"));
      return;
    }
    const row = queue[index];
    $("empty").hidden = true;
    $("card").hidden = false;
    $("card").dataset.id = row.id;
    $("position").textContent = t("review.position", { n: index + 1, total: queue.length });
    $("score").textContent = row.score == null ? "–" : Number(row.score).toFixed(3);
    $("relation").textContent = RELATIONS[row.predicate] || row.predicate;
    $("link-id").textContent = row.id;
    showSide(row, "subject");
    showSide(row, "object");
    const terms = [...new Set((row.evidence || []).map(termText))];
    $("terms").textContent = terms.length ? terms.join(", ") : "–";
    // what lowered the score (about different people; no shared concern), said in words
    const penalties = (row.penalties || []).map((p) => t("review.penalty." + p));
    $("penalties").textContent = penalties.join(" ");
    $("penalties").hidden = penalties.length === 0;
    $("reason").value = "";
  }

  async function load() {
    setStatus(t("review.loading"));
    try {
      const res = await fetch("/api/suggestions?status=suggested&limit=200", {
        headers: { Accept: "application/json" },
      });
      const body = await res.json();
      if (!res.ok) throw new Error(messageOf(body, res));
      queue = body.rows;
      index = 0;
      setStatus(t("review.loaded", { total: body.total }));
      show();
    } catch (err) {
      setStatus(t("review.load_failed", { error: err.message }), true);
    }
  }

  async function decide(accept) {
    if (busy || index >= queue.length) return;
    const row = queue[index];
    const reason = $("reason").value.trim();
    if (!accept && !reason) {
      setStatus(t("review.reason_needed"), true);
      $("reason").focus();
      return;
    }
    if (!apiKey()) {
      setStatus(t("review.key_needed"), true);
      $("api-key").focus();
      return;
    }
    busy = true;
    setStatus(accept ? t("review.accepting") : t("review.rejecting"));
    try {
      const res = await fetch("/api/links/" + row.id + (accept ? "/accept" : "/reject"), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": apiKey() },
        body: JSON.stringify(accept ? {} : { reason: reason }),
      });
      const body = await res.json().catch(() => ({}));
      const message = messageOf(body, res);
      if (res.status === 409) {
        setStatus(t("review.taken", { error: message }), true);
        index += 1;
      } else if (res.status === 401 || res.status === 403) {
        setStatus(t("review.key_refused", { error: message }), true);
      } else if (!res.ok) {
        setStatus(t("review.not_saved", { error: message }), true);
      } else {
        setStatus(accept ? t("review.accepted") : t("review.rejected"));
        index += 1;
      }
    } catch (err) {
      setStatus(t("review.not_saved", { error: err.message }), true);
    } finally {
      busy = false;
      show();
    }
  }

  function skip() {
    if (index < queue.length) {
      index += 1;
      setStatus(t("review.skipped"));
      show();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("accept-key").textContent = KEYS.accept.toUpperCase();
    $("reject-key").textContent = KEYS.reject.toUpperCase();
    $("skip-key").textContent = KEYS.skip.toUpperCase();
    $("keys-help").textContent = t("review.keys_help", {
      accept: KEYS.accept.toUpperCase(),
      reject: KEYS.reject.toUpperCase(),
      skip: KEYS.skip.toUpperCase(),
    });
    if (window.plangraphLang !== "nb") {
      for (const id of ["home-link", "graph-link"]) {
        $(id).href = $(id).getAttribute("href") + "?lang=" + window.plangraphLang;
      }
    }
    showKeyState();
    $("key-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, $("api-key").value.trim());
      $("api-key").value = "";
      showKeyState();
      setStatus(t("review.key_stored"));
    });
    $("accept").addEventListener("click", () => decide(true));
    $("reject").addEventListener("click", () => decide(false));
    $("skip").addEventListener("click", skip);
    document.addEventListener("keydown", (ev) => {
      const tag = (ev.target && ev.target.tagName) || "";
      if (tag === "INPUT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) {
        if (tag === "INPUT" && ev.target.id === "reason" && ev.key === "Enter") decide(false);
        if (tag === "INPUT" && ev.key === "Escape") ev.target.blur();
        return;
      }
      const key = ev.key.toLowerCase();
      if (key === KEYS.accept) decide(true);
      else if (key === KEYS.reject) decide(false);
      else if (key === KEYS.skip) skip();
    });
    load();
  });
})();
