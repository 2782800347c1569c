// Radio: one choice of several. Value: the chosen value.
import { choicePairs, common, el, uid } from "./base.js";

export function create(props, ctx) {
  const legend = el("legend", { class: "label", text: props.label ?? "" });
  const list = el("div", { class: "choices", role: "radiogroup" });
  const root = el("fieldset", { class: "block radio" }, legend, list);
  const parts = { root, label: legend, info: null };
  const name = uid();
  let buttons = [];
  let interactive = true;
  const build = (choices, chosen) => {
    list.replaceChildren();
    buttons = choicePairs(choices).map(([shown, value], index) => {
      const id = uid();
      const button = el("input", { type: "radio", id, name, value: String(value) });
      button.checked = value === chosen;
      button.disabled = !interactive;
      button.addEventListener("change", () => { ctx.emit("input"); ctx.emit("change"); ctx.emit("select", { index, value, selected: true }); });
      list.append(el("label", { class: "choice", for: id }, button, document.createTextNode(shown)));
      return [button, value];
    });
  };
  const get = () => buttons.find(([b]) => b.checked)?.[1] ?? null;
  const setInteractive = (on) => { interactive = on; for (const [b] of buttons) b.disabled = !on; };
  build(props.choices, props.value);
  common(parts, props, setInteractive);
  return {
    el: root,
    get,
    set: (v) => { for (const [b, value] of buttons) b.checked = value === v; },
    update: (p) => {
      if ("choices" in p) build(p.choices, get());
      common(parts, p, setInteractive);
    },
  };
}
