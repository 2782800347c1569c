// Drives the official JS client (@gradio/client) against a blocks app, as tests/gradio_js.rs
// asks: `node check.mjs SCENARIO URL [ARGS...]`. The client is loaded from the node_modules
// folder named by BLOCKS_GRADIO_JS_MODULES (where .ci/run installs package.json's pin). The
// findings are printed as one JSON line, last; the Rust test makes the assertions.

import { pathToFileURL } from "node:url";
import { join } from "node:path";

const modules = process.env.BLOCKS_GRADIO_JS_MODULES;
if (!modules) {
  throw new Error("BLOCKS_GRADIO_JS_MODULES must name the node_modules folder with @gradio/client");
}
const { Client } = await import(
  pathToFileURL(join(modules, "@gradio/client/dist/index.js")).href
);

const [scenario, url, ...rest] = process.argv.slice(2);
/** Status messages too, not only data (the client's default). */
const options = { events: ["data", "status"] };

/** `promise`, or "timeout" once `ms` have passed without it settling. */
function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ status: "timeout" }), ms);
  });
  const settled = promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason) => ({ status: "rejected", reason: String(reason?.message ?? reason) }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

/** Every `data` and `status` message of a submit, until the job ends. */
async function collect(job) {
  const data = [];
  const stages = [];
  for await (const message of job) {
    if (message.type === "data") data.push(message.data);
    if (message.type === "status") stages.push(message.stage);
  }
  return { data, stages };
}

const scenarios = {
  /** predict on /echo with the parameter named as view_api says, and positionally. */
  async echo() {
    const client = await Client.connect(url, options);
    const api = await client.view_api();
    const parameters = api.named_endpoints["/echo"].parameters;
    const name = parameters[0].parameter_name;
    const named = await client.predict("/echo", { [name]: "hello named" });
    const positional = await client.predict("/echo", ["hello positional"]);
    client.close();
    return {
      parameter_name: name,
      parameter_count: parameters.length,
      named: named.data,
      positional: positional.data,
    };
  },

  /** A streaming submit: every intermediate value, then the end. */
  async stream() {
    const client = await Client.connect(url, options);
    const { data, stages } = await collect(client.submit("/stream", ["tok"]));
    client.close();
    return { items: data.map((d) => d[0]), stages };
  },

  /** Cancels a running stream after its second value; the client then predicts again. */
  async cancel() {
    const client = await Client.connect(url, options);
    const job = client.submit("/stream", ["tok"]);
    const items = [];
    const stages = [];
    for await (const message of job) {
      if (message.type === "data") {
        items.push(message.data[0]);
        if (items.length === 2) await job.cancel();
      }
      if (message.type === "status") stages.push(message.stage);
    }
    const after = await within(client.predict("/stream", ["after"]), 10_000);
    client.close();
    return { items, stages, after: after.value?.data ?? after };
  },

  /** Two clients (two sessions) increment their own counters. */
  async per_session() {
    const a = await Client.connect(url, options);
    const b = await Client.connect(url, options);
    const counts = { a: [], b: [] };
    for (let i = 0; i < 3; i++) counts.a.push((await a.predict("/increment", [])).data[0]);
    counts.b.push((await b.predict("/increment", [])).data[0]);
    counts.a.push((await a.predict("/increment", [])).data[0]);
    a.close();
    b.close();
    return counts;
  },

  /** A handler's error rejects predict with its message; the client works on. */
  async errors() {
    const client = await Client.connect(url, options);
    const failed = await within(client.predict("/fail", ["x"]), 10_000);
    const ok = await within(client.predict("/echo", ["fine"]), 10_000);
    client.close();
    return { failed, ok: ok.value?.data ?? ok };
  },

  /** ROUNDS times: a fresh client fires SIZE predicts on /echo at once; counts the ones that
   * settle, within 20 s, with their own value. */
  async burst() {
    const size = Number(rest[0] ?? 3);
    const rounds = Number(rest[1] ?? 30);
    let right = 0;
    const wrong = [];
    for (let round = 0; round < rounds; round++) {
      const client = await Client.connect(url);
      const texts = Array.from({ length: size }, (_, i) => `r${round}-${i}`);
      const outcomes = await Promise.all(
        texts.map((text) => within(client.predict("/echo", [text]), 20_000)),
      );
      outcomes.forEach((outcome, i) => {
        if (outcome.status === "fulfilled" && outcome.value.data?.[0] === texts[i]) right += 1;
        else if (wrong.length < 5) wrong.push({ round, text: texts[i], outcome });
      });
      client.close();
    }
    return { settled: right, total: size * rounds, wrong };
  },
};

const run = scenarios[scenario];
if (!run) throw new Error(`unknown scenario ${scenario}`);
const found = await run();
console.log(JSON.stringify(found));
// Streams the client left open (heartbeats) must not keep the process alive.
process.exit(0);
