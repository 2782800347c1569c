// Media components: File, Files, UploadButton, DownloadButton, Image, Audio, Video, Gallery
// (one module, loaded only by apps that use them; `props.name` says which kind). Values are
// Gradio's FileData objects: the page uploads a chosen or dropped file to /gradio_api/upload
// (ctx.upload) and holds the FileData; the server sends outputs as FileData with a URL.

const CSS = `
.media-body { position: relative; }
.media-drop { border: 2px dashed var(--border); border-radius: var(--radius); padding: 28px 12px; text-align: center; color: var(--muted); cursor: pointer; }
.media-drop.dragging, .media-drop:focus { border-color: var(--focus); outline: none; }
.media-view img, .media-view video { max-width: 100%; display: block; margin: 0 auto; border-radius: var(--radius); }
.media-view audio { width: 100%; }
.media-gallery { display: grid; gap: var(--gap); }
.gallery-item { margin: 0; } .gallery-item img { width: 100%; aspect-ratio: 1; object-fit: cover; }
.gallery-item figcaption { color: var(--muted); font-size: 0.9em; text-align: center; }
.file-list { list-style: none; padding: 0; margin: 0; } .file-size { color: var(--muted); }
.media-clear { position: absolute; top: -26px; right: 0; border: 1px solid var(--border); background: var(--panel); border-radius: 50%; cursor: pointer; }
.media-download { display: inline-block; margin-top: 6px; }
.media-status:empty { display: none; }
a.button { display: block; text-align: center; text-decoration: none; } a.button[aria-disabled] { opacity: 0.6; pointer-events: none; }`;
if (!document.getElementById("blocks-media-css")) {
  document.head.append(Object.assign(document.createElement("style"), { id: "blocks-media-css", textContent: CSS }));
}

// A file's URL relative to the page (the server's `/gradio_api/file=…` too), so that files
// load when the app is served under a prefix or mounted at a path.
const href = (file) => {
  const url = file?.url || (file?.path ? `gradio_api/file=${encodeURI(file.path)}` : "");
  return url.startsWith("/gradio_api/") ? url.slice(1) : url;
};
const nameOf = (file) => file?.orig_name || String(file?.path || "").split("/").pop();

function sizeText(bytes) {
  if (bytes == null) return "";
  const units = ["B", "KB", "MB", "GB"];
  let n = bytes, u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u += 1; }
  return `${u ? n.toFixed(1) : n} ${units[u]}`;
}

// The file picker's `accept`: Gradio's file_types (".pdf", "image", "file").
function accept(types, fallback) {
  if (!types || !types.length) return fallback;
  if (types.includes("file")) return undefined;
  return types.map((t) => (t.startsWith(".") ? t : `${t}/*`)).join(",");
}

// Whether a file matches an `accept` list (".png", "image/*", "image/png"; none: any).
function accepted(file, acc) {
  if (!acc) return true;
  const name = file.name.toLowerCase(), type = file.type.toLowerCase();
  return acc.split(",").map((a) => a.trim().toLowerCase()).some((a) =>
    a.startsWith(".") ? name.endsWith(a) : a.endsWith("/*") ? type.startsWith(a.slice(0, -1)) : type === a);
}

// A drop zone: click to pick, drag and drop, paste (when `clipboard`); calls `take(files)`.
function dropZone(kit, text, { accept: acc, multiple, clipboard }, take) {
  const input = kit.el("input", { type: "file", accept: acc, multiple, hidden: true, class: "media-input" });
  const zone = kit.el("div", { class: "media-drop", tabindex: "0", role: "button", text }, input);
  zone.addEventListener("click", (e) => { if (e.target !== input) input.click(); });
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") input.click(); });
  input.addEventListener("change", () => { if (input.files.length) take([...input.files]); input.value = ""; });
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) take(multiple ? files : files.slice(0, 1));
  });
  if (clipboard) {
    // Paste (Ctrl+V with the zone focused): the first pasted file of an accepted type.
    zone.addEventListener("paste", (e) => {
      const files = [...(e.clipboardData?.files || [])].filter((f) => accepted(f, acc));
      if (!files.length) return;
      e.preventDefault();
      take(files.slice(0, 1));
    });
  }
  return { zone, input };
}

// What each kind shows for a value.
function viewer(kind, kit, props) {
  const box = kit.el("div", { class: `media-view media-${kind}` });
  const show = (value) => {
    box.replaceChildren();
    if (value == null || (Array.isArray(value) && !value.length)) { box.hidden = true; return; }
    box.hidden = false;
    if (kind === "image") {
      const img = kit.el("img", { src: href(value), alt: nameOf(value) });
      if (props.height) img.style.maxHeight = `${props.height}px`;
      if (props.width) img.style.maxWidth = `${props.width}px`;
      box.append(img);
    } else if (kind === "audio" || kind === "video") {
      const player = kit.el(kind, { src: href(value), controls: true, autoplay: props.autoplay, loop: props.loop });
      if (props.height) player.style.maxHeight = `${props.height}px`;
      box.append(player);
    } else if (kind === "gallery") {
      box.style.gridTemplateColumns = `repeat(${props.columns || 2}, 1fr)`;
      for (const item of value) {
        const media = item.video
          ? kit.el("video", { src: href(item.video), controls: true })
          : kit.el("img", { src: href(item.image), alt: item.caption || nameOf(item.image) });
        box.append(kit.el("figure", { class: "gallery-item" }, media,
          kit.el("figcaption", { text: item.caption ?? "", hidden: item.caption == null })));
      }
      return;
    } else {
      const list = kit.el("ul", { class: "file-list" });
      for (const file of Array.isArray(value) ? value : [value]) {
        list.append(kit.el("li", {},
          kit.el("a", { href: href(file), download: nameOf(file), text: nameOf(file) }),
          kit.el("span", { class: "file-size", text: ` ${sizeText(file.size)}` })));
      }
      box.append(list);
      return;
    }
    if (props.show_download_button !== false) {
      box.append(kit.el("a", { class: "media-download", href: href(value), download: nameOf(value), text: "Download" }));
    }
  };
  return { box, show };
}

const KINDS = {
  file: { fallback: undefined, text: "Drop a file here or click to upload" },
  image: { fallback: "image/*", text: "Drop an image here or click to upload" },
  audio: { fallback: "audio/*", text: "Drop a sound here or click to upload" },
  video: { fallback: "video/*", text: "Drop a video here or click to upload" },
  gallery: { fallback: "image/*", text: "Drop images here or click to upload" },
};

function uploadButton(props, ctx) {
  const { el, common } = ctx.kit;
  let value = props.value ?? null;
  const multiple = props.file_count === "multiple";
  const input = el("input", { type: "file", accept: accept(props.file_types), multiple, hidden: true });
  const button = el("button", { class: `button ${props.variant || "secondary"}`, type: "button", text: props.label ?? "Upload a File" });
  const root = el("div", { class: "block uploadbutton" }, button, input);
  const parts = { root, label: null, info: null };
  button.addEventListener("click", () => { ctx.emit("click"); input.click(); });
  input.addEventListener("change", async () => {
    const files = [...input.files];
    input.value = "";
    if (!files.length) return;
    try {
      const uploaded = await ctx.upload(files);
      value = multiple ? uploaded : uploaded[0];
      ctx.emit("change");
      ctx.emit("upload");
    } catch (err) { ctx.toast?.("error", String(err.message || err)); }
  });
  const setInteractive = (on) => { button.disabled = !on; };
  common(parts, props, setInteractive);
  return {
    el: root, get: () => value, set: (v) => { value = v ?? null; },
    update: (p) => { if ("label" in p) button.textContent = p.label ?? ""; common(parts, p, setInteractive); },
  };
}

function downloadButton(props, ctx) {
  const { el, common } = ctx.kit;
  let value = props.value ?? null;
  const link = el("a", { class: `button ${props.variant || "secondary"}`, role: "button", text: props.label ?? "Download" });
  const root = el("div", { class: "block downloadbutton" }, link);
  const parts = { root, label: null, info: null };
  const point = () => {
    if (value) { link.href = href(value); link.download = nameOf(value); link.removeAttribute("aria-disabled"); }
    else { link.removeAttribute("href"); link.setAttribute("aria-disabled", "true"); }
  };
  link.addEventListener("click", () => ctx.emit("click"));
  point();
  common(parts, props);
  return {
    el: root, get: () => value, set: (v) => { value = v ?? null; point(); },
    update: (p) => { if ("label" in p) link.textContent = p.label ?? ""; common(parts, p); },
  };
}

export function create(props, ctx) {
  const kind = props.name === "file" || KINDS[props.name] ? props.name : "file";
  if (props.name === "uploadbutton") return uploadButton(props, ctx);
  if (props.name === "downloadbutton") return downloadButton(props, ctx);
  const { el, block, common } = ctx.kit;
  const multiple = kind === "gallery" || props.file_count === "multiple";
  let value = props.value ?? (kind === "gallery" ? [] : null);
  const view = viewer(kind, ctx.kit, props);
  const sources = props.sources || ["upload"];
  const spec = KINDS[kind];
  const status = el("div", { class: "media-status", role: "status" });
  const take = async (files) => {
    status.textContent = "Uploading…";
    try {
      const uploaded = await ctx.upload(files);
      if (kind === "gallery") value = uploaded.map((image) => ({ image, caption: null }));
      else value = multiple ? uploaded : uploaded[0];
      status.textContent = "";
      view.show(value);
      refresh();
      ctx.emit("change");
      ctx.emit("upload");
    } catch (err) {
      status.textContent = String(err.message || err);
    }
  };
  const drop = dropZone(ctx.kit, spec.text, {
    accept: accept(props.file_types, spec.fallback), multiple, clipboard: sources.includes("clipboard"),
  }, take);
  const clear = el("button", { class: "media-clear", type: "button", "aria-label": "Clear", text: "×" });
  clear.addEventListener("click", () => {
    value = kind === "gallery" ? [] : null;
    view.show(value);
    refresh();
    ctx.emit("change");
    ctx.emit("clear");
  });
  const body = el("div", { class: "media-body" }, view.box, drop.zone, clear, status);
  const parts = block(props, drop.input, `media ${kind}`);
  parts.root.append(body);
  let interactive = props.interactive !== false;
  const refresh = () => {
    const empty = value == null || (Array.isArray(value) && !value.length);
    drop.zone.hidden = !interactive || !empty;
    clear.hidden = !interactive || empty;
  };
  const setInteractive = (on) => { interactive = on; refresh(); };
  view.show(value);
  common(parts, props, setInteractive);
  refresh();
  return {
    el: parts.root,
    get: () => value,
    set: (v) => { value = v ?? (kind === "gallery" ? [] : null); view.show(value); refresh(); },
    update: (p) => common(parts, p, setInteractive),
  };
}
