// The "Use via API" page, loaded only when the footer's link is clicked (it is not part of the
// first load): every public endpoint with its parameters (names, types, defaults) and returns,
// ready-to-copy snippets for Python (gradio_client), JavaScript (@gradio/client) and curl as
// /gradio_api/info gives them, and the configuration to paste into an MCP client.

const LANGUAGES = [
  ["python", "Python"],
  ["javascript", "JavaScript"],
  ["bash", "cURL"],
  ["mcp", "MCP"],
];

const CSS = `
#api-page { position: fixed; inset: 0; background: rgb(0 0 0 / 0.45); display: flex; justify-content: flex-end; z-index: 20; }
#api-page .api-panel { background: var(--bg); color: var(--text); width: min(860px, 100%); height: 100%; overflow: auto; padding: 20px 24px; display: flex; flex-direction: column; gap: var(--gap); }
#api-page header { display: flex; align-items: center; justify-content: space-between; gap: var(--gap); }
#api-page h2, #api-page h3, #api-page h4 { margin: 0; }
#api-page h4 { font-size: 0.9rem; color: var(--muted); }
#api-page .api-tabs { display: flex; gap: 6px; flex-wrap: wrap; }
#api-page .api-tabs button[aria-selected="true"] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
#api-page .api-endpoint, #api-page .api-mcp { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: 12px 14px; display: flex; flex-direction: column; gap: 8px; }
#api-page table { border-collapse: collapse; font-size: 0.9rem; }
#api-page th, #api-page td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
#api-page .api-snippet { position: relative; }
#api-page pre { margin: 0; padding: 10px 12px; background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); overflow: auto; font-size: 0.85rem; white-space: pre; tab-size: 4; }
#api-page .api-copy { position: absolute; top: 6px; right: 6px; font-size: 0.8rem; }
#api-page .api-description { white-space: pre-wrap; margin: 0; }
#api-page .api-muted { color: var(--muted); font-size: 0.9rem; }
`;

/** An element with attributes and children (text children are text, never HTML). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** A code block with a Copy button. */
function snippet(lang, code) {
  const copy = h("button", {
    class: "api-copy",
    type: "button",
    text: "Copy",
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(code);
        copy.textContent = "Copied";
      } catch {
        copy.textContent = "Select and copy";
      }
    },
  });
  return h("div", { class: "api-snippet", "data-lang": lang }, h("pre", {}, h("code", { text: code })), copy);
}

function literal(value) {
  return value === null ? "None" : JSON.stringify(value);
}

function endpointSection(name, info) {
  const params = info.parameters || [];
  const rows = params.map((p) =>
    h("tr", {},
      h("td", {}, h("code", { text: p.parameter_name })),
      h("td", {}, h("code", { text: p.python_type?.type ?? "" })),
      h("td", { text: p.component }),
      h("td", { text: p.parameter_has_default ? `Default: ${literal(p.parameter_default)}` : "Required" }),
      h("td", { text: p.python_type?.description ?? "" }),
    ));
  const returns = (info.returns || []).map((r, i) =>
    h("li", {}, `[${i}] ${r.label}: `, h("code", { text: r.python_type?.type ?? "" }), ` (${r.component})`));
  const snippets = LANGUAGES.filter(([lang]) => info.code_snippets?.[lang]).map(([lang]) =>
    snippet(lang, info.code_snippets[lang]));
  return h("section", { class: "api-endpoint", "data-endpoint": name },
    h("h3", {}, h("code", { text: name })),
    info.description ? h("p", { class: "api-description", text: info.description }) : null,
    h("h4", { text: params.length ? `Accepts ${params.length} parameter${params.length > 1 ? "s" : ""}` : "Accepts no parameters" }),
    params.length ? h("table", {}, h("thead", {}, h("tr", {}, ...["Name", "Type", "Component", "Default", "Description"].map((t) => h("th", { text: t })))), h("tbody", {}, ...rows)) : null,
    h("h4", { text: returns.length ? `Returns ${returns.length} value${returns.length > 1 ? "s" : ""}` : "Returns nothing" }),
    returns.length ? h("ul", {}, ...returns) : null,
    ...snippets,
  );
}

function mcpSection(tools) {
  const url = new URL("gradio_api/mcp/", location.href).href;
  if (!tools) {
    return h("section", { class: "api-mcp", "data-lang": "mcp" },
      h("h3", { text: "MCP" }),
      h("p", { class: "api-muted", text: "This app does not serve MCP. Start it with app.mcp_server(true) or BLOCKS_MCP_SERVER=true to offer its endpoints as tools to LLM agents." }));
  }
  const config = JSON.stringify({ mcpServers: { [document.title.toLowerCase().replace(/[^a-z0-9]+/g, "_") || "blocks"]: { url } } }, null, 2);
  return h("section", { class: "api-mcp", "data-lang": "mcp" },
    h("h3", { text: "MCP" }),
    h("p", { text: "This app is an MCP server: paste this into your MCP client's configuration (streamable HTTP)." }),
    snippet("mcp", config),
    h("p", { class: "api-muted" }, "Clients that only speak the older SSE transport connect to ", h("code", { text: `${url}sse` }), "."),
    h("h4", { text: `${tools.length} tool${tools.length === 1 ? "" : "s"}` }),
    h("ul", {}, ...tools.map((t) => h("li", {}, h("code", { text: t.name }), t.description ? ` — ${t.description}` : ""))),
  );
}

function show(page, lang) {
  for (const tab of page.querySelectorAll("[role=tab]")) tab.setAttribute("aria-selected", String(tab.dataset.lang === lang));
  for (const node of page.querySelectorAll(".api-snippet, .api-mcp")) {
    node.hidden = node.closest(".api-mcp") ? lang !== "mcp" : node.dataset.lang !== lang;
  }
  for (const node of page.querySelectorAll(".api-endpoint")) node.hidden = lang === "mcp";
}

function close() {
  document.getElementById("api-page")?.remove();
  const url = new URL(location.href);
  url.searchParams.delete("view");
  history.replaceState(history.state, "", url);
}

/** Opens the API page (again, if it is open). */
export async function open() {
  document.getElementById("api-page")?.remove();
  if (!document.getElementById("api-page-style")) document.head.append(h("style", { id: "api-page-style", text: CSS }));
  const [info, tools] = await Promise.all([
    fetch("gradio_api/info").then((r) => r.json()),
    fetch("gradio_api/mcp/schema").then((r) => (r.ok ? r.json() : null), () => null),
  ]);
  const endpoints = Object.entries(info.named_endpoints || {});
  const tabs = h("div", { class: "api-tabs", role: "tablist" },
    ...LANGUAGES.map(([lang, label]) =>
      h("button", { type: "button", role: "tab", "data-lang": lang, text: label, onclick: () => show(page, lang) })));
  const page = h("div", { id: "api-page", role: "dialog", "aria-modal": "true", "aria-labelledby": "api-title",
    onclick: (e) => { if (e.target === page) close(); },
    onkeydown: (e) => { if (e.key === "Escape") close(); } },
    h("div", { class: "api-panel" },
      h("header", {}, h("h2", { id: "api-title", text: "API documentation" }),
        h("button", { type: "button", class: "api-close", "aria-label": "Close", text: "✕", onclick: close })),
      h("p", { class: "api-muted", text: `${endpoints.length} API endpoint${endpoints.length === 1 ? "" : "s"}. Choose how to call them:` }),
      tabs,
      ...endpoints.map(([name, e]) => endpointSection(name, e)),
      mcpSection(tools)));
  document.body.append(page);
  show(page, "python");
  const url = new URL(location.href);
  url.searchParams.set("view", "api");
  history.replaceState(history.state, "", url);
  page.querySelector("[role=tab]").focus();
}
