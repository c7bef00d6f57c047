// The /import page: upload a plan, show the preview, let the planner change kinds, rename items,
// move a challenge to another theme or drop rows, then save. Everything goes to POST /api/plans/import on this server; nothing else is loaded.
// Its words come from the i18n catalogue (/static/i18n/messages.js, applied by i18n.js) in the
// language of the page's address (?lang=nb, nn or en; Bokmål by default).
"use strict";

(function () {
  const t = window.plangraphText || ((key) => key);
  const lang = window.plangraphLang || "nb";
  const KINDS = {};
  for (const kind of ["goal", "theme", "challenge", "measure"]) KINDS[kind] = t(`import.kind.${kind}`);
  document.getElementById("graph-link").setAttribute("href", lang === "nb" ? "/viz" : `/viz?lang=${lang}`);
  const form = document.getElementById("upload-form");
  const statusEl = document.getElementById("status");
  const preview = document.getElementById("preview");
  const tbody = document.querySelector("#items tbody");
  const saveButton = document.getElementById("save-button");
  let current = null;

  function say(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? "error" : "";
  }

  function body(dryRun) {
    const data = new FormData();
    data.append("file", document.getElementById("file").files[0]);
    data.append("dry_run", dryRun ? "true" : "false");
    for (const name of ["title", "organisation", "plan_type", "lang"]) {
      const value = document.getElementById(name).value.trim();
      if (value) data.append(name, value);
    }
    return data;
  }

  async function send(data) {
    const response = await fetch("/api/plans/import", {
      method: "POST",
      headers: { "X-API-Key": document.getElementById("api-key").value },
      body: data,
    });
    let payload = null;
    try { payload = await response.json(); } catch (e) { payload = null; }
    if (!response.ok) {
      const detail = (payload && payload.error && payload.error.message) || response.statusText;
      throw new Error(`${response.status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    }
    return [response.status, payload];
  }

  function cell(row, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function render(result) {
    current = result;
    const plan = result.plan;
    document.getElementById("plan-title").textContent = plan.title;
    document.getElementById("plan-facts").textContent = t("import.facts", {
      type: plan.plan_type,
      lang: plan.language,
      org: plan.organisation || (plan.detected && plan.detected.organisation) || t("import.no_org"),
      file: plan.file_name || "",
      checksum: plan.checksum || "",
    });
    // What the importer noticed about the file as a whole (read as Windows-1252, a list cut
    // off, a table it could not read): as text, never as markup.
    const notes = (plan.notes || []).filter((note) => typeof note === "string" && note);
    const notesSection = document.getElementById("plan-notes");
    const notesList = notesSection.querySelector("ul");
    notesList.replaceChildren(...notes.map((note) => {
      const li = document.createElement("li");
      li.textContent = note;
      return li;
    }));
    notesSection.hidden = notes.length === 0;
    tbody.replaceChildren();
    // The theme rows a challenge can be moved to (their names follow the planner's renaming).
    const themes = result.items.filter((item) => item.kind === "theme");
    const themeOptions = [];
    result.items.forEach((item, n) => {
      const row = document.createElement("tr");
      row.dataset.id = item.id;
      const keepCell = document.createElement("td");
      const keep = document.createElement("input");
      keep.type = "checkbox";
      keep.checked = true;
      keep.className = "keep";
      keep.setAttribute("aria-label", t("import.keep_item", { n: n + 1 }));
      keep.addEventListener("change", () => row.classList.toggle("dropped", !keep.checked));
      keepCell.appendChild(keep);
      row.appendChild(keepCell);
      const kindCell = document.createElement("td");
      const select = document.createElement("select");
      select.className = "kind";
      select.setAttribute("aria-label", t("import.kind_item", { n: n + 1 }));
      for (const [value, label] of Object.entries(KINDS)) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = label;
        option.selected = value === item.kind;
        select.appendChild(option);
      }
      kindCell.appendChild(select);
      row.appendChild(kindCell);
      const labelCell = cell(row, "", "label");
      const name = document.createElement("input");
      name.type = "text";
      name.className = "label-edit";
      name.value = item.label;
      name.setAttribute("aria-label", t("import.label_item", { n: n + 1 }));
      if (item.kind === "theme") {
        name.addEventListener("input", () => {
          for (const option of themeOptions) {
            if (option.value === item.id) option.textContent = name.value || item.label;
          }
        });
      }
      labelCell.appendChild(name);
      const underCell = cell(row, "", "under");
      if (item.kind === "challenge" && themes.length > 1) {
        const move = document.createElement("select");
        move.className = "theme";
        move.setAttribute("aria-label", t("import.theme_item", { n: n + 1 }));
        for (const theme of themes) {
          const option = document.createElement("option");
          option.value = theme.id;
          option.textContent = theme.label;
          option.selected = theme.id === item.theme;
          move.appendChild(option);
          themeOptions.push(option);
        }
        underCell.appendChild(move);
      } else {
        underCell.textContent = item.parent_label || "";
      }
      cell(row, String(item.confidence));
      cell(row, item.reason, "reason");
      cell(row, item.position || "");
      tbody.appendChild(row);
    });
    preview.hidden = false;
  }

  function corrections() {
    const items = {};
    for (const row of tbody.querySelectorAll("tr")) {
      const id = row.dataset.id;
      const original = current.items.find((i) => i.id === id);
      if (!row.querySelector("input.keep").checked) {
        items[id] = { drop: true };
        continue;
      }
      const change = {};
      const kind = row.querySelector("select.kind").value;
      if (original && kind !== original.kind) change.kind = kind;
      const label = row.querySelector("input.label-edit").value.trim();
      if (original && label && label !== original.label) change.label = label;
      const move = row.querySelector("select.theme");
      if (original && move && kind === "challenge" && move.value !== original.theme) {
        change.theme = move.value;
      }
      if (Object.keys(change).length) items[id] = change;
    }
    return { items: items };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(t("import.reading"));
    try {
      const [, result] = await send(body(true));
      render(result);
      say(t("import.found", { count: result.items.length }));
    } catch (error) {
      preview.hidden = true;
      say(t("import.read_failed", { error: error.message }), true);
    }
  });

  saveButton.addEventListener("click", async () => {
    say(t("import.saving"));
    const data = body(false);
    data.append("corrections", JSON.stringify(corrections()));
    try {
      const [, result] = await send(data);
      const known = ["created", "replaced", "unchanged"].includes(result.status);
      say(t("import.saved", {
        status: known ? t(`import.status.${result.status}`) : result.status,
        graph: result.graph,
        triples: result.triples,
      }));
      statusEl.dataset.result = result.status;
    } catch (error) {
      say(t("import.save_failed", { error: error.message }), true);
    }
  });
})();
