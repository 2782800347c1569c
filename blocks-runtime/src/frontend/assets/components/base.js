// Shared helpers: building elements (text only, never HTML from data) and the props every
// component has.

let counter = 0;
export const uid = () => `blk-${++counter}`;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

// A labelled block around a control: the label is tied to the control for screen readers.
export function block(props, control, kind) {
  const id = control?.id || uid();
  if (control && !control.id) control.id = id;
  const label = el("label", { class: "label", for: id, text: props.label ?? "" });
  const info = el("span", { class: "info", text: props.info ?? "" });
  const root = el("div", { class: `block ${kind}` });
  if (props.label == null || props.show_label === false) label.hidden = true;
  if (!props.info) info.hidden = true;
  root.append(label, info);
  if (control) root.append(control);
  return { root, label, info };
}

// Applies the props every component shares; returns the props it did not handle.
export function common(parts, props, setInteractive) {
  const { root, label, info } = parts;
  if ("visible" in props) root.hidden = props.visible === false;
  if ("label" in props && label) { label.textContent = props.label ?? ""; label.hidden = props.label == null; }
  if ("info" in props && info) { info.textContent = props.info ?? ""; info.hidden = !props.info; }
  if ("elem_id" in props && props.elem_id) root.id = props.elem_id;
  if ("elem_classes" in props) for (const c of props.elem_classes || []) root.classList.add(c);
  if ("scale" in props && props.scale != null) root.style.flexGrow = props.scale;
  if ("min_width" in props && props.min_width != null) root.style.minWidth = `${props.min_width}px`;
  if ("interactive" in props && setInteractive) setInteractive(props.interactive !== false);
}

// Choices arrive as [display, value] pairs (or plain strings).
export const choicePairs = (choices) =>
  (choices || []).map((c) => (Array.isArray(c) ? c : [String(c), c]));

// Debounces a function (for `input` events while typing).
export function debounce(fn, ms) {
  let timer;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

// A block showing HTML the server rendered and sanitised (Markdown, HTML). Value: the source.
export function htmlView(kind, props, ctx) {
  const body = el("div", { class: kind === "markdown" ? "prose" : "html-body" });
  const root = el("div", { class: `block ${kind}` }, body);
  const parts = { root, label: null, info: null };
  let source = props.value ?? "";
  body.innerHTML = props.html ?? ""; // sanitised by the server (ammonia)
  if (ctx) root.addEventListener("click", () => ctx.emit("click"));
  common(parts, props);
  return {
    el: root,
    get: () => source,
    set: (v) => { source = v ?? ""; },
    setHtml: (html) => { body.innerHTML = html; },
    update: (p) => common(parts, p),
  };
}
