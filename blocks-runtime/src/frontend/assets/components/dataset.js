// Dataset: a table of samples (Examples under a form). Value: the index of the picked sample.
// Clicking a row sets it and fires `click` and `select`; long lists are paged.
import { block, common, el } from "./base.js";

const cell = (v) => (v == null ? "" : typeof v === "string" ? v : JSON.stringify(v));

export function create(props, ctx) {
  const table = el("table", { class: "dataset" });
  const pager = el("div", { class: "pager" });
  const view = el("div", { class: "table-scroll" }, table, pager);
  const parts = block(props, view, "dataset-block");
  let p = { ...props };
  let value = props.value ?? null;
  let page = 0;
  const draw = () => {
    const samples = p.samples || [];
    const per = Math.max(1, p.samples_per_page || 10);
    const pages = Math.ceil(samples.length / per);
    page = Math.min(page, Math.max(0, pages - 1));
    const head = (p.headers || []).length ? [el("thead", {}, el("tr", {}, ...p.headers.map((h) => el("th", { text: h }))))] : [];
    const rows = samples.slice(page * per, (page + 1) * per).map((sample, i) => {
      const index = page * per + i;
      const label = p.sample_labels?.[index];
      const cells = label != null ? [el("td", { text: label })] : sample.map((v) => el("td", { text: cell(v) }));
      const row = el("tr", { class: index === value ? "sample selected" : "sample", tabindex: 0, "data-index": index }, ...cells);
      const pick = () => {
        value = index;
        draw();
        ctx.emit("click");
        ctx.emit("select", { index, value: sample, selected: true });
      };
      row.addEventListener("click", pick);
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
      return row;
    });
    table.replaceChildren(...head, el("tbody", {}, ...rows));
    pager.replaceChildren(...(pages > 1 ? Array.from({ length: pages }, (_, n) => {
      const b = el("button", { type: "button", class: n === page ? "page current" : "page", text: String(n + 1) });
      b.addEventListener("click", () => { page = n; draw(); });
      return b;
    }) : []));
  };
  draw();
  common(parts, props);
  return {
    el: parts.root,
    get: () => value,
    set: (v) => { value = v ?? null; draw(); },
    update: (u) => { p = { ...p, ...u }; draw(); common(parts, u); },
  };
}
