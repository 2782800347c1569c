// Layout blocks: row, column, group, tabs and their tabs, accordion. They hold components.
import { common, el, uid } from "./base.js";

function container(kind, props) {
  const root = el("div", { class: `layout ${kind}` });
  if (kind === "row" && props.equal_height) root.classList.add("equal-height");
  const parts = { root, label: null, info: null };
  common(parts, props);
  return {
    el: root,
    get: () => null,
    set: () => {},
    update: (p) => common(parts, p),
  };
}

export const row = (props) => container("row", props);
export const column = (props) => container("column", props);
export const group = (props) => container("group", props);

export function tabs(props) {
  const list = el("div", { class: "tablist", role: "tablist" });
  const root = el("div", { class: "layout tabs" }, list);
  const parts = { root, label: null, info: null };
  const panes = [];
  const select = (index) => panes.forEach(({ button, inst }, i) => {
    button.setAttribute("aria-selected", String(i === index));
    button.tabIndex = i === index ? 0 : -1;
    inst.el.hidden = i !== index;
  });
  common(parts, props);
  return {
    el: root,
    get: () => null,
    set: () => {},
    update: (p) => common(parts, p),
    add(inst, childProps) {
      const id = uid();
      const index = panes.length;
      const button = el("button", { type: "button", role: "tab", id, class: "tab", text: childProps.label ?? `Tab ${index + 1}` });
      inst.el.setAttribute("role", "tabpanel");
      inst.el.setAttribute("aria-labelledby", id);
      button.addEventListener("click", () => select(index));
      button.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = (index + step + panes.length) % panes.length;
        select(next);
        panes[next].button.focus();
      });
      panes.push({ button, inst });
      list.append(button);
      root.append(inst.el);
      select(0);
    },
  };
}

export const tabitem = (props) => container("tabitem", props);

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
    update: (p) => { if ("open" in p) root.open = p.open; common(parts, p); },
  };
}
