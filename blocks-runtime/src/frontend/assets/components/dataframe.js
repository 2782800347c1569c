// Dataframe: a table. Value: {headers, data}.
import { block, common, el } from "./base.js";

export function create(props) {
  const table = el("table", { class: "dataframe" });
  const scroll = el("div", { class: "table-scroll", tabindex: "0" }, table);
  const parts = block(props, scroll, "dataframe-block");
  let value = props.value ?? { headers: props.headers || [], data: [] };
  const set = (v) => {
    value = v ?? { headers: [], data: [] };
    const head = el("tr", {}, ...(value.headers || []).map((h) => el("th", { scope: "col", text: String(h) })));
    const rows = (value.data || []).map((row) => el("tr", {}, ...row.map((cell) => el("td", { text: cell == null ? "" : String(cell) }))));
    table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  };
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
