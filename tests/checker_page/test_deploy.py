"""A deploy seen by a returning phone: build A is served and visited (the checker cached for
offline use), then build B — one question and one rule changed, in a second clone of the
repository — replaces it at the same address. The same browser profile (service worker, caches)
visits again.

On every visit the page's rules and the worker's rules come from one build; by the second visit
after the deploy everything is build B; Pyodide's unchanged runtime is not downloaded again.

The scenario runs on two hosts, with the same two builds (made once per run): the tests'
own server (everything revalidated on every request) and Debian's nginx with the README's
configuration (deploy/nginx/: hashed assets kept for a year, pages revalidated, reloaded after
the deploy as the README says)."""
from __future__ import annotations

import contextlib
import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

import checker
from tests.conftest import PHONE, ROOT
from tests.support.nginx import nginx_running
from tests.support.static_server import serve
from tests.checker_page.conftest import result_attrs

# Build B (tests/support/builds.py) moves the threshold from 3 years to 2: this answer changes.
ANSWERS = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": "2",
           "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}


def _forme_question(rules_dir: Path) -> str:
    return checker.load_rules(rules_dir).fact("forme").question.get("fr")


def _rules_name(site: Path) -> str:
    return next((site / "assets" / "checker").glob("rules.*.json")).name


def _expected(rules_dir: Path) -> dict[str, str]:
    rules = checker.load_rules(rules_dir)
    report = checker.evaluate(rules, checker.parse_answers(rules, ANSWERS), on=datetime.date.today()).to_dict()
    return {"rna-status": report["rna"]["status"], "rna-category": report["rna"]["category"] or "",
            "amo-status": report["amo"]["status"], "amo-regime": report["amo"]["regime"] or ""}


@dataclass(frozen=True)
class Build:
    site: Path
    rules: str  # the name of its rules file (a hash of their content in it)
    question: str  # its French wording of the "forme" question
    result: dict[str, str]  # what its rules answer to ANSWERS


@pytest.fixture(scope="module")
def builds(built_site, build_b) -> dict[str, Build]:
    """Build A (the session's site) and build B (a clone with one question's wording and one rule's
    threshold changed, made in the background: tests/support/builds.py), for every host of this module."""
    assert build_b.proc.returncode == 0, build_b.output[-3000:]
    made = {name: Build(site, _rules_name(site), _forme_question(rules), _expected(rules))
            for name, site, rules in (("A", built_site, ROOT / "checker" / "rules"),
                                      ("B", build_b.site, build_b.repo / "checker" / "rules"))}
    assert made["A"].rules != made["B"].rules and made["A"].question != made["B"].question
    assert made["A"].result != made["B"].result, "the changed rule must change this answer"
    return made


def deploy(site: Path, root: Path) -> None:
    """Replace everything under the host's document root with `site` (the folder itself stays)."""
    root.mkdir(exist_ok=True)
    for old in root.iterdir():
        shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    shutil.copytree(site, root, dirs_exist_ok=True)


@dataclass(frozen=True)
class Host:
    url: str
    root: Path  # its document root
    after_deploy: Callable[[], None]  # what its operator does once the files are replaced

    def deploy(self, site: Path) -> None:
        deploy(site, self.root)
        self.after_deploy()


@contextlib.contextmanager
def own_server(root: Path) -> Iterator[Host]:
    server = serve(root)
    try:
        yield Host(f"http://127.0.0.1:{server.server_port}", root, lambda: None)
    finally:
        server.shutdown()


@contextlib.contextmanager
def readme_nginx(root: Path) -> Iterator[Host]:
    with nginx_running(root) as nginx:
        yield Host(nginx.url, root, nginx.reload)  # `nginx -t && systemctl reload nginx`


@pytest.fixture(params=[own_server, readme_nginx], ids=["test-server", "nginx"])
def host(request, builds, tmp_path) -> Iterator[Host]:
    """A host serving build A at a fresh address (so no profile has seen it)."""
    live = tmp_path / "live"
    deploy(builds["A"].site, live)
    with request.param(live) as served:
        yield served


def test_a_returning_phone_gets_build_b_whole_by_its_second_visit(browser, builds, host):
    # An old link with the answers (as printed before the pages): the start page sends it on to the
    # outcome page they lead to, which re-checks itself with the engine in the background.
    url = host.url + "/fr/verifier/#" + "&".join(f"{k}={v}" for k, v in ANSWERS.items())
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    requests: list[str] = []
    ctx.on("request", lambda req: requests.append(req.url))

    def visit() -> tuple[str, object]:
        """Open the checker as a returning person does; say which build the page and the engine are."""
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_url(re.compile(r"/fr/verifier/\d+/$"), timeout=60_000)
        page.wait_for_selector("#resultat", state="attached")
        page_build = next(k for k, b in builds.items() if b.result == result_attrs(page))
        page.wait_for_selector("html[data-rendered][data-checker-rules]", state="attached", timeout=300_000)
        worker_rules = page.evaluate("document.documentElement.dataset.checkerRules")
        worker_build = next(k for k, b in builds.items() if b.rules == worker_rules)
        assert page_build == worker_build, f"page of build {page_build}, engine's rules of build {worker_build}"
        assert page.evaluate("document.documentElement.dataset.rendered") == "same", \
            "the engine's re-check must agree with the page it came with"
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=120_000)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        return page_build, page

    try:
        first, page = visit()
        assert first == "A"
        page.close()
        host.deploy(builds["B"].site)
        requests.clear()
        after_deploy, page = visit()  # the old service worker may still answer with build A, whole
        # Meanwhile the browser finds the new service worker; wait until it has taken over.
        page.wait_for_function("""async () => { const reg = await navigator.serviceWorker.getRegistration();
            await reg.update(); return !reg.installing && !reg.waiting && reg.active !== null; }""",
                               timeout=120_000, polling=1000)
        page.close()
        second, page = visit()
        assert second == "B", "the second visit after a deploy must show build B"
        assert not [u for u in requests if "/assets/pyodide/" in u and u.endswith(".wasm")], \
            "Pyodide's runtime did not change: it must not be downloaded again"
        # Build A's checker cache is gone (B's is complete), the runtime's is kept: one of each.
        kept = page.evaluate("caches.keys()")
        assert len([k for k in kept if k.startswith("artisan-checker-")]) == 1, kept
        assert len([k for k in kept if k.startswith("artisan-pyodide-")]) == 1, kept
        page.close()
    finally:
        ctx.close()
