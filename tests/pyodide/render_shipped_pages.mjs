// Renders checker pages in the Python the built site ships (shipped_python.mjs), as a browser would
// re-render one: checker.web_pages with the rules.json and a media table (recordings, pictograms).
//   node tests/pyodide/render_shipped_pages.mjs <site-dir> <cases.json>
// cases.json: {"media": {...}, "site_url": "...", "pages": [[lang, code, on], ...]}; prints a JSON list of HTML.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadShipped } from "./shipped_python.mjs";

const [siteDir, casesPath] = process.argv.slice(2).map((p) => resolve(p));
const { py, rules } = await loadShipped(siteDir);
py.globals.set("RULES_JSON", rules);
py.globals.set("CASES_JSON", readFileSync(casesPath, "utf8"));
console.log(py.runPython(`
import datetime, json
import checker
from checker import web_pages
cases = json.loads(CASES_JSON)
rules = checker.rules_from_json(RULES_JSON)
media = web_pages.Media.from_json(cases["media"])
json.dumps([web_pages.render_page(lang, code, datetime.date.fromisoformat(on), rules=rules,
                                  site_url=cases["site_url"], media=media).html
            for lang, code, on in cases["pages"]])
`));
