// HTML: app-written HTML, shown as the server sanitised it. Value: the HTML source.
import { common, el } from "./base.js";

export function create(props, ctx) {
  const body = el("div", { class: "html-body" });
  const root = el("div", { class: "block html" }, body);
  const parts = { root, label: null, info: null };
  let source = props.value ?? "";
  body.innerHTML = props.html ?? ""; // sanitised by the server (ammonia)
  root.addEventListener("click", () => ctx.emit("click"));
  common(parts, props);
  return {
    el: root,
    get: () => source,
    set: (v) => { source = v ?? ""; },
    setHtml: (html) => { body.innerHTML = html; },
    update: (p) => common(parts, p),
  };
}
