// Label: a classification, with confidence bars. Value: {label, confidences}. Clicking a class
// selects it.
import { block, common, el } from "./base.js";

export function create(props, ctx) {
  const view = el("div", { class: "label-view" });
  const parts = block(props, view, "label-block");
  let value = props.value ?? null;
  const set = (v) => {
    value = v ?? null;
    view.replaceChildren();
    if (!value) return;
    view.append(el("div", { class: "label-top", text: value.label ?? "" }));
    (value.confidences || []).forEach((c, index) => {
      const bar = el("div", { class: "bar" });
      bar.style.width = `${Math.round((c.confidence || 0) * 100)}%`;
      const row = el("button", { type: "button", class: "confidence" }, el("span", { text: c.label }), el("span", { text: `${Math.round((c.confidence || 0) * 100)}%` }), bar);
      row.addEventListener("click", () => ctx.emit("select", { index, value: c.label, selected: true }));
      view.append(row);
    });
  };
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
