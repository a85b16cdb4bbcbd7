"""Release safety: nothing printed points to a machine path or a placeholder address unnoticed.
A build without SITE_URL marks every PDF as a specimen and says so; `make release` refuses it."""
from __future__ import annotations

import datetime
import json
import re
import subprocess

import pytest

from sitebuild import pdfs, release, website
from tests.conftest import BUILD_OUTPUT, ROOT
from tests.support.chamber_settings import write_settings
from tests.support.clone import build, clone

SPECIMEN = {"ar": "نسخة للتجربة — العنوان غير نهائي", "fr": "SPÉCIMEN — adresse provisoire"}


def pdf_links(path) -> list[str]:
    """Every link annotation of a PDF (poppler's pdfinfo -url)."""
    out = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def test_every_link_in_every_pdf_is_an_absolute_public_address(built_site):
    base = website.site_url()
    problems, to_site = [], 0
    for path in sorted((built_site / "guides").glob("*.pdf")):
        for url in pdf_links(path):
            if not re.match(r"^(https://|mailto:|tel:)", url):
                problems.append(f"{path.name}: {url}")
            to_site += url.startswith(base)
    assert not problems, "\n".join(problems)
    assert to_site > 0, "no link to the site itself: the test would not see a broken one"


def test_a_link_is_made_absolute_whatever_the_order_of_its_attributes():
    html = str(pdfs.page_html("registre", "fr", "https://guide.example.ma/"))
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(re.match(r"^(https://|mailto:|tel:|#)", h) for h in hrefs), hrefs
    assert 'class="md-button" href="https://guide.example.ma/fr/verifier/"' in html or \
        "https://guide.example.ma/fr/verifier/" in hrefs


def test_a_relative_link_stops_the_pdf_build(tmp_path):
    assert pdfs.relative_links('<a class="x" href="../verifier/index.md">v</a> <a href="#top">t</a>'
                               '<a href="https://a.ma/">a</a> <a href=file:///home/builder/x>w</a>') == \
        ["../verifier/index.md", "file:///home/builder/x"]


def _page_count(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def test_without_a_real_address_every_page_of_every_pdf_is_a_specimen(built_site):
    specimen = release.is_placeholder(website.site_url())
    for path in sorted((built_site / "guides").glob("*.pdf")):
        lang = re.search(r"-(ar|fr)[-.]", path.name).group(1)
        for page in range(1, _page_count(path) + 1):
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            marked = " ".join(SPECIMEN[lang].split()) in " ".join(text.split())
            assert marked == specimen, f"{path.name} page {page}: specimen mark {'missing' if specimen else 'present'}"


def test_the_build_says_which_address_the_qr_codes_carry(built_site):
    said = BUILD_OUTPUT[-1] if BUILD_OUTPUT else ""
    address = website.site_url()
    if release.is_placeholder(address):
        assert f"SPECIMEN: no SITE_URL, so the QR codes and printed addresses point to {address}" in said
    else:
        assert f"QR codes and printed addresses point to: {address}" in said
    assert said.rstrip().splitlines()[-1].startswith(("SPECIMEN:", "QR codes")), "not the build's last words"


@pytest.mark.parametrize("url,placeholder", [
    ("https://guide-artisan.example.org/", True), ("https://example.com/", True), ("http://guide.ma/", True),
    ("https://localhost:8000/", True), ("https://127.0.0.1/", True), ("https://guide.test/", True),
    ("https://guide", True), ("https://guide-artisan.ma/", False), ("https://artisanat.gov.ma/guide/", False),
])
def test_placeholder_addresses(url, placeholder):
    assert release.is_placeholder(url) is placeholder


@pytest.mark.process
@pytest.mark.parametrize("site_url", [None, "https://guide.example.org/"])
def test_make_release_refuses_a_placeholder_address(tmp_path, site_url):
    repo = clone(tmp_path / "repo")
    env = {"RELEASE": "1", **({"SITE_URL": site_url} if site_url else {})}
    p = build(repo, unset=() if site_url else ("SITE_URL",), **env)
    out = p.stdout + p.stderr
    assert p.returncode != 0 and "Traceback" not in out
    line = [x for x in out.splitlines() if "release: the public address is" in x]
    assert len(line) == 1 and "SITE_URL=https://" in line[0], out[-2000:]
    assert not (repo / "site" / "guides").exists()


def test_make_release_passes_the_flag_and_prints_the_address():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^release: .*\n\tRELEASE=1 \$\(BIN\)/mkdocs build --strict", makefile, re.M)


def test_a_release_build_names_its_address_last(capsys, monkeypatch, tmp_path):
    """What a real release has (a public address, the chamber's own details, a recent source watch)
    lets the release hooks through; the build's last words are the address alone (no specimen line,
    no chamber line)."""
    from sitebuild import hooks, source_watch
    report = tmp_path / "source-watch.json"
    report.write_text(json.dumps({"date": datetime.date.today().isoformat(),
                                  "counts": {"found": 50, "changed": 0, "unreachable": 0}}), encoding="utf-8")
    monkeypatch.setattr(source_watch, "REPORT", report)
    monkeypatch.setenv("CHAMBER_FILE", str(write_settings(tmp_path / "chamber.toml")))
    monkeypatch.setenv("RELEASE", "1")
    monkeypatch.setenv("SITE_URL", "https://guide-artisan.ma/")
    monkeypatch.delenv("SKIP_SOURCE_WATCH", raising=False)
    config = object()
    assert hooks.on_config(config) is config  # refuses (PluginError) what a release lacks
    said = capsys.readouterr().err
    assert said.startswith(f"source watch: last run {datetime.date.today().isoformat()}") and "SKIPPED" not in said
    hooks._built.append(website.site_url())  # what on_post_build does once every step is done
    hooks.on_shutdown()
    assert capsys.readouterr().err.strip() == "QR codes and printed addresses point to: https://guide-artisan.ma/"


@pytest.mark.parametrize("url,named", [
    ("https://guide artisan.ma/", "a space"),
    ("https://guide.ma/ ", "a space"),
    ("https://user:password@guide-artisan.ma/", "credentials (user:password@)"),
    ("https://user@guide-artisan.ma/", "credentials"),
    ("https://guide-artisan.ma/?utm=1", "a query (?…)"),
    ("https://guide-artisan.ma/?", "a query"),
    ("https://guide-artisan.ma/#top", "a fragment (#…)"),
    ("https://127.1/", "a numeric address (127.1)"),
    ("https://2130706433/", "a numeric address"),
    ("https://0x7f.0.0.1/", "a numeric address"),
    ("https://10.0.0.5/", "a numeric address"),
    ("https://[::1]/", "a numeric address"),
    ("https://guide.lan/", "a reserved or private name (.lan)"),
    ("https://guide.internal/", "(.internal)"),
    ("https://guide.local/", "(.local)"),
    ("https://router.home.arpa/", "(.home.arpa)"),
    ("https://guide.localhost/", "(.localhost)"),
    ("https://localhost/", "a one-word host name"),
    ("https://guide-artisan.ma:8443/", "a port"),
    ("http://guide-artisan.ma/", "not https://"),
    ("ftp://guide-artisan.ma/", "not https://"),
    ("https:///guide/", "no host name"),
    ("https://-guide.ma/", "not a valid host name"),
    ("https://guide_artisan.ma/", "not a valid host name"),
    ("https://guide-artisan.ma/\u202e", "an invisible or control character"),
    ("https://guide-artisan.ma\\@evil.ma/", "a backslash"),
])
def test_each_refused_address_form_is_named(url, named):
    assert named in (release.address_problem(url) or "")
    with pytest.raises(release.PlaceholderAddress) as err:
        release.check_release(url)
    message = str(err.value)
    assert message.startswith("release: the public address is ") and named in message
    assert "\n" not in message and "\u202e" not in message


@pytest.mark.parametrize("url", ["https://guide-artisan.ma/", "https://artisanat.gov.ma/guide/",
                                 "https://Guide-Artisan.MA/", "https://xn--mgbh0fb.ma/"])
def test_a_public_https_address_passes(url):
    assert release.address_problem(url) is None
    release.check_release(url)
