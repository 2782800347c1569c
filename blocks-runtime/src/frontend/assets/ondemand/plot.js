// Plots (LinePlot, ScatterPlot, BarPlot): Gradio's plot data ({columns, data, datatypes, mark})
// drawn as SVG. Served as the `nativeplot` kind's module, so only apps with a plot load it.

const NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#3b82f6", "#f97316", "#22c55e", "#ef4444", "#a855f7", "#14b8a6", "#eab308", "#ec4899", "#64748b", "#84cc16"];
const STYLE = `.plot-box svg { width: 100%; height: auto; display: block; overflow: visible; }
.plot-box text { fill: var(--muted); font-size: 11px; }
.plot-box .plot-title { fill: var(--text); font-size: 14px; font-weight: 600; }
.plot-box .axis-title { fill: var(--text); font-size: 12px; }
.plot-box .grid { stroke: var(--border); stroke-width: 1; }
.plot-box .axis { stroke: var(--muted); stroke-width: 1; }
.plot-box .line { fill: none; stroke-width: 2; }
.plot-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem; align-items: center; }
.plot-legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
.plot-caption, .plot-empty { font-size: 0.85rem; color: var(--muted); margin: 0; }`;

function addStyle() {
  if (document.getElementById("blocks-plot-style")) return;
  const style = document.createElement("style");
  style.id = "blocks-plot-style";
  style.textContent = STYLE;
  document.head.append(style);
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value != null) node.setAttribute(key, value);
  if (text != null) node.textContent = text;
  return node;
}

// Round tick values covering [min, max].
function scale(min, max, count) {
  if (!(max > min)) { const pad = Math.abs(min) / 10 || 1; min -= pad; max += pad; }
  const rough = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = mag * [1, 2, 5, 10].find((s) => s * mag >= rough);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(+v.toFixed(10));
  return { lo, hi, ticks };
}

const number = (v) => (Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(+v.toPrecision(6)));
const when = (ms, span) => { const t = new Date(ms).toISOString(); return span < 2 * 864e5 ? t.slice(11, 19) : t.slice(0, 10); };
const unique = (list) => [...new Set(list)];

// Gradio's plot data, from it or from a Dataframe's {headers, data} (what a prop update of the
// value sends): the column types are read from the cells when missing.
function normalize(value) {
  if (!value || typeof value !== "object") return null;
  const columns = value.columns ?? value.headers ?? [];
  const data = Array.isArray(value.data) ? value.data : [];
  const datatypes = value.datatypes ?? Object.fromEntries(columns.map((c, i) => {
    const cells = data.map((r) => r[i]).filter((v) => v != null);
    return [c, cells.length && cells.every((v) => typeof v === "number") ? "quantitative" : "nominal"];
  }));
  return { columns, data, datatypes, mark: value.mark };
}

function draw(box, legend, raw, props) {
  const value = normalize(raw);
  // Drawn at the box's width in pixels, so that text keeps its size.
  const W = Math.max(box.clientWidth || 640, 240), H = props.height || 320;
  const m = { top: props.title ? 36 : 14, right: 16, bottom: 46, left: 62 };
  const pw = W - m.left - m.right, ph = H - m.top - m.bottom;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": props.title || `${props.y} by ${props.x}` });
  box.replaceChildren(root);
  legend.replaceChildren();
  legend.hidden = true;
  if (props.title) root.append(svg("text", { class: "plot-title", x: W / 2, y: 20, "text-anchor": "middle" }, props.title));
  const cols = value?.columns || [];
  const [xi, yi] = [cols.indexOf(props.x), cols.indexOf(props.y)];
  const ci = props.color ? cols.indexOf(props.color) : -1;
  if (!value || xi < 0 || yi < 0) {
    const why = !value ? "No data" : `No column "${xi < 0 ? props.x : props.y}" in the data`;
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "plot-empty", textContent: why }));
    return;
  }
  const mark = value.mark || { lineplot: "line", scatterplot: "point", barplot: "bar" }[props.name] || "line";
  const temporal = value.datatypes?.[props.x] === "temporal";
  const nominal = mark === "bar" || value.datatypes?.[props.x] === "nominal";
  const rows = (value.data || []).filter((r) => r[xi] != null && r[yi] != null && Number.isFinite(Number(r[yi])));
  const series = ci >= 0 ? unique(rows.map((r) => String(r[ci]))) : [""];
  const colorOf = (name) => props.color_map?.[name] ?? PALETTE[series.indexOf(name) % PALETTE.length];
  const seriesOf = (r) => (ci >= 0 ? String(r[ci]) : "");

  // x: categories in a band each, or a linear scale.
  const cats = nominal ? unique(rows.map((r) => String(r[xi]))) : [];
  const band = pw / Math.max(cats.length, 1);
  let xs = null;
  if (!nominal) {
    const v = rows.map((r) => Number(r[xi]));
    xs = scale(Math.min(...v), Math.max(...v), 6);
  }
  const xpos = (raw) => nominal
    ? m.left + band * (cats.indexOf(String(raw)) + 0.5)
    : m.left + ((Number(raw) - xs.lo) / (xs.hi - xs.lo)) * pw;

  // y: the values, or for bars the sums per category and series, stacked.
  const stacks = new Map();
  if (mark === "bar") {
    for (const r of rows) {
      const key = `${r[xi]}\u0000${seriesOf(r)}`;
      stacks.set(key, (stacks.get(key) || 0) + Number(r[yi]));
    }
  }
  const totals = cats.map((c) => series.reduce((sum, s) => sum + (stacks.get(`${c}\u0000${s}`) || 0), 0));
  const yv = mark === "bar" ? [0, ...totals] : rows.map((r) => Number(r[yi]));
  const [ylo, yhi] = [props.y_lim?.[0] ?? Math.min(...yv), props.y_lim?.[1] ?? Math.max(...yv)];
  const ys = scale(ylo, yhi, 5);
  const ypos = (v) => m.top + ph - ((v - ys.lo) / (ys.hi - ys.lo)) * ph;

  for (const t of ys.ticks) {
    root.append(svg("line", { class: "grid", x1: m.left, x2: m.left + pw, y1: ypos(t), y2: ypos(t) }));
    root.append(svg("text", { x: m.left - 6, y: ypos(t) + 4, "text-anchor": "end" }, number(t)));
  }
  root.append(svg("line", { class: "axis", x1: m.left, x2: m.left + pw, y1: m.top + ph, y2: m.top + ph }));
  if (props.x_axis_labels_visible !== false) {
    const labels = nominal ? cats : xs.ticks;
    const every = Math.ceil(labels.length / 12);
    labels.forEach((t, i) => {
      if (i % every) return;
      const text = nominal ? t : temporal ? when(t, xs.hi - xs.lo) : number(t);
      root.append(svg("text", { x: xpos(t), y: m.top + ph + 16, "text-anchor": "middle" }, text));
    });
  }
  root.append(svg("text", { class: "axis-title", x: m.left + pw / 2, y: H - 8, "text-anchor": "middle" }, props.x_title ?? props.x));
  root.append(svg("text", { class: "axis-title", x: 14, y: m.top + ph / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${m.top + ph / 2})` }, props.y_title ?? props.y));

  const tip = (r) => [`${props.x}: ${r[xi]}`, `${props.y}: ${r[yi]}`, ci >= 0 ? `${props.color}: ${r[ci]}` : null].filter(Boolean).join("\n");
  const marks = svg("g", { class: "marks" });
  root.append(marks);
  if (mark === "bar") {
    cats.forEach((c) => {
      let base = 0;
      for (const s of series) {
        const sum = stacks.get(`${c}\u0000${s}`);
        if (sum === undefined) continue;
        const [y0, y1] = [ypos(base), ypos(base + sum)];
        const rect = svg("rect", { class: "bar", "data-series": s, x: xpos(c) - band * 0.35, width: band * 0.7, y: Math.min(y0, y1), height: Math.abs(y0 - y1), fill: colorOf(s) });
        rect.append(svg("title", {}, [`${props.x}: ${c}`, `${props.y}: ${number(sum)}`, ci >= 0 ? `${props.color}: ${s}` : null].filter(Boolean).join("\n")));
        marks.append(rect);
        base += sum;
      }
    });
  } else {
    for (const s of series) {
      const own = rows.filter((r) => seriesOf(r) === s);
      if (mark === "line") {
        const sorted = nominal ? own : [...own].sort((a, b) => Number(a[xi]) - Number(b[xi]));
        const d = sorted.map((r, i) => `${i ? "L" : "M"}${xpos(r[xi]).toFixed(1)},${ypos(Number(r[yi])).toFixed(1)}`).join("");
        marks.append(svg("path", { class: "line", "data-series": s, d, stroke: colorOf(s) }));
      }
      for (const r of own) {
        const dot = svg("circle", { class: mark === "line" ? "dot" : "point", "data-series": s, cx: xpos(r[xi]), cy: ypos(Number(r[yi])), r: mark === "line" ? 3 : 4.5, fill: colorOf(s), "fill-opacity": mark === "line" ? 1 : 0.8 });
        dot.append(svg("title", {}, tip(r)));
        marks.append(dot);
      }
    }
  }
  if (ci >= 0) {
    legend.hidden = false;
    const title = Object.assign(document.createElement("strong"), { textContent: props.color_title ?? props.color });
    legend.append(title, ...series.map((s) => {
      const item = Object.assign(document.createElement("span"), { className: "legend-item" });
      const swatch = Object.assign(document.createElement("span"), { className: "swatch" });
      swatch.style.background = colorOf(s);
      item.append(swatch, s);
      return item;
    }));
  }
}

export function create(props, ctx) {
  addStyle();
  const { el, block, common } = ctx.kit;
  const box = el("div", { class: "plot-box" });
  const legend = el("div", { class: "plot-legend" });
  const caption = el("p", { class: "plot-caption" });
  const parts = block(props, box, "plot");
  parts.root.append(legend, caption);
  let current = { ...props };
  let value = props.value ?? null;
  const redraw = () => {
    draw(box, legend, value, current);
    caption.textContent = current.caption ?? "";
    caption.hidden = !current.caption;
  };
  redraw();
  // Redrawn when the box's width changes (first when it is placed in the page).
  let width = 0;
  new ResizeObserver(() => {
    if (box.clientWidth && box.clientWidth !== width) { width = box.clientWidth; redraw(); }
  }).observe(box);
  common(parts, props);
  return {
    el: parts.root,
    get: () => value,
    // A handler's new value: its `change` listeners are run by the server.
    set: (v) => { value = v ?? null; redraw(); },
    update: (p) => {
      current = { ...current, ...p };
      common(parts, p);
      redraw();
    },
  };
}
