// Serves the built widget (dist/) on 127.0.0.1 with the security headers a clinic's
// server should send: a strict Content-Security-Policy that allows the page's own
// inline boot scripts by hash and WebAssembly by 'wasm-unsafe-eval', nosniff, no
// referrer, and no caching of the HTML. Development and test use only.
//
//   node scripts/serve.mjs [--port 8080] [--dir dist] [--frame-ancestors "'self'"]

import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i], process.argv[i + 1]);
const port = Number(args.get("--port") ?? 8080);
const root = resolve(args.get("--dir") ?? join(fileURLToPath(import.meta.url), "..", "..", "dist"));
const frameAncestors = args.get("--frame-ancestors") ?? "'self'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** 'sha256-…' sources for every inline <script> and <style> of the page. */
function inlineHashes(html, tag) {
  const re = new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, "gi");
  return [...html.matchAll(re)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
  );
}

function contentSecurityPolicy(html) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineHashes(html, "script").join(" ")}`,
    `style-src 'self' ${inlineHashes(html, "style").join(" ")}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

const server = createServer(async (req, res) => {
  const common = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...common, Allow: "GET, HEAD" }).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !(await stat(file).catch(() => null))?.isFile()) {
      res.writeHead(404, { ...common, "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const headers = { ...common, "Content-Type": type };
    if (type.startsWith("text/html")) {
      headers["Cache-Control"] = "no-store";
      headers["Content-Security-Policy"] = contentSecurityPolicy(body.toString("utf8"));
    } else {
      headers["Cache-Control"] = "public, max-age=31536000, immutable";
    }
    res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    res.writeHead(500, { ...common, "Content-Type": "text/plain; charset=utf-8" }).end("Server error\n");
  }
});

server.listen(port, "127.0.0.1", () => {
  console.log(`Candor is being served at http://127.0.0.1:${port}/  (Ctrl+C to stop)`);
});
