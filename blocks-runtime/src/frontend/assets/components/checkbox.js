// Checkbox: one box. Value: boolean.
import { common, el, uid } from "./base.js";

export function create(props, ctx) {
  const id = uid();
  const box = el("input", { type: "checkbox", id });
  const text = el("label", { for: id, text: props.label ?? "" });
  const root = el("div", { class: "block checkbox" }, el("div", { class: "check-row" }, box, text));
  const parts = { root, label: text, info: null };
  const setInteractive = (on) => { box.disabled = !on; };
  box.checked = Boolean(props.value);
  box.addEventListener("change", () => {
    ctx.emit("input"); ctx.emit("change"); ctx.emit("select", { index: 0, value: props.label ?? null, selected: box.checked });
  });
  common(parts, props, setInteractive);
  return {
    el: root,
    get: () => box.checked,
    set: (v) => { box.checked = Boolean(v); },
    update: (p) => common(parts, p, setInteractive),
  };
}
