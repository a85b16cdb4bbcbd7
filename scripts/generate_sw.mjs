// Writes site/sw.js: a Workbox service worker that precaches every page and asset of the built
// site (both languages, the Pyodide runtime, the checker wheel and rules), so that after one
// visit the whole guide works offline. File revisions are content hashes: a new build replaces
// only what changed, and skipWaiting/clientsClaim make it take over at once.
// usage: node scripts/generate_sw.mjs <site-dir>
import { generateSW } from "workbox-build";

const siteDir = process.argv[2];
if (!siteDir) {
  console.error("usage: node scripts/generate_sw.mjs <site-dir>");
  process.exit(2);
}

const { count, size, warnings } = await generateSW({
  globDirectory: siteDir,
  globPatterns: ["**/*.{html,css,js,mjs,json,wasm,zip,whl,svg,png,ico,webmanifest,pdf}"],
  globIgnores: ["sw.js", "workbox-*.js"],
  swDest: `${siteDir}/sw.js`,
  // pyodide.asm.wasm is 9.6 MB; the default 2 MB limit would silently leave it out.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  inlineWorkboxRuntime: true, // no importScripts from a CDN
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  mode: "production",
  sourcemap: false,
});
for (const w of warnings) console.error("workbox:", w);
if (warnings.length) process.exit(1);
console.log(`sw.js: ${count} files, ${(size / 1e6).toFixed(1)} MB precached`);
