// Toasts (alerts and errors) and the "connection lost" banner.

const TITLES = { error: "Error", warning: "Warning", info: "Info", success: "Success" };

export function toast(level, message, seconds = 10) {
  const box = document.getElementById("toasts");
  const item = document.createElement("div");
  item.className = `toast toast-${level}`;
  item.setAttribute("role", level === "error" ? "alert" : "status");
  const title = document.createElement("strong");
  title.textContent = TITLES[level] || level;
  const text = document.createElement("p");
  text.textContent = message || "Something went wrong.";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "toast-close";
  close.setAttribute("aria-label", "Dismiss");
  close.textContent = "×";
  close.addEventListener("click", () => item.remove());
  item.append(title, text, close);
  box.append(item);
  if (seconds) setTimeout(() => item.remove(), seconds * 1000);
}

export function banner(text) {
  const el = document.getElementById("banner");
  el.textContent = text || "";
  el.hidden = !text;
}
