// HTML: app-written HTML, shown as the server sanitised it. Value: the HTML source.
import { htmlView } from "./base.js";

export const create = (props, ctx) => htmlView("html", props, ctx);
