"""The server configuration of deploy/nginx/, run by Debian's nginx over the built site: types,
precompressed files, security headers on every response, the French 404, caching."""
from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from tests.support.nginx import holds, nginx_running, nginx_serving, tcp_sockets, workers

HASHED = re.compile(r"\.[0-9a-f]{8,}\.[^/]*$")
LONG = "public, max-age=31536000, immutable"


def get(base: str, path: str, accept_encoding: str = "", **headers: str) -> tuple[int, dict, bytes]:
    """One raw request (no redirect following, no decompression): what a browser receives."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": accept_encoding, **headers})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def one(site: Path, pattern: str) -> str:
    """The URL path of the first built file matching `pattern` (a glob under site/)."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the built site"
    return "/" + found[0].relative_to(site).as_posix()


# -- every kind of response --------------------------------------------------------------------
def responses(site: Path) -> dict[str, tuple[str, int]]:
    """A request of each kind, with the status it must get."""
    return {
        "page": ("/", 200),
        "French page": ("/fr/registre/", 200),
        "hashed asset": (one(site, "assets/stylesheets/main.*.min.css"), 200),
        "hashed script": (one(site, "assets/javascripts/bundle.*.min.js"), 200),
        "worker module": (one(site, "assets/javascripts/verifier-worker.*.mjs"), 200),
        "plain asset": ("/sitemap.xml", 200),
        "service worker": ("/sw.js", 200),
        "PDF": ("/guides/guide-ar.pdf", 200),
        "wasm": (one(site, "assets/pyodide/**/pyodide.asm.wasm"), 200),
        "404": ("/no-such-page/", 404),
        "French 404": ("/fr/no-such-page/", 404),
        "missing hashed asset": ("/assets/javascripts/bundle.0123abcd.min.js", 404),
        "redirect": ("/registre", 301),
        "dotfile": ("/.csp-header", 403),
    }


# The security headers act on documents (every HTML response: pages, 404s, redirects, errors) and on
# scripts (a worker's policy is its script's); anything else carrying them pays ~1.3 KB for nothing.
SECURED = {"page", "French page", "hashed script", "worker module", "service worker", "404", "French 404",
           "missing hashed asset", "redirect", "dotfile"}
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
                    "permissions-policy")


def test_every_page_and_script_carries_every_security_header(built_site, nginx_server):
    expected_csp = (built_site / ".csp-header").read_text(encoding="utf-8").strip()
    assert expected_csp.endswith("; frame-ancestors 'none'")
    problems = []
    for kind, (path, status) in responses(built_site).items():
        got, h, _ = get(nginx_server, path, "br, gzip")
        if got != status:
            problems.append(f"{kind} {path}: status {got}, expected {status}")
        if kind not in SECURED:
            continue
        ctype = h.get("content-type", "")
        if not (ctype.startswith("text/html") or ctype.startswith("application/javascript")):
            problems.append(f"{kind} {path}: {ctype!r} is neither a page nor a script")
        checks = {
            "content-security-policy": h.get("content-security-policy") == expected_csp,
            "x-frame-options": h.get("x-frame-options") == "DENY",
            "x-content-type-options": h.get("x-content-type-options") == "nosniff",
            "referrer-policy": h.get("referrer-policy") == "no-referrer",
            "permissions-policy": "camera=()" in h.get("permissions-policy", "")
                                  and "microphone=()" in h.get("permissions-policy", ""),
        }
        problems += [f"{kind} {path}: {name}: {h.get(name)!r}" for name, ok in checks.items() if not ok]
    assert not problems, "\n".join(problems)


def test_no_security_header_where_it_does_not_act(built_site, nginx_server):
    problems = []
    for kind, (path, status) in responses(built_site).items():
        if kind in SECURED:
            continue
        got, h, _ = get(nginx_server, path, "br, gzip")
        assert got == status, (kind, path, got)
        problems += [f"{kind} {path} ({h.get('content-type')}): {name}" for name in SECURITY_HEADERS if name in h]
    assert not problems, "\n".join(problems)


def test_every_response_hides_the_server_version(built_site, nginx_server):
    for kind, (path, _status) in responses(built_site).items():
        assert get(nginx_server, path)[1].get("server") == "nginx", (kind, path)


def test_a_stylesheet_saves_the_headers(built_site, nginx_server):
    """What this buys, in bytes: a page's headers with the policy, a stylesheet's without."""
    page = get(nginx_server, "/fr/", "br")[1]
    css = get(nginx_server, responses(built_site)["hashed asset"][0], "br")[1]
    size = lambda h: sum(len(k) + len(v) + 4 for k, v in h.items())  # noqa: E731 "Name: value\r\n"
    assert size(page) - size(css) > 800, (size(page), size(css))


def test_the_header_policy_is_the_pages_policy_with_no_framing(built_site, nginx_server):
    _, h, body = get(nginx_server, "/fr/")
    meta = re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', body).group(1).decode()
    assert h["content-security-policy"] == meta + "; frame-ancestors 'none'"


# -- types ---------------------------------------------------------------------------------------
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8", ".mjs": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8", ".wasm": "application/wasm", ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png", ".pdf": "application/pdf", ".xml": "text/xml; charset=utf-8", ".zip": "application/zip",
    ".whl": "application/zip", ".webmanifest": "application/manifest+json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".map": "application/octet-stream", ".opus": "audio/ogg",
}


def test_every_file_of_the_site_gets_its_type(built_site, nginx_server):
    seen, problems = set(), []
    for p in sorted(built_site.rglob("*")):
        rel = p.relative_to(built_site)
        if not p.is_file() or p.suffix in (".br", ".gz") or rel.name.startswith(".") or p.suffix in seen:
            continue
        seen.add(p.suffix)
        status, h, _ = get(nginx_server, "/" + rel.as_posix())
        if status != 200 or h.get("content-type") != TYPES.get(p.suffix):
            problems.append(f"{rel}: {status} {h.get('content-type')!r}, expected {TYPES.get(p.suffix)!r}")
    assert not problems, "\n".join(problems)
    assert {".html", ".css", ".js", ".mjs", ".wasm", ".pdf", ".json", ".svg", ".xml"} <= seen


@pytest.fixture(scope="module")
def sample_site(built_site, tmp_path_factory):
    """A few files the build may not hold today (a web manifest, a versioned Pyodide folder…),
    served with the same configuration: the types and cache rules must already be right."""
    site = tmp_path_factory.mktemp("sample-site")
    shutil.copy(built_site / ".nginx-csp.conf", site / ".nginx-csp.conf")
    for name in [*(f"file{ext}" for ext in TYPES), "assets/pyodide/0.29.0/pyodide.mjs",
                 "assets/pyodide/pyodide.mjs", "assets/checker/rules.0123456789ab.json", "404.html",
                 "fr/404.html"]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x" * 100, encoding="utf-8")
    with nginx_serving(site) as url:
        yield url


@pytest.mark.parametrize("ext", sorted(TYPES))
def test_types_from_the_configuration(sample_site, ext):
    status, h, _ = get(sample_site, f"/file{ext}")
    assert (status, h.get("content-type")) == (200, TYPES[ext])


# -- compression ---------------------------------------------------------------------------------
@pytest.mark.parametrize("pattern", ["index.html", "assets/javascripts/bundle.*.min.js",
                                     "assets/pyodide/**/pyodide.asm.wasm", "fr/registre/index.html"])
def test_precompressed_twins_are_served_as_they_are(built_site, nginx_server, pattern):
    path = one(built_site, pattern)
    file = built_site / path.lstrip("/")
    url = path[:-len("index.html")] if path.endswith("/index.html") else path
    for accept, encoding, twin in [("gzip, deflate, br", "br", ".br"), ("gzip, deflate", "gzip", ".gz"),
                                   ("", None, "")]:
        status, h, body = get(nginx_server, url, accept)
        assert status == 200
        assert h.get("content-encoding") == encoding, (url, accept, h)
        assert body == (file.parent / (file.name + twin)).read_bytes(), f"{url} {accept!r}: not the file{twin}"
        assert "Accept-Encoding" in h.get("vary", ""), (url, accept, h)


def test_every_text_file_has_brotli_and_gzip_twins_that_decode_to_it(built_site):
    from tests.support.precompressed import TEXT_SUFFIXES, decoded
    missing, wrong = [], []
    for p in sorted(built_site.rglob("*")):
        if not p.is_file() or p.suffix not in TEXT_SUFFIXES or p.name.startswith(".") or p.stat().st_size < 1024:
            continue
        for twin in (".br", ".gz"):
            t = p.with_name(p.name + twin)
            if not t.exists():
                missing.append(str(t.relative_to(built_site)))
            elif decoded(t) != p.read_bytes():
                wrong.append(str(t.relative_to(built_site)))
    assert not missing and not wrong, f"missing: {missing[:10]}\nwrong: {wrong[:10]}"


# -- 404 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path,lang", [("/no-such-page/", "ar"), ("/fr/no-such-page/", "fr"),
                                       ("/fr/registre/old-name.html", "fr"), ("/guides/nope.pdf", "ar")])
def test_a_missing_address_gets_the_404_page_in_its_language(nginx_server, path, lang):
    status, h, body = get(nginx_server, path)
    html = body.decode("utf-8")
    assert status == 404 and h["content-type"] == "text/html; charset=utf-8"
    assert f'<html lang="{lang}"' in html
    home = "/" if lang == "ar" else "/fr/"
    assert f'href="{home}"' in html and f'href="{home}verifier/"' in html


@pytest.mark.parametrize("path,lang", [
    ("/" + "a" * 9000, "ar"), ("/fr/" + "a" * 9000, "fr"),              # over nginx's default 8 KB line
    ("/verifier/" + "1" * 20000 + "/", "ar"), ("/fr/verifier/" + "1" * 20000 + "/", "fr"),
    ("/fr/" + "a/" * 8000, "fr"),                                        # long, and deep
])
def test_a_long_missing_address_gets_the_404_page_in_its_language(nginx_server, path, lang):
    status, h, body = get(nginx_server, path)
    html = body.decode("utf-8")
    assert status == 404 and h["content-type"] == "text/html; charset=utf-8"
    assert f'<html lang="{lang}"' in html and "nginx" not in html
    assert h.get("content-security-policy") and h.get("x-frame-options") == "DENY"


@pytest.mark.parametrize("path", ["/" + "a" * 40000, "/fr/" + "a" * 40000])
def test_an_address_too_long_to_read_gets_the_sites_own_page_not_nginxs(nginx_server, path):
    """Past 32 KB nginx stops reading before the address, so its language is unknown: the site's 404
    page in the default language (its header links the other), with status 414 and every header."""
    status, h, body = get(nginx_server, path)
    html = body.decode("utf-8")
    assert status == 414 and h["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="ar"' in html and 'href="/fr/' in html and "nginx" not in html
    assert h.get("content-security-policy") and h.get("x-frame-options") == "DENY"


# -- /.well-known/ ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site_with_well_known(built_site, tmp_path_factory):
    """The build's 404 pages and policy, with what a certificate client (certbot --webroot) and a
    security.txt put under .well-known/, and a dotfile hidden among them."""
    site = tmp_path_factory.mktemp("well-known-site")
    for name in (".nginx-csp.conf", "404.html", "fr/404.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built_site / name, site / name)
    challenge = site / ".well-known" / "acme-challenge"
    challenge.mkdir(parents=True)
    (challenge / "Xy9-token_0").write_text("Xy9-token_0.thumbprint", encoding="utf-8")
    (site / ".well-known" / "security.txt").write_text("Contact: https://guide.example.org/\n", encoding="utf-8")
    (site / ".well-known" / ".secret").write_text("no", encoding="utf-8")
    (challenge / ".htpasswd").write_text("no", encoding="utf-8")
    (site / ".csp-header").write_text("no", encoding="utf-8")
    with nginx_serving(site) as url:
        yield url


def test_a_certificate_challenge_is_served(site_with_well_known):
    status, h, body = get(site_with_well_known, "/.well-known/acme-challenge/Xy9-token_0")
    assert (status, body) == (200, b"Xy9-token_0.thumbprint")
    assert h["content-type"].startswith("text/plain") and h.get("cache-control") == "no-cache"
    status, _, body = get(site_with_well_known, "/.well-known/security.txt")
    assert status == 200 and body.startswith(b"Contact:")


@pytest.mark.parametrize("path", ["/.well-known/.secret", "/.well-known/acme-challenge/.htpasswd", "/.csp-header",
                                  "/.nginx-csp.conf", "/.well-known/../.csp-header", "/assets/.hidden"])
def test_other_dotfiles_stay_refused(site_with_well_known, path):
    assert get(site_with_well_known, path)[0] == 403


def test_a_missing_well_known_file_is_the_sites_404(site_with_well_known):
    status, _, body = get(site_with_well_known, "/.well-known/acme-challenge/nope")
    assert status == 404 and b'<html lang="ar"' in body


# -- caching -------------------------------------------------------------------------------------
def test_hashed_names_are_kept_long_everything_else_revalidated(built_site, nginx_server):
    problems = []
    for kind, (path, status) in responses(built_site).items():
        if status == 403:
            continue
        _, h, _ = get(nginx_server, path)
        want = LONG if HASHED.search(path) and status == 200 or "/assets/pyodide/" in path and re.search(
            r"/assets/pyodide/\d+\.\d+\.\d+", path) else "no-cache"
        if h.get("cache-control") != want:
            problems.append(f"{kind} {path}: {h.get('cache-control')!r}, expected {want!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path,want", [
    ("/assets/pyodide/0.29.0/pyodide.mjs", LONG),      # a versioned runtime folder
    ("/assets/pyodide/pyodide.mjs", "no-cache"),       # the same file without a version
    ("/assets/checker/rules.0123456789ab.json", LONG),  # a content hash in the name
    ("/file.json", "no-cache"), ("/file.html", "no-cache"), ("/file.pdf", "no-cache"),
])
def test_cache_rules_by_name(sample_site, path, want):
    status, h, _ = get(sample_site, path)
    assert status == 200 and h.get("cache-control") == want


def test_a_page_revalidates_for_nothing_when_unchanged(nginx_server):
    _, h, _ = get(nginx_server, "/fr/")
    status, _, body = get(nginx_server, "/fr/", **{"If-None-Match": h["etag"]})
    assert status == 304 and body == b""


def test_a_missing_trailing_slash_is_redirected_without_naming_host_or_port(nginx_server):
    for path in ("/registre", "/fr/amo"):
        status, h, _ = get(nginx_server, path)
        assert status == 301 and h["location"] == path + "/"


def test_private_build_files_are_not_served(nginx_server):
    for path in ("/.csp-header", "/.nginx-csp.conf"):
        assert get(nginx_server, path)[0] == 403


def test_the_readme_points_to_the_tested_configuration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx/artisan-guide.conf" in readme and "deploy/nginx/snippets/artisan-guide-headers.conf" in readme
    assert "add_header" not in readme, "the README must not carry an untested copy of the configuration"


# -- every file a page references: a hashed name, kept a year -----------------------------------
def referenced_assets(site: Path) -> dict[str, str]:
    """URL path of every file any built page (the checker's hundreds included) loads -> one page that
    loads it."""
    from urllib.parse import urljoin

    from tests.support.html_resources import LoadedResources
    found: dict[str, str] = {}
    for html in sorted(site.rglob("*.html")):
        page = "/" + html.relative_to(site).as_posix()
        parser = LoadedResources()
        parser.feed(html.read_text(encoding="utf-8"))
        for url in parser.urls:
            found.setdefault(urlsplit(urljoin("http://h" + page, url)).path, page)
    return found


def test_every_file_a_page_loads_has_a_hashed_name_kept_a_year(built_site, nginx_server):
    assets = referenced_assets(built_site)
    kinds = {Path(p).suffix for p in assets}
    assert {".css", ".js", ".svg"} <= kinds, kinds  # stylesheets, scripts and the icon are all counted
    unhashed = {p: page for p, page in assets.items() if not HASHED.search(p)}
    assert not unhashed, f"referenced without a content hash in the name (path: a page naming it): {unhashed}"
    problems = []
    for path in sorted(assets):
        status, h, _ = get(nginx_server, path, "br, gzip")
        if status != 200 or h.get("cache-control") != LONG:
            problems.append(f"{path}: {status} {h.get('cache-control')!r}")
    assert not problems, "\n".join(problems)


def test_the_engine_names_the_outcome_script_as_the_build_did(built_site):
    """The browser's engine re-renders an outcome page with the build's file table (web_pages.Media):
    its outcome script tag names the same hashed file as the static page."""
    worker = one(built_site, "assets/javascripts/verifier-worker.*.mjs")
    text = (built_site / worker.lstrip("/")).read_text(encoding="utf-8")
    name = re.search(r'outcome_script\\+":\\+"(checker-outcome\.[0-9a-f]{12}\.js)', text)
    assert name, "no hashed outcome script in the worker's file table"
    assert (built_site / "assets" / "javascripts" / name.group(1)).is_file()


# -- an answer code that never existed ---------------------------------------------------------------
UNKNOWN_CODE = {"ar": "هذا الرمز غير معروف", "fr": "Code inconnu"}


@pytest.mark.parametrize("path,lang", [("/verifier/99999999/", "ar"), ("/fr/verifier/1234567/", "fr"),
                                       ("/verifier/12a/", "ar"), ("/fr/verifier/0x1", "fr"),
                                       ("/verifier/21/31/", "ar")])
def test_a_code_that_never_existed_says_so_in_its_language_and_leads_to_the_start(nginx_server, browser, path, lang):
    """A mistyped or forged code opened on a first visit, online (no service worker yet): the server's
    answer is the checker's own page in the reader's language, not the generic 404 and never a result;
    its button opens the first question's start page."""
    status, h, body = get(nginx_server, path)
    assert status == 404 and h.get("content-security-policy") and h.get("cache-control") == "no-cache"
    ctx = browser.new_context(service_workers="block")
    try:
        page = ctx.new_page()
        response = page.goto(nginx_server + path)
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == UNKNOWN_CODE[lang]
        assert "3939" in page.locator("[data-offline-page=unknown]").inner_text()
        assert page.locator("[data-question], [data-rna-status]").count() == 0
        home = "/" if lang == "ar" else "/fr/"
        page.locator("[data-offline-page=unknown] a[data-start]").click()
        page.wait_for_url(nginx_server + home + "verifier/")
        assert page.locator("a[data-start]").count() == 1  # the checker's start page, with its start button
    finally:
        ctx.close()
    # The generic 404 elsewhere is unchanged.
    status, _, body = get(nginx_server, "/no-such-page/" if lang == "ar" else "/fr/no-such-page/")
    assert status == 404 and UNKNOWN_CODE[lang].encode() not in body


# -- a deploy's reload ----------------------------------------------------------------------------------
def _policy(value: str) -> str:
    return f'set $artisan_guide_policy "{value}";\n'


@pytest.mark.process
def test_after_a_reload_new_connections_get_the_new_policy_though_a_phone_holds_one_open(tmp_path):
    """The README's deploy: the files are switched, then `systemctl reload nginx` reads the new build's
    policy. A phone may hold a connection it opened ahead and has not used yet (browsers do): the old
    worker keeps it, up to client_header_timeout, and answers its one request with the policy it had;
    every new connection gets the new one at once. (The tests' reload once waited for that old worker to
    exit, and failed a deploy test in CI: a browser's unused socket held it 15 s.)"""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (site / ".nginx-csp.conf").write_text(_policy("default-src 'self'"), encoding="utf-8")
    with nginx_running(site) as nginx:
        assert get(nginx.url, "/")[1]["content-security-policy"] == "default-src 'self'"
        url = urlsplit(nginx.url)
        with socket.create_connection((url.hostname, url.port), timeout=30) as held:
            old = workers(nginx.proc.pid)
            deadline = time.monotonic() + 10  # accepted: a worker holds the server's end (no inode before)
            while not any(holds(pid, tcp_sockets(url.port, peer_port=held.getsockname()[1])) for pid in old):
                assert time.monotonic() < deadline, "nginx never accepted the connection"
                time.sleep(0.05)
            (site / ".nginx-csp.conf").write_text(_policy("default-src 'none'"), encoding="utf-8")
            nginx.reload()
            assert get(nginx.url, "/")[1]["content-security-policy"] == "default-src 'none'"
            assert old & workers(nginx.proc.pid), "the old worker should still hold the unused connection"
            held.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := held.recv(65536):
                answer += chunk
        assert b"\r\nContent-Security-Policy: default-src 'self'\r\n" in answer, answer[:600]
