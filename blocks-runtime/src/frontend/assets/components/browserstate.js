// BrowserState: the server's sealed token for the value, kept in localStorage under
// `storage_key`. The page never sees the value itself. A change in another tab of the same
// app arrives as a `storage` event and fires `change` here too.
export function create(props, ctx) {
  const key = props.storage_key || "blocks_browser_state";
  const read = () => { try { return localStorage.getItem(key); } catch { return null; } };
  let token = read();
  window.addEventListener("storage", (e) => {
    if (e.key !== key || e.newValue === token) return;
    token = e.newValue;
    ctx.emit("change");
  });
  return {
    el: null,
    get: () => token,
    set: (v) => {
      if (typeof v !== "string" || v === token) return;
      token = v;
      try { localStorage.setItem(key, v); } catch { /* storage full or blocked */ }
    },
    update: () => {},
  };
}
