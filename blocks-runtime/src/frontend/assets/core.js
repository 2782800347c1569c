// Core: renders the app from its config, wires events to the queue protocol, applies outputs.

import { Transport } from "./transport.js";
import { toast, banner } from "./toast.js";
import { create, loadKinds } from "./components/index.js";
import { block, common, el } from "./components/base.js";

const config = JSON.parse(document.getElementById("blocks-config").textContent);
const specs = new Map(config.components.map((c) => [c.id, c]));
const instances = new Map();
const listeners = new Map();
const inputs = new Set(config.dependencies.flatMap((d) => d.inputs));
const outputs = new Set(config.dependencies.flatMap((d) => d.outputs));
const runs = new Map();
const transport = new Transport(
  config,
  () => banner("Connection lost. Reconnecting…"),
  () => banner(""),
);
document.title = config.title || document.title;

for (const dep of config.dependencies) {
  for (const [target, event] of dep.targets || []) {
    const key = `${target}:${event}`;
    if (!listeners.has(key)) listeners.set(key, []);
    listeners.get(key).push(dep);
  }
}

// Fires a component's (or the page's) event: every dependency it starts. `data` is the event's
// data (what a `select` selected), sent as Gradio's `event_data`.
function fire(id, event, data = null) {
  for (const dep of listeners.get(`${id}:${event}`) || []) trigger(dep, id, data);
}

async function trigger(dep, triggerId, data = null) {
  if (dep.cancels?.length) { transport.cancel(dep.cancels); return; }
  let run = runs.get(dep.id);
  if (!run) { run = { running: false, again: false }; runs.set(dep.id, run); }
  run.data = data;
  if (run.running) {
    if (dep.trigger_mode === "once") return;
    if (dep.trigger_mode === "always_last") { run.again = true; return; }
  }
  run.running = true;
  try {
    do { run.again = false; await execute(dep, triggerId, run.data); } while (run.again);
  } finally {
    run.running = false;
  }
}

function valueOf(id) {
  const spec = specs.get(id);
  if (!spec || spec.type === "state") return null;
  const inst = instances.get(id);
  return inst ? inst.get() : null;
}

function apply(id, value) {
  const inst = instances.get(id);
  if (!inst) return;
  if (value && typeof value === "object" && !Array.isArray(value) && value.__type__ === "update") {
    const props = { ...value };
    delete props.__type__;
    inst.update?.(props);
    if ("value" in props) inst.set(props.value);
  } else {
    inst.set(value);
  }
}

function applyHtml(html) {
  for (const [id, text] of Object.entries(html || {})) instances.get(Number(id))?.setHtml?.(text);
}

// Applies one streamed edit list (Gradio's diff format) to a value.
function edit(value, edits) {
  let result = value;
  for (const [action, path, item] of edits) {
    if (path.length === 0) {
      if (action === "replace") result = item;
      else if (action === "append") result = Array.isArray(result) ? [...result, ...item] : (result ?? "") + item;
      continue;
    }
    result = structuredClone(result);
    let parent = result;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (action === "replace" || action === "add") parent[last] = item;
    else if (action === "append") parent[last] = (parent[last] ?? "") + item;
    else if (action === "delete") Array.isArray(parent) ? parent.splice(last, 1) : delete parent[last];
  }
  return result;
}

function busy(ids, on, text = "") {
  for (const id of ids) {
    const el = instances.get(id)?.el;
    if (!el) continue;
    el.classList.toggle("pending", on);
    el.setAttribute("aria-busy", on ? "true" : "false");
    if (on && text) el.dataset.progress = text; else delete el.dataset.progress;
  }
}

async function execute(dep, triggerId, eventData) {
  const data = dep.inputs.map(valueOf);
  const shown = dep.show_progress !== "hidden" ? dep.outputs : [];
  busy(shown, true);
  let current = null;
  const result = await transport.submit(dep.id, data, triggerId, eventData, {
    progress: (items) => {
      const p = items[0] || {};
      const done = p.progress != null ? `${Math.round(p.progress * 100)}%` : p.length ? `${p.index}/${p.length}` : "";
      busy(shown, true, [p.desc, done].filter(Boolean).join(" "));
    },
    log: (level, message) => toast(level, message),
    generating: (output) => {
      current = current === null ? output.data : output.data.map((edits, i) => edit(current[i], edits));
      dep.outputs.forEach((id, i) => apply(id, current[i]));
      applyHtml(output.html);
    },
  });
  busy(shown, false);
  if (result.success) {
    const output = result.output || {};
    (output.data || []).forEach((value, i) => apply(dep.outputs[i], value));
    for (const [id, value] of Object.entries(output.updates || {})) apply(Number(id), value);
    applyHtml(output.html);
  } else if (result.output && Object.keys(result.output).length) {
    toast("error", result.output.error);
  }
  for (const next of config.dependencies) {
    if (next.trigger_after !== dep.id) continue;
    if (next.trigger_only_on_success && !result.success) continue;
    if (next.trigger_only_on_failure && result.success) continue;
    trigger(next, null);
  }
  return result.success;
}

function render(node, parent) {
  const spec = specs.get(node.id);
  if (!spec) {
    for (const child of node.children || []) render(child, parent);
    return;
  }
  const props = { ...spec.props };
  if (props.interactive === undefined) props.interactive = inputs.has(spec.id) || !outputs.has(spec.id);
  const inst = create(spec.type, props, {
    id: spec.id,
    emit: (event, data) => fire(spec.id, event, data),
    kit: { el, block, common },
    upload: (files) => transport.upload(files),
    toast,
  });
  instances.set(spec.id, inst);
  if (inst.el) (parent.add ? parent.add(inst, props) : parent.el.append(inst.el));
  for (const child of node.children || []) render(child, inst);
}

const root = { el: document.getElementById("app") };
try {
  await loadKinds(config.modules);
} catch (err) {
  banner(`A component's browser module failed to load: ${err}`);
}
render(config.layout, root);
// The footer's "Use via API" link opens the API page, whose code loads only then.
const openApi = () => import("./api.js").then((m) => m.open(), (err) => banner(`The API page failed to load: ${err}`));
const apiLink = Object.assign(document.createElement("a"), { href: "?view=api", id: "use-via-api", textContent: "Use via API" });
apiLink.addEventListener("click", (e) => { e.preventDefault(); openApi(); });
const footer = Object.assign(document.createElement("footer"), { className: "footer" });
footer.append(apiLink, " · Built with blocks");
document.body.append(footer);
if (new URLSearchParams(location.search).get("view") === "api") openApi();
transport.heartbeat();
fire(0, "load");
window.__blocks = { config, transport, instances, renderedAt: performance.now() };
