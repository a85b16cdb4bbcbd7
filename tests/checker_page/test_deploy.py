"""A deploy seen by a returning phone: build A is served and visited (the checker cached for
offline use), then build B — one question and one rule changed, in a temporary copy of the rules —
replaces it at the same address. The same browser profile (service worker, caches) visits again.

On every visit the page's rules and the worker's rules come from one build; by the second visit
after the deploy everything is build B; Pyodide's unchanged runtime is not downloaded again."""
from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from tests.conftest import PHONE, ROOT
from tests.support.static_server import serve
from tests.checker_page.conftest import result_attrs, verifier_url, wait_ready, wait_result

# Build B: the French wording of the "forme" question, and the experience threshold of the RNA
# rules moved from 3 years to 2 (both rules that cut at it, so that they stay complementary).
FORME_QUESTION = re.compile(r'(id = "forme"\n(?:.*\n)*?question\.fr = ")([^"]*)(")')
RULE = [('{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 2 }'),
        ('{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 1 }')]
ANSWERS = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": "2",
           "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}
COPIED = ("checker", "sitebuild", "docs", "overrides", "mkdocs.yml", "pyproject.toml")


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected exactly one {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def build_b(tmp_path_factory) -> Path:
    """The same site with one question's wording and one rule's threshold changed."""
    src = tmp_path_factory.mktemp("build-b")
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {}))
    os.symlink(ROOT / "node_modules", src / "node_modules")
    (src / "build").mkdir()
    os.symlink(ROOT / "build" / "brotli", src / "build" / "brotli")  # Pyodide's brotli twins: same version
    facts = src / "checker" / "rules" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    question = FORME_QUESTION.search(text).group(2)
    facts.write_text(FORME_QUESTION.sub(lambda m: m.group(1) + question.replace(" ?", "") + " (B) ?" + m.group(3),
                                        text, count=1), encoding="utf-8")
    for old, new in RULE:
        _replace_once(src / "checker" / "rules" / "rna.toml", old, new)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(src)}  # `import checker`: the copy's
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=src, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return src


def deploy(site: Path, root: Path) -> None:
    """Replace everything under the host's document root with `site` (the folder itself stays)."""
    root.mkdir(exist_ok=True)
    for old in root.iterdir():
        shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    shutil.copytree(site, root, dirs_exist_ok=True)


def _forme_question(rules_dir: Path) -> str:
    return checker.load_rules(rules_dir).fact("forme").question.get("fr")


def _rules_name(site: Path) -> str:
    return next((site / "assets" / "checker").glob("rules.*.json")).name


def _expected(rules_dir: Path) -> dict[str, str]:
    rules = checker.load_rules(rules_dir)
    report = checker.evaluate(rules, checker.parse_answers(rules, ANSWERS), on=datetime.date.today()).to_dict()
    return {"rna-status": report["rna"]["status"], "rna-category": report["rna"]["category"] or "",
            "amo-status": report["amo"]["status"], "amo-regime": report["amo"]["regime"] or ""}


def test_a_returning_phone_gets_build_b_whole_by_its_second_visit(browser, built_site, build_b, tmp_path):
    site_b = build_b / "site"
    builds = {
        "A": {"site": built_site, "rules": _rules_name(built_site), "question": _forme_question(ROOT / "checker" / "rules"),
              "result": _expected(ROOT / "checker" / "rules")},
        "B": {"site": site_b, "rules": _rules_name(site_b), "question": _forme_question(build_b / "checker" / "rules"),
              "result": _expected(build_b / "checker" / "rules")},
    }
    assert builds["A"]["rules"] != builds["B"]["rules"] and builds["A"]["question"] != builds["B"]["question"]
    assert builds["A"]["result"] != builds["B"]["result"], "the changed rule must change this answer"
    live = tmp_path / "live"  # the host's document root: its files replaced by build B's, as a deploy does
    deploy(built_site, live)
    server = serve(live)
    url = verifier_url(f"http://127.0.0.1:{server.server_port}", "fr", "&".join(f"{k}={v}" for k, v in ANSWERS.items()))
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    requests: list[str] = []
    ctx.on("request", lambda req: requests.append(req.url))

    def visit() -> tuple[str, dict]:
        """Open the checker as a returning person does; say which build the page and the worker are."""
        page = ctx.new_page()
        page.goto(url)
        wait_ready(page)
        wait_result(page)
        question = page.locator("#q-forme .verifier-q__question").inner_text().strip()
        page_build = next(k for k, b in builds.items() if b["question"] == question)
        worker_rules = page.locator("#verifier").get_attribute("data-rules")
        worker_build = next(k for k, b in builds.items() if b["rules"] == worker_rules)
        assert page_build == worker_build, f"page of build {page_build}, worker's rules of build {worker_build}"
        assert result_attrs(page) == builds[worker_build]["result"], f"a result that is not build {worker_build}'s"
        page.wait_for_selector("#verifier[data-offline=yes]", state="attached", timeout=120_000)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        return page_build, page

    try:
        first, page = visit()
        assert first == "A"
        page.close()
        deploy(site_b, live)
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
        server.shutdown()
