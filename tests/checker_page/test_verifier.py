"""The one-page form (quick mode for chamber counters, verifier/rapide/) in real Chromium with Pyodide:
The form gives what the engine gives, links carry answers, hostile links do nothing, offline works."""
from __future__ import annotations

import gzip
import json
import re
import subprocess

import pytest

from tests.conftest import ARTIFACTS, LANGS, PHONE, ROOT, page_url_path, screenshot
from tests.support.static_server import serve
from tests.checker_page.conftest import (FAILED, answer, answer_through_form, engine_view, expected_attrs,
                                fragment_answers, result_attrs, verifier_url, wait_ready, wait_result)

BASE = {"inscrit_rna": "non", "activite_listee": "oui", "couverture_actuelle": "aucune"}
# One scenario per RNA category and per AMO regime: (answers, expected category, expected regime).
SCENARIOS = {
    "diplome": ({**BASE, "forme": "individuel", "annees_pratique": "1", "diplome": "oui", "regime_fiscal": "aucun"},
                "artisan_diplome", "artisan_non_fiscalise"),
    "experience": ({**BASE, "forme": "individuel", "annees_pratique": "5", "diplome": "non", "regime_fiscal": "cpu"},
                   "artisan_experience", "cpu"),
    "maitre": ({**BASE, "forme": "individuel", "annees_pratique": "12", "reconnaissance_maitre": "oui",
                "diplome": "non", "regime_fiscal": "comptabilite"}, "maitre_artisan", "comptabilite"),
    "auto_entrepreneur": ({**BASE, "forme": "individuel", "annees_pratique": "4", "diplome": "oui",
                           "regime_fiscal": "auto_entrepreneur"}, "artisan_diplome", "auto_entrepreneur"),
    # A cooperative or an enterprise: AMO is for each person working in it, not for the body.
    "cooperative": ({**BASE, "forme": "cooperative", "regime_fiscal": "auto_entrepreneur"}, "cooperative", None),
    "entreprise": ({**BASE, "forme": "entreprise", "encadrement_artisan_inscrit": "oui", "regime_fiscal": "aucun"},
                   "entreprise", None),
}


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_result_matches_engine(page, rules, lang: str) -> dict:
    """The page's data attributes and words are the engine's for the answers in the URL."""
    report, texts = engine_view(rules, fragment_answers(page), lang)
    assert result_attrs(page) == expected_attrs(report)
    shown = flat(page.locator("#resultat").inner_text())
    for key in ("rna", "amo"):
        s = texts[key]
        expected = [s["status_text"]] + [d["text"] for d in s["documents"]] + [st["text"] for st in s["steps"]]
        expected += [w["label"] for w in s["why"]] + [w["source"]["text"] for w in s["why"]]
        if s["outcome"]:
            expected.append(s["outcome"]["label"])
        if s.get("amount"):
            expected.append(s["amount"]["text"])
        expected += [f["label"] for f in s["failed"]]
        for text in expected:
            assert flat(text) in shown, f"{key}: {text!r} not shown"
    assert flat(texts["verified_on"]) in shown
    return report


def start_again(page) -> None:
    page.locator("#verifier-form .verifier-reset").click()
    wait_result(page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_category_and_regime_through_the_form(checker_pages, rules, lang):
    page = checker_pages(lang)
    start_again(page)
    screenshot(page, f"verifier-form-{lang}")
    for name, (answers, category, regime) in SCENARIOS.items():
        start_again(page)
        assert result_attrs(page) == {"rna-status": "", "rna-category": "", "amo-status": "", "amo-regime": ""}
        answer_through_form(page, rules, answers)
        report = assert_result_matches_engine(page, rules, lang)
        assert (report["rna"]["category"], report["amo"]["regime"]) == (category, regime), name
        # Documents are a tick list; the questions that do not matter are hidden.
        assert page.locator("#resultat .verifier-checklist input[type=checkbox]").count() == len(report["rna"]["documents"]) + len(report["amo"]["documents"])
        shown = {q.get_attribute("data-fact") for q in page.locator(".verifier-q").all() if q.is_visible()}
        assert shown == set(report["ask"]), name
    page.locator("#resultat-title").evaluate("e => e.scrollIntoView()")
    screenshot(page, f"verifier-result-{lang}")
    # Share: a WhatsApp link holding a short summary and this very link.
    wa = page.locator("#verifier-whatsapp").get_attribute("href")
    assert wa.startswith("https://wa.me/?text=") and "verifier%2Frapide%2F%23" in wa
    # Print: no form or site chrome, the answers and the link written out.
    page.emulate_media(media="print")
    assert not page.locator("#verifier-form").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".verifier-print-url").is_visible()
    assert page.locator(".verifier-answers dt").count() >= 3
    # A personal checklist of one or two A4 pages (Chromium prints with the print stylesheet).
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"verifier-print-{lang}.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 1 <= pages <= 2, pages
    page.emulate_media(media="screen")


def test_start_again_clears_everything(checker_pages, rules):
    page = checker_pages("fr")
    # A refusal first: the unmet conditions are said.
    answer_through_form(page, rules, {**BASE, "forme": "entreprise", "encadrement_artisan_inscrit": "non",
                                      "regime_fiscal": "aucun"})
    report = assert_result_matches_engine(page, rules, "fr")
    assert report["rna"]["status"] == "not_eligible" and page.locator(".verifier-failed li").count() >= 1
    start_again(page)
    answer_through_form(page, rules, SCENARIOS["cooperative"][0])
    assert page.locator("#verifier-actions").is_visible()
    page.locator("#verifier-actions .verifier-reset").click()
    wait_result(page)
    assert page.evaluate("location.hash") == ""
    assert page.locator("#verifier-form input:checked").count() == 0
    assert result_attrs(page) == {"rna-status": "", "rna-category": "", "amo-status": "", "amo-regime": ""}
    assert not page.locator("#verifier-actions").is_visible()
    assert page.locator("#q-inscrit_rna").is_visible()
    # An in-page link (here to the result's heading) keeps the answers.
    answer(page, "inscrit_rna", "non")
    page.evaluate("location.hash = 'resultat-title'")
    page.wait_for_function("location.hash === '#inscrit_rna=non'")
    assert page.locator("#verifier-notice").is_hidden()


def test_link_prefills_back_button_and_language_switch(page, context, site_server, rules):
    answers, category, regime = SCENARIOS["experience"]
    fragment = "&".join(f"{k}={v}" for k, v in answers.items())
    page.goto(verifier_url(site_server, "ar", fragment))
    wait_ready(page)
    wait_result(page)
    assert page.locator("#q-forme input[value=individuel]").is_checked()
    assert page.locator("#q-annees_pratique input").input_value() == "5"
    report = assert_result_matches_engine(page, rules, "ar")
    assert (report["rna"]["category"], report["amo"]["regime"]) == (category, regime)
    # One more answer, then back: the previous answers and result come back.
    answer(page, "regime_fiscal", "comptabilite")
    assert result_attrs(page)["amo-regime"] == "comptabilite"
    page.go_back()
    wait_result(page)
    assert page.locator("#q-regime_fiscal input[value=cpu]").is_checked()
    assert result_attrs(page)["amo-regime"] == "cpu"
    # The language switcher carries the answers to the French page.
    page.locator('a.md-select__link[hreflang="fr"]').first.click()
    page.wait_for_url("**/fr/verifier/rapide/#*")
    wait_ready(page)
    wait_result(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("#q-regime_fiscal input[value=cpu]").is_checked()
    assert_result_matches_engine(page, rules, "fr")
    assert not context.requests.foreign(), context.requests.foreign()


HOSTILE = [
    "forme=<script>alert(1)</script>",
    'forme="><img src=x onerror=alert(1)>',
    "forme=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=oui",
    "inconnu=1&forme=individuel",
    "annees_pratique=" + "9" * 5000,
    "annees_pratique=99999",
    "annees_pratique=1e3",
    "forme=%E0%A4%A",
    "forme=individuel&" * 60,
]


def test_hostile_links_are_ignored(checker_pages, rules):
    page = checker_pages("ar")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    count = "() => [document.querySelectorAll('img').length, document.querySelectorAll('script').length]"
    before = page.evaluate(count)
    for fragment in HOSTILE:
        page.evaluate("f => { location.hash = f; }", fragment)
        wait_result(page)
        assert page.locator("#verifier-notice").is_visible(), fragment
        assert page.evaluate(count) == before, fragment
        for value in fragment_answers(page).values():
            assert value.isalnum() or "_" in value, value
    page.evaluate("location.hash = 'inconnu=1&forme=individuel'")
    wait_result(page)
    assert page.locator("#q-forme input[value=individuel]").is_checked()  # the valid part is kept
    answer(page, "forme", "cooperative")  # the form still works
    assert page.locator("#verifier-notice").is_hidden()
    assert result_attrs(page)["rna-status"]
    assert dialogs == []
    page.wait_for_timeout(300)
    assert dialogs == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_to_the_result_or_with_a_query_is_not_a_bad_link(page, context, site_server, lang):
    """Opened at #resultat (a place in the page, as a shared "see the result" link is): no warning.
    A query string (?utm_source=…, or anything a sender typed) never reaches the address bar, the
    printed link or the WhatsApp text: they carry the answers and nothing else."""
    from urllib.parse import unquote
    page.goto(verifier_url(site_server, lang) + "?utm_source=%3Cb%3Ex%3C%2Fb%3E#resultat")
    wait_ready(page)
    page.wait_for_timeout(300)
    assert page.locator("#verifier-notice").is_hidden()
    answer(page, "forme", "individuel")
    wait_result(page)
    assert "?" not in page.url and "utm_source" not in page.url
    printed = page.locator(".verifier-print-url").inner_text()
    whatsapp = unquote(page.locator("#verifier-whatsapp").get_attribute("href").split("text=", 1)[1])
    for text in (printed, whatsapp):
        assert "utm_source" not in text and "<b>" not in text and "forme=individuel" in text, text
    assert page.locator("#verifier-notice").is_hidden()


def test_failure_message_points_to_the_printable_guides(page, context, site_server):
    context.route("**/assets/pyodide/**", lambda route: route.abort())
    page.goto(verifier_url(site_server, "fr"))
    page.wait_for_selector(FAILED, state="attached", timeout=60_000)
    failure = page.locator("#verifier-failure")
    assert failure.is_visible()
    link = failure.locator("a")
    assert link.is_visible() and link.get_attribute("href") == "../../guides/"
    failure.scroll_into_view_if_needed()
    screenshot(page, "verifier-failure-fr")
    # Still answerable: the answers go to the URL even without the checker.
    page.locator("#q-forme label.verifier-option").first.click()
    assert page.evaluate("location.hash") == "#forme=individuel"


def test_works_offline_after_one_visit(browser, built_site, rules):
    server = serve(built_site)  # our own server, shut down after the first visit: truly offline
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(base + page_url_path("fr", "verifier/rapide/"))
        wait_ready(page)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=180_000)
        # The worker says "works offline" only once every file it needs is in its caches: no waiting
        # on anything else, no second download.
        page.wait_for_selector("#verifier[data-offline=yes]", state="attached", timeout=120_000)
        server.shutdown()
        server.server_close()
        ctx.set_offline(True)
        page.goto(base + page_url_path("ar", "registre/"))
        assert page.locator("article h1").is_visible()
        fragment = "&".join(f"{k}={v}" for k, v in SCENARIOS["cooperative"][0].items())
        page.goto(base + page_url_path("ar", "verifier/rapide/") + "#" + fragment)
        wait_ready(page)
        wait_result(page)
        assert result_attrs(page)["rna-category"] == "cooperative"
        assert_result_matches_engine(page, rules, "ar")
    finally:
        ctx.close()
        server.shutdown()


def test_other_pages_do_not_download_python(browser, built_site):
    """A first visit to an information page (say from a poster's QR code) must not cost the 6 MB of
    Pyodide, not even in the background through the service worker."""
    server = serve(built_site)
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE)
    urls: list[str] = []
    ctx.on("request", lambda req: urls.append(req.url))
    try:
        page = ctx.new_page()
        page.goto(base + page_url_path("ar", "registre/"))
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
        page.wait_for_timeout(1000)
        precached = page.evaluate("""async () => { const out = [];
            for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(r.url);
            return out; }""")
        assert any("/fr/amo/" in u for u in precached), "the pages themselves must be kept for offline use"
        assert not [u for u in urls + precached if "/assets/pyodide/" in u or "/assets/checker/" in u]
    finally:
        ctx.close()
        server.shutdown()


def test_checker_page_stays_light(built_site):
    """Apart from Pyodide itself, the page's own HTML, script and style stay small (gzip)."""
    scripts = built_site / "assets" / "javascripts"
    files = [built_site / "fr/verifier/rapide/index.html", *scripts.glob("verifier.*.js"), *scripts.glob("verifier-worker.*.mjs"),
             *(built_site / "assets/stylesheets").glob("verifier.*.css"), *scripts.glob("sw-register.*.js")]
    assert len(files) == 5, files
    sizes = {f.name: len(gzip.compress(f.read_bytes(), 6)) for f in files}
    assert sum(sizes.values()) < 30_000, sizes


@pytest.mark.parametrize("lang", LANGS)
def test_checker_has_no_axe_violations(checker_pages, rules, site_server, lang):
    """WCAG 2.2 AA rules (axe-core) on the questions and a result; the site's own theme is tested elsewhere."""
    page = checker_pages(lang)
    start_again(page)
    answer_through_form(page, rules, SCENARIOS["experience"][0])
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (no inline <script>).
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("""async () => (await axe.run(document.getElementById('verifier'),
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations
        .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)""")
    assert violations == [], violations


# The policy the lead plans (TEAM brief): scripts from the site only, WebAssembly allowed, no eval.
PLANNED_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data:")


def test_checker_runs_under_the_planned_content_security_policy(page, context, site_server, rules):
    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": PLANNED_CSP})

    # The page and the worker script each carry the policy (a module worker gets its own).
    context.route(lambda url: url.split("#")[0].endswith(("/", ".mjs")), with_csp)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(verifier_url(site_server, "fr", "inscrit_rna=non&forme=cooperative"))
    wait_ready(page)
    wait_result(page)
    assert result_attrs(page)["rna-category"] == "cooperative"
    # Material's own inline scripts are reported until the lead hashes them; ours must never be.
    ours = [v for v in violations if "inline script" not in v]
    assert ours == [], ours


def test_save_data_means_no_python_until_asked(page, context, site_server):
    """A browser set to save data gets the page, not the megabytes of Python, until the person asks."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    page.goto(verifier_url(site_server, "fr"))
    assert page.evaluate("navigator.connection.saveData") is True
    load = page.locator("#verifier-status button")
    load.wait_for(state="visible")
    page.wait_for_timeout(1000)
    assert not [u for u in context.requests if "/assets/pyodide/" in u or "/assets/checker/" in u]
    load.click()
    wait_ready(page)


RECORD_PROGRESS = """document.addEventListener("DOMContentLoaded", () => {
  window.progressSeen = [];
  const box = document.getElementById("verifier-status");
  if (!box) return;
  const bar = document.getElementById("verifier-progress"), text = document.getElementById("verifier-status-text");
  new MutationObserver(() => window.progressSeen.push([bar.hasAttribute("value") ? Number(bar.value) : null,
    text.textContent])).observe(box, {subtree: true, childList: true, characterData: true, attributes: true});
});"""


def test_progress_counts_every_byte_and_never_goes_back(browser, built_site):
    """A first visit: the total is every file the checker downloads, as brotli on the wire (the
    sizes the build wrote into the worker); the bar only goes forward. Once cached: nothing to count."""
    worker = next((built_site / "assets" / "javascripts").glob("verifier-worker.*.mjs")).read_text(encoding="utf-8")
    table = json.loads(json.loads(re.search(r'JSON\.parse\(("(?:[^"\\]|\\.)*")\)', worker).group(1)))
    wire = sum(w for group in ("pyodide", "checker") for _, w, _ in table[group]["files"].values())
    assert len(table["pyodide"]["files"]) + len(table["checker"]["files"]) == 5
    server = serve(built_site)
    ctx = browser.new_context(viewport=PHONE)
    ctx.add_init_script(RECORD_PROGRESS)
    try:
        page = ctx.new_page()
        page.goto(verifier_url(f"http://127.0.0.1:{server.server_port}", "fr"))
        page.wait_for_selector("#verifier[data-offline=yes]", state="attached", timeout=300_000)
        seen = page.evaluate("window.progressSeen")
        values = [v for v, _ in seen if v is not None]
        assert values == sorted(values) and values[-1] == 100, values
        totals = {m.group(1) for _, text in seen if (m := re.search(r"sur ([0-9.]+) Mo", text))}
        assert totals == {f"{wire / 1e6:.1f}"}, (totals, wire)
        assert any(re.search(r"\d+ %", text) for _, text in seen)
        page.close()
        page = ctx.new_page()  # again, from the caches: nothing left to download
        page.goto(verifier_url(f"http://127.0.0.1:{server.server_port}", "fr"))
        page.wait_for_selector("#verifier[data-offline=yes]", state="attached", timeout=300_000)
        assert not [t for _, t in page.evaluate("window.progressSeen") if "Mo)" in t]
    finally:
        ctx.close()
        server.shutdown()
