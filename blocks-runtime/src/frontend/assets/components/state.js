// State: lives on the server; the page sends null for it and shows nothing.
export function create() {
  return { el: null, get: () => null, set: () => {}, update: () => {} };
}
