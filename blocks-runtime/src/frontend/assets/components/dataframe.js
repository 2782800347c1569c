// Dataframe: a table. Value: {headers, data}. Clicking a cell (or Enter on it) selects it.
import { block, common, el } from "./base.js";

export function create(props, ctx) {
  const table = el("table", { class: "dataframe" });
  const scroll = el("div", { class: "table-scroll", tabindex: "0" }, table);
  const parts = block(props, scroll, "dataframe-block");
  let value = props.value ?? { headers: props.headers || [], data: [] };
  const set = (v) => {
    value = v ?? { headers: [], data: [] };
    const head = el("tr", {}, ...(value.headers || []).map((h) => el("th", { scope: "col", text: String(h) })));
    const rows = (value.data || []).map((row, r) => el("tr", {}, ...row.map((cell, c) =>
      el("td", { tabindex: "-1", "data-row": r, "data-col": c, text: cell == null ? "" : String(cell) }))));
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  };
  // Gradio's SelectData for a cell: its [row, column], value, whole row and whole column.
  const pick = (td) => {
    const [r, c] = [Number(td.dataset.row), Number(td.dataset.col)];
    const data = value.data || [];
    for (const cell of table.querySelectorAll("td.selected")) cell.classList.remove("selected");
    td.classList.add("selected");
    ctx.emit("select", { index: [r, c], value: data[r]?.[c] ?? null, row_value: data[r] ?? [], col_value: data.map((row) => row[c]) });
  };
  table.addEventListener("click", (e) => { const td = e.target.closest("td"); if (td) { td.focus(); pick(td); } });
  table.addEventListener("keydown", (e) => { const td = e.target.closest("td"); if (td && e.key === "Enter") pick(td); });
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
