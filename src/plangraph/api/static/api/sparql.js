// The SPARQL query page: sends the query to /sparql and shows the results as a table.
"use strict";

// The page's words (i18n.js; Bokmål unless ?lang= says otherwise).
const t = window.plangraphText || ((key) => key);

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  td.textContent = term.value;
  if (term["xml:lang"]) {
    const lang = document.createElement("span");
    lang.className = "lang";
    lang.textContent = "@" + term["xml:lang"];
    td.appendChild(lang);
  }
  return td;
}

function showTable(data, results) {
  if (typeof data.boolean === "boolean") {
    const p = document.createElement("p");
    p.textContent = "ASK: " + data.boolean;
    results.appendChild(p);
    return 0;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.appendChild(cell(binding[v]));
  }
  results.appendChild(table);
  return data.results.bindings.length;
}

async function run(event) {
  event.preventDefault();
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const query = document.getElementById("query").value;
  status.className = "";
  status.textContent = t("sparql.running");
  results.replaceChildren();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query: query }),
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      const problem = await response.json();
      status.className = "error";
      status.textContent = problem.error ? problem.error.message : response.statusText;
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const count = showTable(await response.json(), results);
      const truncated = response.headers.get("X-Plangraph-Truncated") === "true";
      status.textContent = t("sparql.rows", { count: count }) + (truncated ? t("sparql.cut") : "");
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = t("sparql.done");
    }
  } catch (err) {
    status.className = "error";
    status.textContent = t("sparql.failed", { error: err });
  }
}

document.addEventListener("DOMContentLoaded", function () {
  document.getElementById("query-form").addEventListener("submit", run);
});
