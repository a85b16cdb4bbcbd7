"""A deploy seen by returning phones: build A is served and visited (the checker cached for
offline use), then build B — one question and one rule changed, in a second clone of the
repository, made from a later commit — is published at the same address the README's way
(deploy/switch-release.sh: a folder per release, one symlink switch). The same browser profiles
(service worker, caches) visit again, online and then offline.

On every visit the page's rules and the worker's rules come from one build; by the second visit
after the deploy everything is build B, offline too; Pyodide's unchanged runtime is not downloaded
again. Phones that check for an update while the new release is being copied all end on B; a phone
going from page to page keeps the old service worker until a page is still, and loses no page.

The scenario runs on two hosts, with the same two builds (made once per run): the tests'
own server (everything revalidated on every request) and Debian's nginx with the README's
configuration (deploy/nginx/: hashed assets kept for a year, pages revalidated, reloaded after
the deploy as the README says)."""
from __future__ import annotations

import contextlib
import datetime
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import checker
from tests.conftest import PHONE, ROOT
from tests.support.nginx import nginx_running
from tests.support.static_server import serve
from tests.support.waiting import wait_until
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
    # nginx reads the policy at its reload, and answers a connection a phone opened before it with the
    # old one (tests/deploy/test_nginx.py): with one policy for both, which worker answers changes nothing.
    policy = ".nginx-csp.conf"
    assert (build_b.site / policy).read_bytes() == (built_site / policy).read_bytes(), \
        "build B's policy differs from A's: these tests do not cover such a deploy"
    return made


SWITCH_RELEASE = ROOT / "deploy" / "switch-release.sh"


def deploy(site: Path, base: Path) -> subprocess.Popen:
    """The README's deploy: `deploy/switch-release.sh site/ BASE` (BASE/site is the host's root)."""
    return subprocess.Popen([str(SWITCH_RELEASE), str(site), str(base)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finished(proc: subprocess.Popen) -> None:
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out


@dataclass(frozen=True)
class Host:
    url: str
    base: Path  # BASE of the README's deploy: BASE/site, the document root, links to a release
    after_deploy: Callable[[], None]  # what its operator does once the files are switched

    def deploy(self, site: Path, during: Callable[[], None] = lambda: None) -> None:
        """Publish `site`; `during` runs (as often as it likes) while the release is being copied."""
        proc = deploy(site, self.base)
        while proc.poll() is None:
            during()
        finished(proc)
        self.after_deploy()


@contextlib.contextmanager
def own_server(base: Path) -> Iterator[Host]:
    server = serve(base / "site")
    try:
        yield Host(f"http://127.0.0.1:{server.server_port}", base, lambda: None)
    finally:
        server.shutdown()


@contextlib.contextmanager
def readme_nginx(base: Path) -> Iterator[Host]:
    with nginx_running(base / "site") as nginx:
        yield Host(nginx.url, base, nginx.reload)  # `nginx -t && systemctl reload nginx`


@pytest.fixture(params=[own_server, readme_nginx], ids=["test-server", "nginx"])
def host(request, builds, tmp_path) -> Iterator[Host]:
    """A host serving build A at a fresh address (so no profile has seen it)."""
    finished(deploy(builds["A"].site, tmp_path / "srv"))
    with request.param(tmp_path / "srv") as served:
        yield served


def test_a_returning_phone_gets_build_b_whole_by_its_second_visit(browser, builds, host):
    # An old link with the answers (as printed before the pages): the start page sends it on to the
    # outcome page they lead to, which re-checks itself with the engine in the background (the phone
    # asked to keep the checker: below).
    url = host.url + "/fr/verifier/#" + "&".join(f"{k}={v}" for k, v in ANSWERS.items())
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    requests: list[str] = []
    ctx.on("request", lambda req: requests.append(req.url))
    watch = _watch_from_a_blank_tab(ctx, host.url)

    def visit(whole: bool = True) -> tuple[str, object]:
        """Open the checker as a returning person does; say which build the page and the engine are.
        `whole` False: the first visit after a deploy, while the new service worker takes over, may
        show the old build's page re-checked by the new build's engine (which then says so)."""
        page = ctx.new_page()
        _step(0, "opening the old link", watch, lambda: page.goto(url))
        _step(0, "sent on to the outcome page", watch,
              lambda: page.wait_for_url(re.compile(r"/fr/verifier/\d+/$"), timeout=60_000))
        page.wait_for_selector("#resultat", state="attached")
        page_build = next(k for k, b in builds.items() if b.result == result_attrs(page))
        page.wait_for_selector("html[data-rendered][data-checker-rules]", state="attached", timeout=300_000)
        worker_rules = page.evaluate("document.documentElement.dataset.checkerRules")
        worker_build = next(k for k, b in builds.items() if b.rules == worker_rules)
        rendered = page.evaluate("document.documentElement.dataset.rendered")
        if whole or page_build == worker_build:
            assert page_build == worker_build, f"page of build {page_build}, engine's rules of build {worker_build}"
            assert rendered == "same", "the engine's re-check must agree with the page it came with"
        else:  # an old page re-checked by the new engine (its answers may give the same route)
            assert rendered in ("same", "updated"), rendered
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=120_000)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        return page_build, page

    try:
        # A returning phone that asked to keep the whole checker (chamber staff before an event): its
        # outcome pages are re-checked by the engine, so page, engine and rules can be compared.
        start = ctx.new_page()
        start.goto(host.url + "/fr/verifier/")
        start.click("[data-keep] button")
        start.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=300_000)
        start.close()
        first, page = visit()
        assert first == "A"
        page.close()
        before = watch.versions()
        host.deploy(builds["B"].site)
        requests.clear()
        after_deploy, page = visit(whole=False)  # the old service worker may still answer with build A
        # The person leaves the page; with no page of the site open, the browser hands over to the new
        # service worker (if the page, still for a while, has not asked it to already: sw-register.js).
        page.close()
        # On the tests' own server the visit's update check could wait about 100 s (its register() call
        # held after the engine's download; not understood, not seen on nginx): a page that runs none of
        # the site's scripts asks for updates until build B is found, then leaves (it would hold the old
        # worker). The hand-over is watched from DevTools.
        probe = ctx.new_page()
        probe.goto(host.url + "/sitemap.xml")

        def found_b() -> None:
            end = time.monotonic() + 120
            while not [v for v in watch.status if v not in before]:
                if time.monotonic() > end:
                    raise TimeoutError("build B's service worker never found in 120 s")
                probe.evaluate("navigator.serviceWorker.getRegistration().then((r) => { r.update().catch(() => {}); })")
                probe.wait_for_timeout(1_000)
        _step(0, "build B found", watch, found_b)
        probe.close()
        _step(0, "the new worker taking over", watch, lambda: watch.wait_taken_over(before, timeout=120))
        second, page = visit()
        assert second == "B", "the second visit after a deploy must show build B"
        assert not [u for u in requests if "/assets/pyodide/" in u and u.endswith(".wasm")], \
            "Pyodide's runtime did not change: it must not be downloaded again"
        # Build A's checker cache is gone (B's is complete), the runtime's is kept: one of each.
        kept = page.evaluate("caches.keys()")
        assert len([k for k in kept if k.startswith("artisan-checker-")]) == 1, kept
        assert len([k for k in kept if k.startswith("artisan-pyodide-")]) == 1, kept
        page.close()
        # Offline, the phone stays on B: page, worker and rules from its own caches.
        ctx.set_offline(True)
        offline, page = visit()
        assert page.evaluate(HOST_ANSWERS_JS) is False, "the host still answers: not offline"
        assert offline == "B"
        page.close()
    finally:
        ctx.close()


HOST_ANSWERS_JS = "() => fetch('../../sw.js?probe=' + Date.now(), {cache: 'no-store'}).then(() => true, () => false)"
SETTLED_JS = """async () => { const reg = await navigator.serviceWorker.getRegistration();
  if (!reg) return false; await reg.update().catch(() => {});
  return !reg.installing && !reg.waiting && reg.active !== null && navigator.serviceWorker.controller !== null; }"""
# What a phone shows: the start page's live script (a hash in its name), the first question's wording on
# the question page that asks it (put together by the service worker), the offline data it keeps.
SHOWN_JS = r"""async (code) => {
  const live = document.querySelector('script[data-checker-live]').src.split('/').pop();
  const html = await fetch(code + '/').then(r => r.text());
  const q = new DOMParser().parseFromString(html, 'text/html').querySelector('h1.ck-q');
  const keys = [];
  for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) keys.push(r.url);
  const offline = keys.map(u => new URL(u).pathname.split('/').pop()).filter(n => /^offline\.[0-9a-f]{12}\.json$/.test(n));
  return { live, question: q ? q.textContent.trim() : null, offline };
}"""
PHONES = 4


class _Watch:
    """What one phone (a browser context) was doing, to say so when it gets stuck: its requests still
    going (pages and service worker) and its service workers' states, in order, from DevTools."""

    def __init__(self, ctx, page, start: str) -> None:
        self.ctx, self.page, self.start = ctx, page, start
        self.t0 = time.monotonic()
        self.status: dict[int, str] = {}  # each service worker version's latest state
        self.going: dict[object, str] = {}
        self.workers: list[str] = []
        ctx.on("request", lambda r: self.going.__setitem__(
            r, f"{self.now()} {'sw ' if r.service_worker else ''}{r.url}"))
        ctx.on("requestfinished", lambda r: self.going.pop(r, None))
        ctx.on("requestfailed", lambda r: self.going.pop(r, None))
        self.cdp = ctx.new_cdp_session(page)
        self.cdp.on("ServiceWorker.workerVersionUpdated", self._versions)
        self.cdp.send("ServiceWorker.enable")
        ctx.on("serviceworker", lambda w: self.workers.append(f"{self.now()} playwright sees {w.url}"))

    def now(self) -> str:
        return f"{time.monotonic() - self.t0:.1f}s"

    def _versions(self, event: dict) -> None:
        for v in event["versions"]:
            self.workers.append(f"{self.now()} v{v['versionId']} {v['status']}/{v['runningStatus']}")
            self.status[int(v["versionId"])] = v["status"]

    def versions(self) -> set[int]:
        """The service worker versions there are (at least one: the phone has visited)."""
        for _ in range(40):
            if self.status:
                break
            self.page.wait_for_timeout(250)  # lets DevTools' events in
        assert self.status, "DevTools reported no service worker"
        return set(self.status)

    def wait_taken_over(self, before: set[int], timeout: float) -> None:
        """Until a version not among `before` is the active one and every other is gone (redundant):
        read from DevTools, without opening a page of the site (it would be a page of the old worker)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            newest = max(self.status, default=None)
            if newest is not None and newest not in before and self.status[newest] == "activated" \
                    and all(s == "redundant" for v, s in self.status.items() if v != newest):
                return
            self.page.wait_for_timeout(250)
        raise TimeoutError(f"no new service worker took over in {timeout:.0f} s")

    def said(self) -> str:
        """Its service workers' states, what they answer now from inside, whether a new tab of the same
        phone loads the page, and its requests still going."""
        inside = []
        for w in self.ctx.service_workers:
            try:
                inside.append(w.evaluate(SW_INSIDE_JS))
            except Exception as exc:  # noqa: BLE001 (a diagnostic)
                inside.append(f"unreadable: {exc}"[:200])
        other = self.ctx.new_page()
        try:
            other.goto(self.start, timeout=10_000)
            again = "loads"
        except PlaywrightTimeoutError:
            again = "hangs too"
        finally:
            other.close()
        return (f"service workers: {self.workers[-14:]}; inside them: {inside}; a new tab {again}; "
                f"requests still going: {sorted(self.going.values())[:12]}")


SW_INSIDE_JS = """async () => { const within = (p, ms) => Promise.race([p.then((v) => v, (e) => 'error ' + e),
    new Promise((r) => setTimeout(() => r('no answer in ' + ms + ' ms'), ms))]);
  const keys = await within(caches.keys(), 3000);
  const kept = await within(caches.open(PRECACHE_NAME).then((c) => c.match(new URL(KEPT['fr/verifier/'], location.href).href))
    .then((r) => r ? 'kept ' + r.status : 'not kept'), 3000);
  const net = await within(fetch(new URL('fr/verifier/', registration.scope).href, {cache: 'no-store'}).then((r) => 'network ' + r.status), 3000);
  return {script: location.pathname, early: early.size, keys, kept, net, state: self.serviceWorker && self.serviceWorker.state,
  runningFor: Math.round(performance.now()) + ' ms'}; }"""


def _watch_from_a_blank_tab(ctx, host_url: str) -> _Watch:
    """DevTools' view of the phone's service workers, held by a tab left on a blank page: in no
    worker's scope, so it changes nothing (a page of the site opened to look would be the old
    worker's, and keep it)."""
    return _Watch(ctx, ctx.new_page(), host_url + "/fr/verifier/")


def _step(n: int, what: str, watch: _Watch, action: Callable[[], object]) -> object:
    """`action`, and if it fails or times out, what phone `n` was doing then."""
    watch.workers.append(f"{watch.now()} step: {what}")
    try:
        return action()
    except (PlaywrightTimeoutError, TimeoutError) as exc:
        raise AssertionError(f"phone {n}, {what}: {str(exc).splitlines()[0]}; {watch.said()}") from None


def _shown_build(shown: dict, builds: dict[str, Build], *, settled: bool = True) -> str:
    """The build a phone shows, checked to be one build whole (script, question page, offline data).
    While a new service worker takes over (`settled` False), the page may be the old build's and the
    next page (the question, fetched after it) already the new one's, and the caches hold both
    builds' data: each is then only checked to be one of the two builds, whole."""
    by_script = [k for k, b in builds.items() if next(b.site.glob(f"assets/javascripts/{shown['live']}"), None)]
    by_question = [k for k, b in builds.items() if b.question == shown["question"]]
    by_data = [k for k, b in builds.items() if [p.name for p in (b.site / "verifier").glob("offline.*.json")] == shown["offline"]]
    assert len(by_script) == 1 and len(by_question) == 1, (shown, by_script, by_question)
    if settled:
        assert by_script == by_question == by_data, (shown, by_script, by_question, by_data)
    return by_script[0]


def test_phones_checking_for_updates_during_the_deploy_all_end_on_b(browser, builds, tmp_path):
    """Several phones (the whole site cached, the checker not started: data saver on) look at the
    checker and force update checks again and again while build B is copied to Debian's nginx; after
    the switch, each is on B whole by its second visit, and stays on B offline."""
    finished(deploy(builds["A"].site, tmp_path / "srv"))
    forme = {k: next(c for c, (_, article) in json.loads(next((b.site / "verifier").glob("offline.*.json"))
                                                            .read_text(encoding="utf-8"))["fr"]["pages"].items()
                       if 'data-question="forme"' in article) for k, b in builds.items()}
    assert forme["A"] == forme["B"]

    def shown(page) -> dict:  # bounded: a fetch the service worker never answers fails the step
        return wait_until(page, SHOWN_JS, forme["A"], timeout=30_000)

    with readme_nginx(tmp_path / "srv") as host:
        start = host.url + "/fr/verifier/"
        phones = []
        try:
            for n in range(PHONES):
                ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
                page = ctx.new_page()
                watch = _Watch(ctx, page, start)
                ctx.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
                _step(n, "first visit", watch, lambda: page.goto(start))
                _step(n, "first visit, settling", watch, lambda: wait_until(page, SETTLED_JS, timeout=120_000, polling=500))
                _step(n, "second visit", watch, page.reload)
                assert _shown_build(_step(n, "reading A", watch, lambda: shown(page)), builds) == "A"
                phones.append((ctx, page, watch))
            checks = [0]

            def look_and_check() -> None:
                for _, page, _ in phones:
                    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r && r.update()).catch(() => {})")
                    page.goto(start, wait_until="commit")
                    checks[0] += 1

            host.deploy(builds["B"].site, during=look_and_check)
            assert checks[0] >= PHONES, "no phone looked during the copy"
            for n, (ctx, page, watch) in enumerate(phones):
                # Visit 1: the old service worker may answer with A, whole.
                _step(n, "visit 1 after the deploy", watch, lambda: page.goto(start))
                assert _shown_build(_step(n, "reading visit 1", watch, lambda: shown(page)), builds, settled=False) in ("A", "B")
                _step(n, "settling on B", watch, lambda: wait_until(page, SETTLED_JS, timeout=120_000, polling=1000))
                _step(n, "visit 2", watch, lambda: page.goto(start))
                assert _shown_build(_step(n, "reading visit 2", watch, lambda: shown(page)), builds) == "B"
                ctx.set_offline(True)
                _step(n, "offline visit", watch, lambda: page.goto(start))
                assert page.evaluate(HOST_ANSWERS_JS) is False, "the host still answers: not offline"
                assert _shown_build(_step(n, "reading offline", watch, lambda: shown(page)), builds) == "B", \
                    "offline, back to A"
        finally:
            for ctx, _, _ in phones:
                ctx.close()


def test_a_visit_of_one_second_after_the_deploy_finds_b(browser, builds, tmp_path):
    """A returning phone opens a page for one second after the deploy and leaves: that is enough for
    its service worker to find build B (sw-register.js asks at once; the browser alone re-checks once
    a day). Then offline, the phone shows B."""
    finished(deploy(builds["A"].site, tmp_path / "srv"))
    forme = next(c for c, (_, article) in json.loads(next((builds["A"].site / "verifier").glob("offline.*.json"))
                                                     .read_text(encoding="utf-8"))["fr"]["pages"].items()
                 if 'data-question="forme"' in article)
    with readme_nginx(tmp_path / "srv") as host:
        ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
        try:
            page = ctx.new_page()
            ctx.new_cdp_session(page).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
            page.goto(host.url + "/fr/verifier/")
            wait_until(page, SETTLED_JS, timeout=120_000, polling=500)
            page.close()
            watch = _watch_from_a_blank_tab(ctx, host.url)
            before = watch.versions()
            host.deploy(builds["B"].site)
            page = ctx.new_page()
            page.goto(host.url + "/fr/", wait_until="commit")
            page.wait_for_timeout(1_000)
            page.close()
            _step(0, "the new worker taking over", watch, lambda: watch.wait_taken_over(before, timeout=120))
            ctx.set_offline(True)
            page = ctx.new_page()
            page.goto(host.url + "/fr/verifier/")
            assert page.evaluate(HOST_ANSWERS_JS) is False, "the host still answers: not offline"
            assert _shown_build(page.evaluate(SHOWN_JS, forme), builds) == "B"
        finally:
            ctx.close()


def test_the_new_worker_waits_while_the_phone_goes_from_page_to_page(browser, builds, tmp_path):
    """While a returning phone goes from page to page (a tap soon after each page loads), build B's
    service worker installs and waits: the old one answers every page, and none is lost in a hand-over
    (Chromium loses a page handed to the old worker as it is stopped: sw-register.js). Once a page has
    been still, B takes over, that page included."""
    finished(deploy(builds["A"].site, tmp_path / "srv"))
    pages = ["", "fr/", "fr/registre/", "fr/amo/", "fr/verifier/", "fr/sources/"]
    with readme_nginx(tmp_path / "srv") as host:
        ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
        try:
            page = ctx.new_page()
            page.goto(host.url + "/fr/verifier/")
            wait_until(page, SETTLED_JS, timeout=120_000, polling=500)
            watch = _watch_from_a_blank_tab(ctx, host.url)
            before = watch.versions()
            host.deploy(builds["B"].site)
            taps_after_b, n = 0, 0
            while taps_after_b < len(pages):  # B installs during the taps (each new page asks for an update)
                page.wait_for_timeout(300)  # a glance: far less than a page's quiet time
                with page.expect_navigation(wait_until="load", timeout=30_000):  # a tap: the page itself goes on
                    page.evaluate("(url) => { setTimeout(() => location.assign(url), 0); }", host.url + "/" + pages[n % len(pages)])
                new = {v: s for v, s in watch.status.items() if v not in before}
                assert all(s in ("new", "installing", "installed") for s in new.values()), \
                    f"B took over during the taps (tap {n}): {watch.workers[-8:]}"
                taps_after_b += "installed" in new.values()
                n += 1
                assert n < 200, f"B never installed: {watch.workers[-8:]}"
            _step(0, "B taking over once the page is still", watch, lambda: watch.wait_taken_over(before, timeout=60))
            wait_until(page, SETTLED_JS, timeout=30_000, polling=500)  # the open page is B's too
        finally:
            ctx.close()
