// Label: a classification, with confidence bars. Value: {label, confidences}.
import { block, common, el } from "./base.js";

export function create(props) {
  const view = el("div", { class: "label-view" });
  const parts = block(props, view, "label-block");
  let value = props.value ?? null;
  const set = (v) => {
    value = v ?? null;
    view.replaceChildren();
    if (!value) return;
    view.append(el("div", { class: "label-top", text: value.label ?? "" }));
    for (const c of value.confidences || []) {
      const bar = el("div", { class: "bar" });
      bar.style.width = `${Math.round((c.confidence || 0) * 100)}%`;
      view.append(el("div", { class: "confidence" }, el("span", { text: c.label }), el("span", { text: `${Math.round((c.confidence || 0) * 100)}%` }), bar));
    }
  };
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
