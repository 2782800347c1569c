// Chatbot: a conversation. Value: Gradio 6 messages, {role, metadata, content: [{type, text}, …],
// options}. Shown as the HTML the server rendered and sanitised from each message's Markdown;
// as plain text until that HTML arrives. Clicking a message selects it.
import { block, common, el } from "./base.js";

const text = (m) => (typeof m.content === "string" ? m.content
  : (m.content || []).filter((c) => c.type === "text" || typeof c === "string").map((c) => c.text ?? c).join("\n\n"));

export function create(props, ctx) {
  const log = el("div", { class: "chat", role: "log", "aria-live": "polite" });
  const parts = block(props, log, "chatbot");
  const size = (h) => { if (h != null) log.style.height = typeof h === "number" ? `${h}px` : h; };
  size(props.height ?? 400);
  let value = props.value ?? [];
  const set = (v) => {
    value = Array.isArray(v) ? v : [];
    log.replaceChildren(...value.map((m, i) => el("div", { class: `message ${m.role} plain`, "data-index": i, text: text(m) })));
    log.scrollTop = log.scrollHeight;
  };
  const setHtml = (html) => { log.innerHTML = html; log.scrollTop = log.scrollHeight; }; // sanitised by the server (ammonia)
  log.addEventListener("click", (e) => {
    const message = e.target.closest?.(".message");
    if (!message || e.target.closest("a")) return;
    const index = Number(message.dataset.index);
    if (value[index]) ctx.emit("select", { index, value: text(value[index]), selected: true });
  });
  set(value);
  if (props.html != null) setHtml(props.html);
  common(parts, props);
  return {
    el: parts.root, get: () => value, set, setHtml,
    update: (p) => { if ("height" in p) size(p.height); common(parts, p); },
  };
}
