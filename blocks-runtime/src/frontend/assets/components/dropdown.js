// Dropdown: a select, single or multiple. Value: the chosen value, or a list of them.
import { block, choicePairs, common, el } from "./base.js";

export function create(props, ctx) {
  const multi = Boolean(props.multiselect);
  const select = el("select", { multiple: multi });
  const parts = block(props, select, "dropdown");
  const setInteractive = (on) => { select.disabled = !on; };
  const build = (choices) => {
    select.replaceChildren(...choicePairs(choices).map(([shown, value]) => el("option", { value: String(value), text: shown })));
  };
  const get = () => (multi ? Array.from(select.selectedOptions, (o) => o.value) : select.value || null);
  const set = (v) => {
    const chosen = multi ? (v || []).map(String) : [String(v ?? "")];
    for (const option of select.options) option.selected = chosen.includes(option.value);
    if (!multi && v == null) select.selectedIndex = -1;
  };
  build(props.choices);
  set(props.value);
  select.addEventListener("change", () => {
    ctx.emit("input"); ctx.emit("change");
    const option = select.options[select.selectedIndex];
    if (option) ctx.emit("select", { index: select.selectedIndex, value: option.value, selected: option.selected });
  });
  select.addEventListener("focus", () => ctx.emit("focus"));
  select.addEventListener("blur", () => ctx.emit("blur"));
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get,
    set,
    update: (p) => {
      if ("choices" in p) { const v = get(); build(p.choices); set(v); }
      common(parts, p, setInteractive);
    },
  };
}
