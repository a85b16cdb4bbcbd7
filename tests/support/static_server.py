"""A static file server for the built site, as a real host serves it: right MIME types for
Pyodide's `.mjs`/`.wasm`, and gzip for text when the browser asks (as the README's nginx does)."""
from __future__ import annotations

import gzip
import io
import http.server
import mimetypes
import threading
from functools import partial
from pathlib import Path

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml",
         ".whl": "application/zip", ".zip": "application/zip", ".pdf": "application/pdf",
         ".opus": "audio/ogg"}
# What the README's nginx serves compressed (from the build's .br/.gz twins, or on the fly); the
# checker's Python zip is stored uncompressed, so that the host's compression does the work.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/wasm", "application/manifest+json", "application/zip")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**mimetypes.types_map, **TYPES}
    gzip_enabled = True

    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the base class redirects /dir to /dir/
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        wants_gzip = self.gzip_enabled and "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and ctype.startswith(COMPRESSIBLE)):
            return super().send_head()
        # Validators, as a real host sends them: a "no-cache" revalidation then costs a 304, no body.
        modified = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # a browser leaving a page mid-download is normal


def serve(directory: str | Path, port: int = 0, *, use_gzip: bool = True) -> http.server.ThreadingHTTPServer:
    """Start serving `directory` on 127.0.0.1 in a daemon thread; returns the server (`.server_port`)."""
    handler = partial(type("H", (Handler,), {"gzip_enabled": use_gzip}), directory=str(directory))
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    import sys
    srv = serve(sys.argv[1] if len(sys.argv) > 1 else "site", int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"serving on http://127.0.0.1:{srv.server_port}/")
    threading.Event().wait()
