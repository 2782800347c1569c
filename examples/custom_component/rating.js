// Rating: one to five stars, the browser module of the `Rating` kind in custom_component.rs.
// The page calls create(props, ctx) and gets back { el, get, set, update }.
export function create(props, ctx) {
  const { el, block, common } = ctx.kit;
  const stars = el("div", { class: "rating", role: "radiogroup" });
  const parts = block(props, stars, "rating");
  let value = props.value ?? null;
  let interactive = props.interactive !== false;
  const buttons = [1, 2, 3, 4, 5].map((n) => {
    const star = el("button", {
      type: "button", role: "radio", "aria-label": `${n} star${n > 1 ? "s" : ""}`,
      "data-stars": n, class: "star",
      style: "border: none; background: none; font-size: 1.6rem; color: #e3a008; cursor: pointer; padding: 0 2px;",
    });
    star.addEventListener("click", () => {
      if (!interactive) return;
      show(n);
      ctx.emit("change");
    });
    stars.append(star);
    return star;
  });
  function show(n) {
    value = n;
    buttons.forEach((b, i) => {
      b.textContent = i < (n ?? 0) ? "★" : "☆";
      b.setAttribute("aria-checked", String(i + 1 === n));
    });
  }
  const setInteractive = (on) => {
    interactive = on;
    buttons.forEach((b) => { b.disabled = !on; });
  };
  show(value);
  common(parts, props, setInteractive);
  return {
    el: parts.root,
    get: () => value,
    set: (v) => show(v ?? null),
    update: (p) => common(parts, p, setInteractive),
  };
}
