// Copies the locked npm assets into the static tree. Run by `make assets`;
// the copies are not committed (see .gitignore), so the lock file is the source of truth.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const dest = "cnqp/static/vendor";
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts": "bootstrap-icons/fonts",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "tom-select/dist/js/tom-select.complete.min.js": "tom-select/tom-select.complete.min.js",
  "tom-select/dist/css/tom-select.bootstrap5.min.css": "tom-select/tom-select.bootstrap5.min.css",
  "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
  "flatpickr/dist/flatpickr.min.js": "flatpickr/flatpickr.min.js",
  "flatpickr/dist/flatpickr.min.css": "flatpickr/flatpickr.min.css",
  "flatpickr/dist/l10n/vn.js": "flatpickr/vn.js",
};

rmSync(dest, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const src = join("node_modules", from);
  if (!existsSync(src)) {
    console.error(`missing asset ${src}: run npm ci`);
    process.exit(1);
  }
  mkdirSync(dirname(join(dest, to)), { recursive: true });
  cpSync(src, join(dest, to), { recursive: true });
  // the minified files name their source maps; the production storage (collectstatic's
  // manifest) refuses a reference to a missing file
  if (existsSync(`${src}.map`)) cpSync(`${src}.map`, join(dest, `${to}.map`));
}
console.log(`copied ${Object.keys(files).length} assets into ${dest}`);
