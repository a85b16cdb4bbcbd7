"""The source watch against pages served here on 127.0.0.1: a page with the passage, one without it,
a 404, a redirect, and an Arabic page in windows-1256; its report, its exit status, and how a
release reads the report's date."""
from __future__ import annotations

import datetime
import http.server
import json
import re
import socket
import threading

import pytest

from checker.freshness import MAX_AGE_DAYS
from sitebuild import release, source_watch
from tests.conftest import ROOT

QUOTE_FR = "Pour les pensionnés : percevoir une pension dont le montant est supérieur ou égal à 500 dirhams/mois."
QUOTE_AR = "انطلقت اليوم الجمعة، 26 شتنبر 2025، رسميًا عملية توزيع البطائق المهنية الجديدة للصانع التقليدي"
QUOTE_CUT = "L'immatriculation des travailleurs non-salariés s’effectue […] via leurs organismes de liaison. […] la [CNSS] procède d’office"

PAGES = {
    # The passage as a CMS writes it: typographic apostrophe, no space before the colon, a tag inside.
    "/present.html": ("text/html; charset=utf-8", (
        "<html><head><script>var x = 'Pour les pensionnés';</script></head><body><ul><li>Pour les "
        "pensionnés: percevoir une <b>pension</b> dont le montant est supérieur ou égal à 500&nbsp;dirhams/mois."
        "</li></ul><p>L’immatriculation des travailleurs non-salariés s’effectue, en général, sur la base des "
        "données communiquées via leurs organismes de liaison. Après 30 jours, la Caisse Nationale de Sécurité "
        "Sociale procède d’office à l’immatriculation.</p></body></html>").encode("utf-8")),
    "/absent.html": ("text/html; charset=utf-8",
                     "<html><body><p>Pour les pensionnés : voir la nouvelle page.</p></body></html>".encode("utf-8")),
    # A meta charset only (no charset in the header): windows-1256 bytes, the vowel mark left out.
    "/legacy.html": ("text/html", (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body>'
        "<p>انطلقت اليوم الجمعة، 26 شتنبر 2025، رسميا عملية توزيع البطائق المهنية الجديدة للصانع التقليدي.</p>"
        "</body></html>").encode("windows-1256")),
}


class _Fixtures(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/present.html")
            self.end_headers()
        elif self.path in PAGES:
            content_type, body = PAGES[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def served():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fixtures)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sources(base: str) -> list[source_watch.WatchedSource]:
    w = source_watch.WatchedSource
    return [w("present", f"{base}/present.html", QUOTE_FR), w("cut", f"{base}/present.html", QUOTE_CUT),
            w("absent", f"{base}/absent.html", QUOTE_FR), w("gone", f"{base}/gone", QUOTE_FR),
            w("moved", f"{base}/moved", QUOTE_FR), w("legacy", f"{base}/legacy.html", QUOTE_AR),
            w("down", f"http://127.0.0.1:{_closed_port()}/", QUOTE_FR)]


def test_each_kind_of_page_gets_its_status(served):
    results = {r.id: r for r in source_watch.check(_sources(served), timeout=5)}
    assert {i: r.status for i, r in results.items()} == {
        "present": "found", "cut": "found", "absent": "changed", "gone": "unreachable", "moved": "found",
        "legacy": "found", "down": "unreachable"}
    assert results["gone"].http_status == 404 and results["gone"].detail == "HTTP 404"
    assert results["moved"].final_url == f"{served}/present.html", "a redirect says where the page went"
    assert "percevoir une pension" in results["absent"].detail, "a changed page says which words are gone"
    assert results["down"].http_status is None and results["down"].detail.startswith("no answer")


def test_the_command_writes_a_report_and_a_table_and_fails_when_a_passage_is_gone(served, tmp_path, capsys):
    listing = tmp_path / "sources.toml"
    entries = [("present", "present.html"), ("absent", "absent.html"), ("gone", "gone")]
    listing.write_text("".join(f'[[source]]\nid = "{i}"\nurl = "{served}/{p}"\nquote = "{QUOTE_FR}"\n\n'
                               for i, p in entries), encoding="utf-8")
    out = tmp_path / "watch.json"
    assert source_watch.main(["--sources", str(listing), "--report", str(out), "--timeout", "5"]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["date"] == datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert data["counts"] == {"found": 1, "changed": 1, "unreachable": 1}
    assert {s["id"]: s["status"] for s in data["sources"]} == {"present": "found", "absent": "changed",
                                                              "gone": "unreachable"}
    shown = capsys.readouterr().out
    assert re.search(r"^absent\s+changed\s+http://", shown, re.M), shown
    assert shown.index("absent") < shown.index("present"), "problems are listed first"
    assert "1 found, 1 changed, 1 unreachable" in shown
    # Without the changed page, the same run passes.
    listing.write_text(listing.read_text(encoding="utf-8").split("[[source]]\nid = \"absent\"")[0], encoding="utf-8")
    assert source_watch.main(["--sources", str(listing), "--report", str(out), "--timeout", "5"]) == 0


@pytest.mark.parametrize("page,quote,holds", [
    ("Travailleur non salarié (TNS): justifier d’une période", "Travailleur non salarié (TNS) : justifier d'une période", True),
    ("« Bureau agréé »", '"Bureau agréé"', True),
    ("الصندوق الوطنيّ للضمـان الاجتماعي – ٣٩٣٩", "الصندوق الوطني للضمان الاجتماعي - 3939", True),
    ("a b c", "a […] c", True),
    ("c b a", "a […] c", False),  # pieces must come in the page's order
    ("135 dirhams par mois", "147 dirhams par mois", False),
])
def test_normalising_keeps_words_and_drops_typography(page, quote, holds):
    assert source_watch.holds(page, quote)[0] is holds


def test_every_project_source_with_an_address_is_watched():
    watched = source_watch.watched_sources()
    assert len(watched) >= 50 and all(w.url.startswith("https://") for w in watched)
    assert all(source_watch.pieces(w.quote) for w in watched), "a quote with nothing left to look for"


# make release and the watch's date ---------------------------------------------------------------
TODAY = datetime.date(2026, 12, 4)


def _report(days_ago: int) -> dict:
    day = TODAY - datetime.timedelta(days=days_ago)
    return {"date": day.isoformat(), "counts": {"found": 50, "changed": 1, "unreachable": 2}}


def test_a_release_prints_the_date_of_the_last_watch():
    said = release.check_source_watch(_report(10), TODAY, MAX_AGE_DAYS, {})
    assert said.startswith("source watch: last run 2026-11-24 (10 days ago): 50 found, 1 changed")


@pytest.mark.parametrize("report", [None, _report(MAX_AGE_DAYS + 1)], ids=["missing", "old"])
def test_a_release_refuses_a_missing_or_old_watch_unless_told_loudly(report):
    with pytest.raises(release.SourceWatchTooOld, match="make check-sources"):
        release.check_source_watch(report, TODAY, MAX_AGE_DAYS, {})
    with pytest.raises(release.SourceWatchTooOld):
        release.check_source_watch(report, TODAY, MAX_AGE_DAYS, {"SKIP_SOURCE_WATCH": "yes"})
    said = release.check_source_watch(report, TODAY, MAX_AGE_DAYS, {"SKIP_SOURCE_WATCH": "1"})
    assert "*** SOURCE WATCH SKIPPED (SKIP_SOURCE_WATCH=1)" in said


def test_an_unreadable_report_counts_as_missing(tmp_path):
    bad = tmp_path / "watch.json"
    bad.write_text("{not json", encoding="utf-8")
    assert source_watch.read_report(bad) is None
    assert source_watch.read_report(tmp_path / "none.json") is None


def test_make_has_the_watch_and_the_report_is_not_committed():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check-sources: .*\n\t\$\(BIN\)/python -m sitebuild\.source_watch", makefile, re.M)
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored or "/build/" in ignored


@pytest.mark.parametrize("days_ago", [None, MAX_AGE_DAYS + 30], ids=["no-report", "old-report"])
def test_make_release_refuses_without_a_recent_watch_in_one_line(tmp_path, days_ago):
    from tests.support.clone import build, clone
    repo = clone(tmp_path / "repo")
    # The clone shares the working tree's build/ (compression caches): give it its own, so that neither
    # the test's report nor a real one leaks across (the release stops before anything is compressed).
    (repo / "build").unlink()
    (repo / "build").mkdir()
    if days_ago is not None:
        day = datetime.date.today() - datetime.timedelta(days=days_ago)
        (repo / "build" / "source-watch.json").write_text(json.dumps({"date": day.isoformat(), "counts": {}}))
    p = build(repo, RELEASE="1", SITE_URL="https://guide-artisan.ma/")
    out = p.stdout + p.stderr
    assert p.returncode != 0 and "Traceback" not in out
    refused = [x for x in out.splitlines() if "release refused: source watch:" in x]
    assert len(refused) == 1 and "make check-sources" in refused[0], out[-2000:]
    assert ("never run here" in refused[0]) is (days_ago is None)
    assert not (repo / "site" / "guides").exists()
