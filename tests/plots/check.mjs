// Calls the plots test app (tests/plots/apps.rs) with the official JS client (@gradio/client),
// loaded from the node_modules folder named by BLOCKS_GRADIO_JS_MODULES: `node check.mjs URL`.
// Prints one JSON line of findings; tests/plots.rs makes the assertions.

import { pathToFileURL } from "node:url";
import { join } from "node:path";

const modules = process.env.BLOCKS_GRADIO_JS_MODULES;
if (!modules) {
  throw new Error("BLOCKS_GRADIO_JS_MODULES must name the node_modules folder with @gradio/client");
}
const { Client } = await import(pathToFileURL(join(modules, "@gradio/client/dist/index.js")).href);

const client = await Client.connect(process.argv[2]);
const table = { columns: ["x", "y"], data: [[1, 2], [2, 4]], datatypes: { x: "quantitative", y: "quantitative" }, mark: "line" };
const first = async (api, value) => (await client.predict(api, [value])).data[0];
const found = {
  scatter: await first("/scatter", table),
  date: await first("/date", "2024-12-31 23:00:00"),
  color: await first("/color", "#0A0B0C"),
  spans: await first("/spans", [{ token: "Rust", class_or_confidence: 0.5 }]),
  code: await first("/code", "let x = 1;"),
};
try {
  await client.predict("/spans", [[{ class_or_confidence: "X" }]]);
  found.bad_spans = "no error";
} catch (err) {
  found.bad_spans = String(err?.message ?? JSON.stringify(err));
}
console.log(JSON.stringify(found));
process.exit(0);
