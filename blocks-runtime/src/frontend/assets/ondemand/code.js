// Code: source code with its language. Read-only, it is highlighted (comments, strings,
// numbers, keywords); editable, it is a monospaced text area. Value: string.

const STYLE = `.code-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.code-lang { font-size: 0.75rem; font-family: ui-monospace, monospace; color: var(--muted); border: 1px solid var(--border); border-radius: 999px; padding: 0 8px; }
.code-copy { font: inherit; font-size: 0.75rem; background: none; border: 1px solid var(--border); border-radius: 6px; color: var(--text); cursor: pointer; padding: 1px 8px; }
.code-body { display: flex; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; line-height: 1.5; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); overflow: auto; }
.code-lines { margin: 0; padding: 8px 8px 8px 10px; text-align: right; color: var(--muted); user-select: none; border-right: 1px solid var(--border); }
.code-view { margin: 0; padding: 8px 10px; flex: 1; white-space: pre; }
.code-body.wrap .code-view { white-space: pre-wrap; overflow-wrap: anywhere; }
textarea.code-input { font: inherit; border: none; border-radius: 0; background: transparent; padding: 8px 10px; flex: 1; resize: vertical; white-space: pre; line-height: 1.5; }
.tok-comment { color: #6a737d; font-style: italic; } .tok-string { color: #22863a; } .tok-number { color: #b45309; } .tok-keyword { color: #a626a4; font-weight: 600; }
@media (prefers-color-scheme: dark) { .tok-string { color: #7ee787; } .tok-number { color: #f0b072; } .tok-keyword { color: #d2a8ff; } }`;

const KEYWORDS = {
  python: "and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield",
  javascript: "async await break case catch class const continue default delete do else export extends false finally for function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while yield",
  c: "auto break case char const continue default do double else enum extern float for goto if int long register return short signed sizeof static struct switch typedef union unsigned void volatile while",
  sql: "select from where and or not insert into values update set delete create table drop alter join left right inner outer on group by order having limit as distinct null is in like between union all",
  shell: "if then else elif fi for while do done case esac function in return export local echo",
  r: "if else repeat while function for in next break TRUE FALSE NULL Inf NaN NA",
  yaml: "true false null yes no",
  json: "true false null",
  dockerfile: "FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD SHELL",
};
KEYWORDS.typescript = `${KEYWORDS.javascript} interface type enum implements private public protected readonly`;
KEYWORDS.cpp = `${KEYWORDS.c} bool class namespace template typename public private protected virtual new delete this true false nullptr using`;
const HASH_COMMENTS = new Set(["python", "shell", "r", "yaml", "dockerfile"]);

// Splits code into [class, text] tokens for `language` (plain text for others).
function tokens(code, language) {
  const base = language?.startsWith("sql") ? "sql" : language;
  const words = KEYWORDS[base];
  if (!words) return [["", code]];
  const keywords = new Set(words.split(" ").map((w) => (base === "sql" ? w.toLowerCase() : w)));
  const comment = HASH_COMMENTS.has(base) ? "#[^\\n]*" : base === "sql" ? "--[^\\n]*" : "//[^\\n]*|/\\*[\\s\\S]*?\\*/";
  const pattern = new RegExp(`(${comment})|("(?:\\\\.|[^"\\\\])*"|'(?:\\\\.|[^'\\\\])*'|\`(?:\\\\.|[^\`\\\\])*\`)|(\\b\\d[\\d_.]*(?:e[+-]?\\d+)?\\b)|([A-Za-z_][\\w]*)`, "g");
  const out = [];
  let last = 0;
  for (const match of code.matchAll(pattern)) {
    if (match.index > last) out.push(["", code.slice(last, match.index)]);
    const [text, isComment, isString, isNumber, word] = match;
    const cls = isComment ? "tok-comment" : isString ? "tok-string" : isNumber ? "tok-number"
      : word && keywords.has(base === "sql" ? word.toLowerCase() : word) ? "tok-keyword" : "";
    out.push([cls, text]);
    last = match.index + text.length;
  }
  if (last < code.length) out.push(["", code.slice(last)]);
  return out;
}

function addStyle() {
  if (document.getElementById("blocks-code-style")) return;
  const style = document.createElement("style");
  style.id = "blocks-code-style";
  style.textContent = STYLE;
  document.head.append(style);
}

export function create(props, ctx) {
  addStyle();
  const { el, block, common } = ctx.kit;
  let current = { ...props };
  let value = props.value ?? "";
  const lang = el("span", { class: "code-lang" });
  const copy = el("button", { type: "button", class: "code-copy", text: "Copy" });
  const numbers = el("pre", { class: "code-lines", "aria-hidden": "true" });
  const view = el("pre", { class: "code-view" });
  const input = el("textarea", { class: "code-input", spellcheck: "false", autocomplete: "off", "aria-label": props.label ?? "Code" });
  const body = el("div", { class: "code-body" });
  const parts = block(props, input, "code");
  parts.root.insertBefore(el("div", { class: "code-head" }, lang, copy), parts.root.lastChild);
  parts.root.replaceChild(body, input);
  let editable = false;
  const draw = () => {
    const lines = Math.max(value.split("\n").length, current.lines || 1);
    const shown = current.max_lines ? Math.min(lines, current.max_lines) : lines;
    lang.textContent = current.language || "plain text";
    copy.hidden = !(current.buttons ?? ["copy"]).includes("copy");
    body.classList.toggle("wrap", !!current.wrap_lines);
    numbers.hidden = current.show_line_numbers === false;
    numbers.textContent = Array.from({ length: Math.max(value.split("\n").length, 1) }, (_, i) => i + 1).join("\n");
    body.style.maxHeight = `${shown * 1.5 + 1.2}em`;
    body.style.minHeight = `${Math.min(current.lines || 1, shown) * 1.5 + 1.2}em`;
    if (editable) {
      if (input.value !== value) input.value = value;
      body.replaceChildren(numbers, input);
    } else {
      view.replaceChildren(...tokens(value, current.language).map(([cls, text]) => (cls ? el("span", { class: cls, text }) : document.createTextNode(text))));
      body.replaceChildren(numbers, view);
    }
  };
  const setInteractive = (on) => { editable = on; draw(); };
  let timer;
  input.addEventListener("input", () => {
    value = input.value;
    numbers.textContent = Array.from({ length: value.split("\n").length }, (_, i) => i + 1).join("\n");
    ctx.emit("change");
    clearTimeout(timer);
    timer = setTimeout(() => ctx.emit("input"), 80);
  });
  input.addEventListener("focus", () => ctx.emit("focus"));
  input.addEventListener("blur", () => ctx.emit("blur"));
  copy.addEventListener("click", () => navigator.clipboard?.writeText(value).then(() => { copy.textContent = "Copied"; }, () => {}));
  common(parts, props, setInteractive);
  draw();
  return {
    el: parts.root,
    get: () => value,
    set: (v) => { value = v ?? ""; draw(); },
    update: (p) => { current = { ...current, ...p }; common(parts, p, setInteractive); draw(); },
  };
}
