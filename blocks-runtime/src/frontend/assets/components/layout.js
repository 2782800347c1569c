// Layout blocks: row, column, group, tabs and their tabs, accordion. They hold components, and
// take prop updates from handlers: visible (all), open (accordion), selected (tabs: a tab's id).
import { common, el, uid } from "./base.js";

function container(kind, props, ctx) {
  const root = el("div", { class: `layout ${kind}` });
  if (kind === "row" && props.equal_height) root.classList.add("equal-height");
  const parts = { root, label: null, info: null };
  common(parts, props);
  return {
    el: root,
    props: { ...props },
    emit: ctx?.emit,
    get: () => null,
    set: () => {},
    update: (p) => common(parts, p),
  };
}

export const row = (props, ctx) => container("row", props, ctx);
export const column = (props, ctx) => container("column", props, ctx);
export const group = (props, ctx) => container("group", props, ctx);
export const tabitem = (props, ctx) => container("tabitem", props, ctx);

export function tabs(props) {
  const list = el("div", { class: "tablist", role: "tablist" });
  const root = el("div", { class: "layout tabs" }, list);
  const parts = { root, label: null, info: null };
  const panes = [];
  let current = 0;
  let wanted = props.selected;
  const show = (index) => {
    current = index;
    panes.forEach(({ button, inst }, i) => {
      button.setAttribute("aria-selected", String(i === index));
      button.tabIndex = i === index ? 0 : -1;
      inst.el.hidden = i !== index || button.hidden;
    });
  };
  // A tab by its `id` prop (Gradio's Tabs `selected`); unknown ids change nothing.
  const byId = (id) => panes.findIndex(({ inst }) => inst.props.id != null && inst.props.id === id);
  const choose = (index) => {
    show(index);
    const { inst } = panes[index];
    inst.emit?.("select", { index, value: inst.props.label ?? null, selected: true });
  };
  common(parts, props);
  return {
    el: root,
    get: () => null,
    set: () => {},
    update: (p) => {
      if ("selected" in p) { wanted = p.selected; const i = byId(p.selected); if (i >= 0) show(i); }
      common(parts, p);
    },
    add(inst, childProps) {
      const id = uid();
      const index = panes.length;
      const button = el("button", { type: "button", role: "tab", id, class: "tab", text: childProps.label ?? `Tab ${index + 1}` });
      button.hidden = childProps.visible === false;
      inst.el.setAttribute("role", "tabpanel");
      inst.el.setAttribute("aria-labelledby", id);
      const update = inst.update;
      inst.update = (p) => {
        update(p);
        Object.assign(inst.props, p);
        if ("label" in p) button.textContent = p.label ?? "";
        if ("visible" in p) button.hidden = p.visible === false;
        show(current);
      };
      button.addEventListener("click", () => choose(index));
      button.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = (index + step + panes.length) % panes.length;
        choose(next);
        panes[next].button.focus();
      });
      panes.push({ button, inst });
      list.append(button);
      root.append(inst.el);
      show(wanted != null && byId(wanted) >= 0 ? byId(wanted) : current);
    },
  };
}

export function accordion(props) {
  const summary = el("summary", { text: props.label ?? "" });
  const root = el("details", { class: "layout accordion" }, summary);
  root.open = props.open !== false;
  const parts = { root, label: summary, info: null };
  common(parts, props);
  return {
    el: root,
    get: () => null,
    set: () => {},
    update: (p) => { if ("open" in p) root.open = p.open !== false; common(parts, p); },
  };
}
