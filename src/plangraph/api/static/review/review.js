// plangraph /review: the queue of open link suggestions, best first. No external code.
"use strict";
(function () {
  const KEY = "plangraph-api-key";
  const KINDS = { measure: "Tiltak", challenge: "Utfordring", goal: "Mål" };
  const RELATIONS = {
    "pg:addresses": "tiltaket adresserer utfordringen",
    "pg:contributesTo": "bidrar til målet",
    "skos:closeMatch": "nesten like tiltak",
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
    $("key-state").textContent = apiKey()
      ? "En nøkkel er lagret for denne fanen."
      : "Ingen nøkkel ennå: du kan se forslagene, men ikke godta eller avvise dem.";
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

  function show() {
    if (index >= queue.length) {
      $("card").hidden = true;
      $("empty").hidden = queue.length > 0 ? true : false;
      if (queue.length > 0) setStatus("Ferdig med køen. Last siden på nytt for flere forslag.");
      return;
    }
    const row = queue[index];
    $("empty").hidden = true;
    $("card").hidden = false;
    $("card").dataset.id = row.id;
    $("position").textContent = "Forslag " + (index + 1) + " av " + queue.length;
    $("score").textContent = row.score == null ? "–" : Number(row.score).toFixed(3);
    $("relation").textContent = RELATIONS[row.predicate] || row.predicate;
    $("link-id").textContent = row.id;
    showSide(row, "subject");
    showSide(row, "object");
    const terms = [...new Set((row.evidence || []).map((e) => e.term))];
    $("terms").textContent = terms.length ? terms.join(", ") : "–";
    $("reason").value = "";
  }

  async function load() {
    setStatus("Henter forslag …");
    try {
      const res = await fetch("/api/suggestions?status=suggested&limit=200", {
        headers: { Accept: "application/json" },
      });
      const body = await res.json();
      if (!res.ok) throw new Error(messageOf(body, res));
      queue = body.rows;
      index = 0;
      setStatus(body.total + " åpne forslag, sortert etter poeng.");
      show();
    } catch (err) {
      setStatus("Kunne ikke hente forslagene: " + err.message, true);
    }
  }

  async function decide(accept) {
    if (busy || index >= queue.length) return;
    const row = queue[index];
    const reason = $("reason").value.trim();
    if (!accept && !reason) {
      setStatus("Skriv en begrunnelse før du avviser forslaget.", true);
      $("reason").focus();
      return;
    }
    if (!apiKey()) {
      setStatus("Skriv inn API-nøkkelen først.", true);
      $("api-key").focus();
      return;
    }
    busy = true;
    setStatus(accept ? "Godtar …" : "Avviser …");
    try {
      const res = await fetch("/api/links/" + row.id + (accept ? "/accept" : "/reject"), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": apiKey() },
        body: JSON.stringify(accept ? {} : { reason: reason }),
      });
      const body = await res.json().catch(() => ({}));
      const message = messageOf(body, res);
      if (res.status === 409) {
        setStatus("Forslaget er allerede avgjort av noen andre: " + message, true);
        index += 1;
      } else if (res.status === 401 || res.status === 403) {
        setStatus("Nøkkelen ble ikke godtatt: " + message, true);
      } else if (!res.ok) {
        setStatus("Ikke lagret: " + message, true);
      } else {
        setStatus(accept ? "Godtatt: koblingen er lagt til." : "Avvist: forslaget kommer ikke igjen.");
        index += 1;
      }
    } catch (err) {
      setStatus("Ikke lagret: " + err.message, true);
    } finally {
      busy = false;
      show();
    }
  }

  function skip() {
    if (index < queue.length) {
      index += 1;
      setStatus("Hoppet over.");
      show();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    showKeyState();
    $("key-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(KEY, $("api-key").value.trim());
      $("api-key").value = "";
      showKeyState();
      setStatus("Nøkkelen er lagret for denne fanen.");
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
      if (key === "g") decide(true);
      else if (key === "a") decide(false);
      else if (key === "h") skip();
    });
    load();
  });
})();
