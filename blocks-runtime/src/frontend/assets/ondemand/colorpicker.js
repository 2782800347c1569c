// ColorPicker: the browser's colour input with the hex code beside it. Value: "#rrggbb".

const STYLE = `.color-row { display: flex; align-items: center; gap: 10px; }
.color-row input[type="color"] { width: 56px; height: 34px; padding: 2px; cursor: pointer; }
.color-hex { font-family: ui-monospace, monospace; font-size: 0.9rem; }`;

function addStyle() {
  if (document.getElementById("blocks-color-style")) return;
  const style = document.createElement("style");
  style.id = "blocks-color-style";
  style.textContent = STYLE;
  document.head.append(style);
}

export function create(props, ctx) {
  addStyle();
  const { el, block, common } = ctx.kit;
  const input = el("input", { type: "color" });
  const hex = el("span", { class: "color-hex", "aria-live": "polite" });
  const parts = block(props, input, "colorpicker");
  const row = el("div", { class: "color-row" });
  parts.root.replaceChild(row, input);
  row.append(input, hex);
  const show = (v) => {
    input.value = /^#[0-9a-fA-F]{6}$/.test(v ?? "") ? v.toLowerCase() : "#000000";
    hex.textContent = input.value;
  };
  const setInteractive = (on) => { input.disabled = !on; };
  // As a Slider: `change` and `input` while the user picks (the trigger mode coalesces them).
  input.addEventListener("input", () => { hex.textContent = input.value; ctx.emit("change"); ctx.emit("input"); });
  input.addEventListener("focus", () => ctx.emit("focus"));
  input.addEventListener("blur", () => ctx.emit("blur"));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") ctx.emit("submit"); });
  show(props.value);
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get: () => input.value,
    set: show,
    update: (p) => common(parts, p, setInteractive),
  };
}
