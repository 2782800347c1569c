// CheckboxGroup: several boxes in a fieldset. Value: list of checked choice values.
import { choicePairs, common, el, uid } from "./base.js";

export function create(props, ctx) {
  const legend = el("legend", { class: "label", text: props.label ?? "" });
  const list = el("div", { class: "choices" });
  const root = el("fieldset", { class: "block checkboxgroup" }, legend, list);
  const parts = { root, label: legend, info: null };
  let boxes = [];
  let interactive = true;
  const build = (choices, checked) => {
    list.replaceChildren();
    boxes = choicePairs(choices).map(([shown, value], index) => {
      const id = uid();
      const box = el("input", { type: "checkbox", id, value: String(value) });
      box.checked = checked.includes(value);
      box.disabled = !interactive;
      box.addEventListener("change", () => { ctx.emit("input"); ctx.emit("change"); ctx.emit("select", { index, value, selected: box.checked }); });
      list.append(el("label", { class: "choice", for: id }, box, document.createTextNode(shown)));
      return [box, value];
    });
  };
  const get = () => boxes.filter(([b]) => b.checked).map(([, v]) => v);
  const setInteractive = (on) => { interactive = on; for (const [b] of boxes) b.disabled = !on; };
  let choices = props.choices;
  build(choices, props.value || []);
  common(parts, props, setInteractive);
  return {
    el: root,
    get,
    set: (v) => { for (const [b, value] of boxes) b.checked = (v || []).includes(value); },
    update: (p) => {
      if ("choices" in p) { choices = p.choices; build(choices, get()); }
      common(parts, p, setInteractive);
    },
  };
}
