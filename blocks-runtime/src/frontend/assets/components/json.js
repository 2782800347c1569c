// JSON: any value, pretty-printed. Value: the JSON value.
import { block, common, el } from "./base.js";

export function create(props) {
  const pre = el("pre", { class: "json-view", tabindex: "0" });
  const parts = block(props, pre, "json");
  let value = props.value ?? null;
  const set = (v) => { value = v ?? null; pre.textContent = JSON.stringify(value, null, 2); };
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
