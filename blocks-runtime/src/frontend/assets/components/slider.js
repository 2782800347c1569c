// Slider: a range with its number shown. Value: number.
import { block, common, debounce, el } from "./base.js";

export function create(props, ctx) {
  const range = el("input", { type: "range", min: props.minimum ?? 0, max: props.maximum ?? 100, step: props.step ?? 1 });
  const shown = el("output", { class: "slider-value" });
  const row = el("div", { class: "slider-row" }, range, shown);
  const parts = block(props, null, "slider");
  range.id = parts.label.htmlFor;
  parts.root.append(row);
  const setInteractive = (on) => { range.disabled = !on; };
  const set = (v) => { range.value = v ?? props.minimum ?? 0; shown.textContent = range.value; };
  set(props.value);
  // As Gradio: `change` (and `input`, debounced) live while dragging; `release` when the drag
  // (or a key press) ends.
  const emitInput = debounce(() => ctx.emit("input"), 80);
  range.addEventListener("input", () => { shown.textContent = range.value; ctx.emit("change"); emitInput(); });
  range.addEventListener("change", () => ctx.emit("release"));
  common(parts, props, setInteractive);
  return { el: parts.root, get: () => Number(range.value), set, update: (p) => common(parts, p, setInteractive) };
}
