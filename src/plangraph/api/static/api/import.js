// The /import page: upload a plan, show the preview, let the planner change kinds or drop rows,
// then save. Everything goes to POST /api/plans/import on this server; nothing else is loaded.
"use strict";

(function () {
  const KINDS = { goal: "mål", theme: "tema", challenge: "utfordring", measure: "tiltak" };
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
    document.getElementById("plan-facts").textContent =
      `${plan.plan_type}, ${plan.language}, ${plan.organisation || (plan.detected && plan.detected.organisation) || "ingen organisasjon"}` +
      ` – fil ${plan.file_name || ""} (${plan.checksum || ""})`;
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
    result.items.forEach((item, n) => {
      const row = document.createElement("tr");
      row.dataset.id = item.id;
      const keepCell = document.createElement("td");
      const keep = document.createElement("input");
      keep.type = "checkbox";
      keep.checked = true;
      keep.className = "keep";
      keep.setAttribute("aria-label", `Ta med punkt ${n + 1}`);
      keep.addEventListener("change", () => row.classList.toggle("dropped", !keep.checked));
      keepCell.appendChild(keep);
      row.appendChild(keepCell);
      const kindCell = document.createElement("td");
      const select = document.createElement("select");
      select.className = "kind";
      select.setAttribute("aria-label", `Type for punkt ${n + 1}`);
      for (const [value, label] of Object.entries(KINDS)) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = label;
        option.selected = value === item.kind;
        select.appendChild(option);
      }
      kindCell.appendChild(select);
      row.appendChild(kindCell);
      cell(row, item.label, "label");
      cell(row, item.parent_label || "");
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
      const kind = row.querySelector("select.kind").value;
      if (!row.querySelector("input.keep").checked) items[id] = { drop: true };
      else if (original && kind !== original.kind) items[id] = { kind: kind };
    }
    return { items: items };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say("Leser filen …");
    try {
      const [, result] = await send(body(true));
      render(result);
      say(`Fant ${result.items.length} punkter. Sjekk typene, og lagre.`);
    } catch (error) {
      preview.hidden = true;
      say(`Kunne ikke lese filen: ${error.message}`, true);
    }
  });

  saveButton.addEventListener("click", async () => {
    say("Lagrer …");
    const data = body(false);
    data.append("corrections", JSON.stringify(corrections()));
    try {
      const [, result] = await send(data);
      const words = { created: "Lagret", replaced: "Erstattet", unchanged: "Uendret" };
      say(`${words[result.status] || result.status}: ${result.graph} (${result.triples} tripler).`);
      statusEl.dataset.result = result.status;
    } catch (error) {
      say(`Kunne ikke lagre: ${error.message}`, true);
    }
  });
})();
