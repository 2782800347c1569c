// The component registry: `type` in /config → the module that builds it.
import * as textbox from "./textbox.js";
import * as number from "./number.js";
import * as slider from "./slider.js";
import * as checkbox from "./checkbox.js";
import * as checkboxgroup from "./checkboxgroup.js";
import * as radio from "./radio.js";
import * as dropdown from "./dropdown.js";
import * as button from "./button.js";
import * as markdown from "./markdown.js";
import * as html from "./html.js";
import * as json from "./json.js";
import * as label from "./label.js";
import * as dataframe from "./dataframe.js";
import * as chatbot from "./chatbot.js";
import * as dataset from "./dataset.js";
import * as timer from "./timer.js";
import * as state from "./state.js";
import * as browserstate from "./browserstate.js";
import * as layout from "./layout.js";

const kinds = {
  textbox, number, slider, checkbox, checkboxgroup, radio, dropdown, button, markdown, html,
  json, label, dataframe, chatbot, dataset, timer, state, browserstate,
};
const layouts = { row: layout.row, column: layout.column, group: layout.group, tabs: layout.tabs, tabitem: layout.tabitem, accordion: layout.accordion };

// Loads the app's own kinds (`config.modules`: kind → module URL) before the page is drawn.
export async function loadKinds(modules) {
  await Promise.all(Object.entries(modules || {}).map(async ([type, url]) => {
    // Relative to the page (the app's root, wherever it is mounted), not to this module.
    kinds[type] = await import(new URL(url, document.baseURI).href);
  }));
}

// Draws a component; a kind without a module is an error shown where it would be, never a
// silent stand-in.
export function create(type, props, ctx) {
  if (layouts[type]) return layouts[type](props, ctx);
  const kind = kinds[type];
  if (!kind || typeof kind.create !== "function") {
    const message = `blocks: no browser module for the component kind "${type}"`;
    console.error(message);
    const box = document.createElement("div");
    box.className = "block unknown-kind";
    box.setAttribute("role", "alert");
    box.textContent = message;
    return { el: box, get: () => null, set: () => {} };
  }
  return kind.create(props, ctx);
}
