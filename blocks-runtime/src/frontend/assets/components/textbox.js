// Textbox: a single-line input or a text area. Value: string.
import { block, common, debounce, el } from "./base.js";

export function create(props, ctx) {
  const multi = (props.lines || 1) > 1;
  const input = multi
    ? el("textarea", { rows: props.lines, placeholder: props.placeholder })
    : el("input", { type: props.type || "text", placeholder: props.placeholder, autocomplete: "off" });
  const parts = block(props, input, "textbox");
  const setInteractive = (on) => { input.disabled = !on; };
  input.value = props.value ?? "";
  // As Gradio: `change` whenever the text changes (the dependency's trigger mode, always_last
  // by default, coalesces keystrokes); `input` too, debounced; Enter submits.
  const emitInput = debounce(() => ctx.emit("input"), 80);
  input.addEventListener("input", () => { ctx.emit("change"); emitInput(); });
  input.addEventListener("focus", () => ctx.emit("focus"));
  input.addEventListener("blur", () => ctx.emit("blur"));
  input.addEventListener("select", () => {
    const index = [input.selectionStart, input.selectionEnd];
    ctx.emit("select", { index, value: input.value.substring(...index) });
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (!multi || !e.shiftKey) && !e.isComposing) {
      if (multi) e.preventDefault();
      ctx.emit("submit");
    }
  });
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get: () => input.value,
    set: (v) => { input.value = v ?? ""; },
    update: (p) => {
      if ("placeholder" in p) input.placeholder = p.placeholder ?? "";
      common(parts, p, setInteractive);
    },
  };
}
