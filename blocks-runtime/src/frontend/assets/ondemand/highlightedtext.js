// HighlightedText: text whose spans carry a label (coloured, with the label after the span)
// or a score (red when positive, blue when negative). Clicking a span selects it.
// Value: [{token, class_or_confidence}].

const STYLE = `.hl-text { line-height: 2; white-space: pre-wrap; overflow-wrap: anywhere; }
.hl-token { border-radius: 4px; padding: 1px 2px; }
.hl-token[data-label], .hl-token[data-score] { cursor: pointer; }
.hl-category { font-size: 0.7rem; font-weight: 700; text-transform: uppercase; margin-left: 4px; padding: 0 4px; border-radius: 3px; color: #fff; vertical-align: 1px; }
.hl-legend { display: flex; flex-wrap: wrap; gap: 6px; }
.hl-legend span { font-size: 0.8rem; font-weight: 600; padding: 1px 8px; border-radius: 4px; }`;
const PALETTE = ["#f59f00", "#1c7ed6", "#2f9e44", "#e03131", "#9c36b5", "#0c8599", "#e8590c", "#5c940d"];

function addStyle() {
  if (document.getElementById("blocks-hl-style")) return;
  const style = document.createElement("style");
  style.id = "blocks-hl-style";
  style.textContent = STYLE;
  document.head.append(style);
}

export function create(props, ctx) {
  addStyle();
  const { el, block, common } = ctx.kit;
  let current = { ...props };
  const text = el("div", { class: "hl-text" });
  const legend = el("div", { class: "hl-legend" });
  const parts = block(props, text, "highlightedtext");
  parts.root.insertBefore(legend, text);
  let value = props.value ?? null;
  const draw = () => {
    const spans = Array.isArray(value) ? value : [];
    const labels = [...new Set(spans.map((s) => s.class_or_confidence).filter((c) => typeof c === "string"))];
    const colorOf = (label) => current.color_map?.[label] ?? PALETTE[labels.indexOf(label) % PALETTE.length];
    text.replaceChildren(...spans.map((span, index) => {
      const mark = span.class_or_confidence;
      const node = el("span", { class: "hl-token", "data-index": index }, span.token ?? "");
      if (typeof mark === "string") {
        node.dataset.label = mark;
        node.style.background = `color-mix(in srgb, ${colorOf(mark)} 30%, transparent)`;
        if (current.show_inline_category !== false) {
          const tag = el("span", { class: "hl-category", text: mark });
          tag.style.background = colorOf(mark);
          node.append(tag);
        }
      } else if (typeof mark === "number") {
        node.dataset.score = mark;
        const strength = Math.round(Math.min(Math.abs(mark), 1) * 100);
        node.style.background = `color-mix(in srgb, ${mark >= 0 ? "#e03131" : "#1c7ed6"} ${strength}%, transparent)`;
        node.title = String(mark);
      }
      return node;
    }));
    legend.hidden = !current.show_legend || !labels.length;
    legend.replaceChildren(...labels.map((label) => {
      const chip = el("span", { text: label });
      chip.style.background = `color-mix(in srgb, ${colorOf(label)} 30%, transparent)`;
      return chip;
    }));
  };
  text.addEventListener("click", (e) => {
    const node = e.target.closest(".hl-token");
    if (!node) return;
    const span = value[Number(node.dataset.index)];
    ctx.emit("select", { index: Number(node.dataset.index), value: [span.token, span.class_or_confidence ?? null], selected: true });
  });
  draw();
  common(parts, props);
  return {
    el: parts.root,
    get: () => value,
    set: (v) => { value = v ?? null; draw(); },
    update: (p) => { current = { ...current, ...p }; common(parts, p); draw(); },
  };
}
