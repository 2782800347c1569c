// Button: a trigger. Value: its text.
import { common, el } from "./base.js";

export function create(props, ctx) {
  const button = el("button", { type: "button", class: `button ${props.variant || "secondary"}`, text: props.value ?? "" });
  const parts = { root: button, label: null, info: null };
  const setInteractive = (on) => { button.disabled = !on; };
  button.addEventListener("click", () => ctx.emit("click"));
  common(parts, { ...props, interactive: props.interactive ?? true }, setInteractive);
  return {
    el: button,
    get: () => button.textContent,
    set: (v) => { if (v != null) button.textContent = v; },
    update: (p) => {
      if ("variant" in p) button.className = `button ${p.variant}`;
      common(parts, p, setInteractive);
    },
  };
}
