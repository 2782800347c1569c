// DateTime: a date-time as text ("YYYY-MM-DD HH:MM:SS", "now - 5m"), with the browser's
// calendar picker beside it. Value: the text, or null when empty.

const STYLE = `.datetime-row { display: flex; gap: 6px; align-items: stretch; }
.datetime-row { flex-wrap: wrap; }
.datetime-row .datetime-text { flex: 1 1 13em; font-variant-numeric: tabular-nums; }
.datetime-row .datetime-pick { flex: 0 1 14em; min-width: 0; }
.datetime-text[aria-invalid="true"] { border-color: var(--error); }`;
const FORMAT = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$|^\s*now\s*(-\s*\d+\s*[smhd])?\s*$/;

function addStyle() {
  if (document.getElementById("blocks-datetime-style")) return;
  const style = document.createElement("style");
  style.id = "blocks-datetime-style";
  style.textContent = STYLE;
  document.head.append(style);
}

export function create(props, ctx) {
  addStyle();
  const { el, block, common } = ctx.kit;
  let withTime = props.include_time !== false;
  const text = el("input", { type: "text", class: "datetime-text", autocomplete: "off", spellcheck: "false" });
  const pick = el("input", { class: "datetime-pick", "aria-label": "Pick from a calendar" });
  const parts = block(props, text, "datetime");
  const row = el("div", { class: "datetime-row" });
  parts.root.replaceChild(row, text);
  row.append(text, pick);
  const shape = () => {
    pick.type = withTime ? "datetime-local" : "date";
    if (withTime) pick.step = "1"; else pick.removeAttribute("step");
    text.placeholder = withTime ? "YYYY-MM-DD HH:MM:SS" : "YYYY-MM-DD";
  };
  // The text shown in the calendar picker (it cannot show "now").
  const sync = () => {
    const v = text.value.trim();
    text.setAttribute("aria-invalid", v && !FORMAT.test(v) ? "true" : "false");
    if (/^\d{4}-\d{2}-\d{2}/.test(v)) pick.value = withTime ? `${v.slice(0, 10)}T${v.slice(11, 19) || "00:00:00"}` : v.slice(0, 10);
  };
  const show = (v) => { text.value = v ?? ""; sync(); };
  const setInteractive = (on) => { text.disabled = !on; pick.disabled = !on; };
  pick.addEventListener("change", () => {
    if (!pick.value) return;
    let v = pick.value.replace("T", " ");
    if (withTime && v.length === 16) v += ":00";
    show(v);
    ctx.emit("change");
  });
  text.addEventListener("input", sync);
  text.addEventListener("change", () => ctx.emit("change"));
  text.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.isComposing) ctx.emit("submit"); });
  shape();
  show(props.value);
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get: () => text.value.trim() || null,
    set: show,
    update: (p) => {
      if ("include_time" in p) { withTime = p.include_time !== false; shape(); sync(); }
      common(parts, p, setInteractive);
    },
  };
}
