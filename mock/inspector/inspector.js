// specmock inspector: the live journal, scenarios and state of the mock that serves this page.
// Plain JavaScript, no build step, no third-party code. Everything the mock recorded is shown
// with textContent, never parsed as HTML: request bodies come from any client.
"use strict";

const ADMIN = "/__specmock";
const POLL_MS = 1000;
const MAX_ROWS = 1000;
// Same-origin calls carry the intent header (a cross-site page cannot); a token given as
// #token=… in the page's address (a mock in a container, reached from another host) goes along.
const TOKEN = new URLSearchParams(location.hash.slice(1)).get("token");

const state = { lastSeq: 0, entries: new Map(), selected: null, timer: null };
const $ = (id) => document.getElementById(id);

function headers(extra) {
  const h = { "X-Specmock-Admin": "1", ...(extra || {}) };
  if (TOKEN) h["X-Specmock-Token"] = TOKEN;
  return h;
}

async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(ADMIN + path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (data.error && data.error.message) || response.statusText;
    throw new Error(`${method} ${path}: ${response.status} ${message}`);
  }
  return data;
}

function setStatus(text, bad) {
  const el = $("status");
  el.textContent = text;
  el.style.color = bad ? "var(--bad)" : "";
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// ---------------------------------------------------------------- journal

function target(entry) {
  return entry.query ? `${entry.path}?${entry.query}` : entry.path;
}

function decidedBy(entry) {
  if (entry.rules && entry.rules.length) return entry.rules.join(", ");
  return entry.scenario || "";
}

function statusClass(status) {
  return status === null ? "status-dropped" : `status-${String(status)[0]}`;
}

function row(entry) {
  const tr = document.createElement("tr");
  tr.dataset.seq = entry.seq;
  tr.className = "journal-row";
  tr.append(
    el("td", entry.seq, "muted"),
    el("td", entry.time.slice(11, 23)),
    el("td", entry.method, "method"),
    el("td", target(entry)),
    el("td", entry.status === null ? "dropped" : entry.status, statusClass(entry.status)),
    el("td", entry.operation || "–"),
    el("td", decidedBy(entry) || "–", "muted"),
    el("td", entry.duration_ms.toFixed(1)),
  );
  tr.title = entry.reason || "";
  tr.addEventListener("click", () => select(entry.seq));
  return tr;
}

function matches(entry, filter) {
  if (!filter) return true;
  const text = [target(entry), entry.method, entry.status, entry.operation, entry.api, decidedBy(entry), entry.reason]
    .join(" ")
    .toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function applyFilter() {
  const filter = $("filter").value.trim();
  let shown = 0;
  for (const tr of $("journal-rows").children) {
    const visible = matches(state.entries.get(Number(tr.dataset.seq)), filter);
    tr.hidden = !visible;
    if (visible) shown += 1;
  }
  $("count").textContent = `${shown} of ${state.entries.size} requests`;
  $("journal-empty").hidden = state.entries.size > 0;
}

async function pollJournal() {
  try {
    const since = state.lastSeq ? `&since=${state.lastSeq}` : "";
    const { entries } = await api("GET", `/journal?limit=${MAX_ROWS}${since}`);
    const rows = $("journal-rows");
    // newest first from the API; insert oldest first so the newest ends on top
    for (const entry of entries.slice().reverse()) {
      if (state.entries.has(entry.seq)) continue;
      state.entries.set(entry.seq, entry);
      rows.prepend(row(entry));
      state.lastSeq = Math.max(state.lastSeq, entry.seq);
    }
    while (rows.children.length > MAX_ROWS) {
      const last = rows.lastElementChild;
      state.entries.delete(Number(last.dataset.seq));
      last.remove();
    }
    applyFilter();
    setStatus(`live · ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    setStatus(String(error.message || error), true);
  }
}

function schedule() {
  clearInterval(state.timer);
  if ($("live").checked) state.timer = setInterval(pollJournal, POLL_MS);
}

function formatHeaders(h) {
  return Object.entries(h || {})
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
}

function formatBody(text) {
  if (!text) return "(empty)";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (_) {
    return text;
  }
}

function select(seq) {
  const entry = state.entries.get(seq);
  if (!entry) return;
  state.selected = seq;
  for (const tr of $("journal-rows").children) tr.classList.toggle("selected", Number(tr.dataset.seq) === seq);
  $("detail-pane").hidden = false;
  $("detail-title").textContent = `${entry.method} ${target(entry)} → ${entry.status === null ? "dropped" : entry.status}`;
  const facts = $("detail-facts");
  facts.replaceChildren();
  const shown = [
    ["time", entry.time],
    ["api", entry.api],
    ["operation", entry.operation],
    ["credential", entry.credential],
    ["scenario", entry.scenario],
    ["rules", (entry.rules || []).join(", ")],
    ["fault", entry.fault],
    ["took", `${entry.duration_ms.toFixed(2)} ms`],
    ["reason", entry.reason],
    ["note", entry.note],
  ];
  for (const [name, value] of shown) {
    if (value === null || value === undefined || value === "") continue;
    facts.append(el("dt", name), el("dd", value));
  }
  const violations = $("detail-violations");
  violations.replaceChildren();
  if (entry.violations && entry.violations.length) {
    const box = el("div", undefined, "violations");
    box.append(el("strong", "Violations"));
    const list = el("ul");
    for (const v of entry.violations) list.append(el("li", v));
    box.append(list);
    violations.append(box);
  }
  $("request-headers").textContent = formatHeaders(entry.request.headers);
  $("request-body").textContent = formatBody(entry.request.body);
  $("response-headers").textContent = formatHeaders(
    entry.response.media_type ? { "content-type": entry.response.media_type, ...entry.response.headers } : entry.response.headers,
  );
  $("response-body").textContent = formatBody(entry.response.body);
}

async function clearJournal() {
  await api("DELETE", "/journal");
  state.entries.clear();
  $("journal-rows").replaceChildren();
  $("detail-pane").hidden = true;
  applyFilter();
}

// ---------------------------------------------------------------- scenarios

async function loadScenarios() {
  const { scenarios } = await api("GET", "/scenarios");
  const list = $("scenarios");
  list.replaceChildren();
  for (const scenario of scenarios) {
    const li = el("li");
    const label = el("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = scenario.active;
    box.dataset.scenario = scenario.name;
    box.addEventListener("change", () => toggleScenario(scenario.name, box));
    label.append(box, document.createTextNode(` ${scenario.name}`));
    li.append(label, el("span", scenario.description, "muted"));
    list.append(li);
  }
}

async function toggleScenario(name, box) {
  box.disabled = true;
  try {
    await api("POST", `/scenarios/${encodeURIComponent(name)}/${box.checked ? "activate" : "deactivate"}`);
  } catch (error) {
    box.checked = !box.checked;
    setStatus(String(error.message || error), true);
  } finally {
    box.disabled = false;
  }
}

// ---------------------------------------------------------------- state

async function loadState() {
  const namespace = $("namespace").value;
  try {
    const data = await api("GET", `/state/${namespace}`);
    $("state").textContent = JSON.stringify(data[namespace], null, 2);
  } catch (error) {
    $("state").textContent = String(error.message || error);
  }
}

async function resetState() {
  await api("POST", "/state/reset");
  await loadState();
  setStatus("state reset");
}

// ---------------------------------------------------------------- start

function start() {
  $("filter").addEventListener("input", applyFilter);
  $("live").addEventListener("change", schedule);
  $("clear-journal").addEventListener("click", () => clearJournal().catch((e) => setStatus(e.message, true)));
  $("close-detail").addEventListener("click", () => {
    $("detail-pane").hidden = true;
  });
  $("namespace").addEventListener("change", loadState);
  $("refresh-state").addEventListener("click", loadState);
  $("reset-state").addEventListener("click", () => resetState().catch((e) => setStatus(e.message, true)));
  loadScenarios().catch((e) => setStatus(e.message, true));
  loadState();
  pollJournal();
  schedule();
}

start();
