// Chatbot: a conversation. Value: list of {role, content}. Text only.
import { block, common, el } from "./base.js";

export function create(props) {
  const log = el("div", { class: "chat", role: "log", "aria-live": "polite" });
  const parts = block(props, log, "chatbot");
  let value = props.value ?? [];
  const set = (v) => {
    value = v ?? [];
    log.replaceChildren(...value.map((m) => el("div", { class: `message ${m.role}`, text: m.content ?? "" })));
    log.scrollTop = log.scrollHeight;
  };
  set(value);
  common(parts, props);
  return { el: parts.root, get: () => value, set, update: (p) => common(parts, p) };
}
