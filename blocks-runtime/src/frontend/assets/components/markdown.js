// Markdown: shown as the HTML the server rendered and sanitised. Value: the Markdown source.
import { common, el } from "./base.js";

export function create(props) {
  const body = el("div", { class: "prose" });
  const root = el("div", { class: "block markdown" }, body);
  const parts = { root, label: null, info: null };
  let source = props.value ?? "";
  body.innerHTML = props.html ?? ""; // sanitised by the server (ammonia)
  common(parts, props);
  return {
    el: root,
    get: () => source,
    set: (v) => { source = v ?? ""; },
    setHtml: (html) => { body.innerHTML = html; },
    update: (p) => common(parts, p),
  };
}
