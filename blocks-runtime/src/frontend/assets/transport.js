// Transport: the queue protocol (sse_v3) that gradio_client speaks: POST /queue/join, then one
// /queue/data stream per session; a heartbeat stream that tells the server the page lives.

// Relative to the page, so the app works under any path prefix (a proxy, a mount).
const API = new URL("gradio_api", document.baseURI).href.replace(/\/$/, "");

function randomSession() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Reads an SSE response body and calls `onFrame` with each parsed `data:` payload.
async function readFrames(response, onFrame) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith("data: ")) continue;
      const text = frame.slice(6);
      let data;
      try { data = JSON.parse(text); } catch { data = text; }
      if (onFrame(data) === false) { reader.cancel().catch(() => {}); return; }
    }
  }
}

export class Transport {
  constructor(config, onLost, onBack) {
    this.session = randomSession();
    this.config = config;
    this.pending = new Map(); // event_id -> handlers
    this.early = new Map(); // messages that arrived before their join returned
    this.streaming = false;
    this.onLost = onLost;
    this.onBack = onBack;
    this.lost = false;
  }

  // Uploads files (browser `File`s) for this session; resolves to Gradio's FileData objects.
  async upload(files) {
    const form = new FormData();
    for (const f of files) form.append("files", f, f.name);
    const r = await fetch(`${API}/upload?session_hash=${this.session}`, { method: "POST", body: form });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail || body.error || `the upload failed (${r.status})`);
    return body.map((path, i) => ({
      path, url: null, orig_name: files[i].name, size: files[i].size,
      mime_type: files[i].type || null, is_stream: false, meta: { _type: "gradio.FileData" },
    }));
  }

  // Holds the heartbeat stream while the page lives; its end means the server is gone.
  heartbeat() {
    if (!this.config.connect_heartbeat) return;
    fetch(`${API}/heartbeat/${this.session}`)
      .then((r) => readFrames(r, () => {}))
      .catch(() => {})
      .finally(() => this.connectionLost());
  }

  connectionLost() {
    if (this.lost) return;
    this.lost = true;
    this.onLost();
    const appId = this.config.app_id;
    const poll = async () => {
      try {
        const r = await fetch(`${API}/app_id`);
        if (r.ok) {
          const { app_id } = await r.json();
          if (String(app_id) !== String(appId)) { location.reload(); return; }
          this.lost = false;
          this.onBack();
          this.heartbeat();
          return;
        }
      } catch { /* still down */ }
      setTimeout(poll, 2000);
    };
    setTimeout(poll, 1000);
  }

  // Submits an event; resolves with {success, output} when it completes.
  async submit(fnIndex, data, triggerId, eventData, handlers) {
    const response = await fetch(`${API}/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data, fn_index: fnIndex, session_hash: this.session, trigger_id: triggerId, event_data: eventData ?? null }),
    }).catch(() => null);
    if (!response) { this.connectionLost(); return { success: false, output: { error: "Connection lost" } }; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg || d.message).join("; ") : body.detail;
      return { success: false, output: { error: detail || `HTTP ${response.status}` } };
    }
    return new Promise((resolve) => {
      const entry = { ...handlers, resolve, fnIndex };
      this.pending.set(body.event_id, entry);
      for (const message of this.early.get(body.event_id) || []) this.route(message);
      this.early.delete(body.event_id);
      this.openStream();
    });
  }

  // Stops this page's running events of the given dependencies (a Stop button's `cancels`).
  cancel(fnIndices) {
    for (const [eventId, entry] of this.pending) {
      if (!fnIndices.includes(entry.fnIndex)) continue;
      fetch(`${API}/cancel`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ event_id: eventId, fn_index: entry.fnIndex, session_hash: this.session }),
      }).catch(() => {});
    }
  }

  openStream() {
    if (this.streaming) return;
    this.streaming = true;
    fetch(`${API}/queue/data?session_hash=${this.session}`)
      .then((r) => readFrames(r, (m) => this.route(m)))
      .catch(() => {})
      .finally(() => {
        this.streaming = false;
        // Events joined after the server decided to close need a new stream.
        if (this.pending.size > 0) setTimeout(() => this.openStream(), 50);
      });
  }

  route(message) {
    if (message.msg === "close_stream") return false;
    if (message.msg === "unexpected_error") {
      for (const [id, entry] of this.pending) {
        entry.resolve({ success: false, output: { error: message.message } });
        this.pending.delete(id);
      }
      return false;
    }
    const entry = this.pending.get(message.event_id);
    if (!entry) {
      if (message.event_id) {
        const list = this.early.get(message.event_id) || [];
        list.push(message);
        this.early.set(message.event_id, list);
      }
      return true;
    }
    switch (message.msg) {
      case "progress": entry.progress?.(message.progress_data); break;
      case "log": entry.log?.(message.level, message.log); break;
      case "process_generating": entry.generating?.(message.output); break;
      case "process_completed":
        this.pending.delete(message.event_id);
        entry.resolve({ success: message.success, output: message.output });
        break;
      default: break;
    }
    return true;
  }
}
