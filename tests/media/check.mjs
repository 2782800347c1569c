// Drives a blocks media app with the official JS client (@gradio/client): `handle_file` of a
// Blob is uploaded by the client, and outputs come back as FileData with a URL. Usage:
// `node check.mjs SCENARIO URL`; the findings are printed as one JSON line, last.

import { pathToFileURL } from "node:url";
import { join } from "node:path";

const modules = process.env.BLOCKS_GRADIO_JS_MODULES;
if (!modules) throw new Error("BLOCKS_GRADIO_JS_MODULES must name the node_modules folder with @gradio/client");
const { Client, handle_file } = await import(pathToFileURL(join(modules, "@gradio/client/dist/index.js")).href);

const [scenario, url] = process.argv.slice(2);

const scenarios = {
  async file_info() {
    const client = await Client.connect(url);
    const blob = new Blob([new TextEncoder().encode("hello from node")], { type: "text/plain" });
    const result = await client.predict("/file_info", [handle_file(blob)]);
    return { data: result.data };
  },
  async reports() {
    const client = await Client.connect(url);
    const result = await client.predict("/reports", ["a,b"]);
    const [files, download] = result.data;
    const bodies = [];
    for (const file of files) bodies.push(await (await fetch(new URL(file.url, url))).text());
    return { files, download, bodies };
  },
};

console.log(JSON.stringify(await scenarios[scenario]()));
process.exit(0);
