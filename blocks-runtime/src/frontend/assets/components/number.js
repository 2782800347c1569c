// Number: a numeric input. Value: number.
import { block, common, debounce, el } from "./base.js";

export function create(props, ctx) {
  const input = el("input", { type: "number", step: props.step ?? "any", min: props.minimum, max: props.maximum });
  const parts = block(props, input, "number");
  const setInteractive = (on) => { input.disabled = !on; };
  input.value = props.value ?? 0;
  const emitInput = debounce(() => ctx.emit("input"), 80);
  input.addEventListener("input", () => { ctx.emit("change"); emitInput(); });
  input.addEventListener("focus", () => ctx.emit("focus"));
  input.addEventListener("blur", () => ctx.emit("blur"));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") ctx.emit("submit"); });
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get: () => (input.value === "" ? null : Number(input.value)),
    set: (v) => { input.value = v ?? ""; },
    update: (p) => common(parts, p, setInteractive),
  };
}
