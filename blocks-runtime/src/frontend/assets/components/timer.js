// Timer: fires `tick` every `value` seconds while active. No element.
export function create(props, ctx) {
  let seconds = Number(props.value ?? 1);
  let active = props.active !== false;
  let handle = null;
  const restart = () => {
    clearInterval(handle);
    handle = active && seconds > 0 ? setInterval(() => ctx.emit("tick"), seconds * 1000) : null;
  };
  restart();
  return {
    el: null,
    get: () => seconds,
    set: (v) => { if (v != null) { seconds = Number(v); restart(); } },
    update: (p) => { if ("active" in p) { active = p.active !== false; restart(); } },
  };
}
