// Markdown: shown as the HTML the server rendered and sanitised. Value: the Markdown source.
import { htmlView } from "./base.js";

export const create = (props) => htmlView("markdown", props, null);
