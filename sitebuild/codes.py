"""The registry of published answer codes, and `make codes` (python -m sitebuild.codes).

Every code a build publishes (the address of a question or outcome page, printed in QR codes, read
over the phone) is kept in sitebuild/data/published_codes.txt with the answers it stands for, one
line each: `code<TAB>answers as a fragment`. The registry only grows. The build writes a page for
every code in it, and `problems()` names any code whose answers would change: the tests and
`make release` refuse those (docs-dev/codes.md).
"""
from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import checker
from checker import codes, web_pages
from checker.model import RuleSet

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = Path(__file__).resolve().parent / "data" / "published_codes.txt"
NUMBERS = ROOT / "checker" / "rules" / "codes.toml"
HEADER = ("# Every answer code published by a build, with the answers it stands for (docs-dev/codes.md).\n"
          "# Append only: `make codes` adds new codes; a test fails when a code's answers change.\n")


def read_registry(path: Path = REGISTRY) -> dict[str, str]:
    """code -> answers (a fragment, `fact=value&…`; "" for the first question)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, answers = line.partition("\t")
            out[code] = answers
    return out


def days(rules: RuleSet, on: datetime.date) -> list[datetime.date]:
    """`on` and each later day on which a rule comes into force or ends: the days whose walks a
    build may publish before the rules change again, so that their codes are registered today."""
    later = {r.in_force.start for r in rules.rules if r.in_force.start > on}
    later |= {r.in_force.until + datetime.timedelta(days=1) for r in rules.rules
              if r.in_force.until is not None and r.in_force.until >= on}
    return [on, *sorted(later)]


def walks(rules: RuleSet, on: datetime.date) -> list[web_pages.State]:
    """Every state of the walks of `days()`: what this release and its later days publish."""
    return [st for day in days(rules, on) for st in web_pages.walk(day, rules=rules)]


def published(states: list[web_pages.State]) -> dict[str, str]:
    """The codes a build publishes for these states, with their answers."""
    return {st.code or "0": web_pages.fragment(st.answers) for st in states}


def problems(rules: RuleSet, registry: dict[str, str], states: list[web_pages.State], on: datetime.date) -> list[str]:
    """Why these rules would break published codes (empty: none): an option without a committed
    number, a code the build publishes that the registry lacks, a registered code whose answers
    today's questions read otherwise."""
    out = [f"checker/rules/codes.toml: question {fact!r}: option(s) {', '.join(keys)} have no number yet "
           f"(run `make codes` and commit)" for fact, keys in codes.missing(rules).items()]
    now = published(states)
    new = sorted(set(now) - set(registry))
    if new:
        out.append(f"{REGISTRY.name}: {len(new)} published code(s) not registered, e.g. {new[0]} "
                   f"(run `make codes` and commit)")
    for code, answers in registry.items():
        mine = now.get(code)
        if mine is None:
            st = web_pages.decode(code, on, rules=rules)
            mine = web_pages.fragment(st.answers) if st is not None else None
        if mine is not None and mine != answers:
            out.append(f"{REGISTRY.name}: code {code} stood for {answers or '(no answer)'} and would now "
                       f"stand for {mine or '(no answer)'}: give the new option a new number instead "
                       f"(docs-dev/codes.md)")
    return out


def page_for_code(lang: str, code: str, answers: str, on: datetime.date, *, rules: RuleSet,
                  site_url: str = "", qr_svg: str | None = None,
                  media: web_pages.Media = web_pages.NO_MEDIA) -> web_pages.Page:
    """The page a registered code opens today: its own state when today's questions read it with
    the same answers, otherwise the page that keeps what is known and asks again."""
    st = web_pages.decode(code, on, rules=rules)
    if st is not None and web_pages.fragment(st.answers) == answers:
        return web_pages.page_for_state(lang, st, on, rules=rules, site_url=site_url, qr_svg=qr_svg, media=media)
    return web_pages.render_reopened(lang, code, answers, on, rules=rules)


# make codes ---------------------------------------------------------------------------------------
def _with_numbers(text: str, missing: dict[str, dict[str, int]]) -> str:
    """codes.toml with new numbers appended to each question's inline table (comments kept)."""
    for fact, new in missing.items():
        add = ", ".join(f'{k if re.fullmatch(r"[a-z][a-z0-9_]*", k) else repr(k).replace(chr(39), chr(34))} = {n}'
                        for k, n in new.items())
        line = re.compile(rf"^({re.escape(fact)} = \{{.*?)\s*\}}\s*$", re.M)
        if line.search(text):
            text = line.sub(lambda m: f"{m.group(1)}, {add} }}", text, count=1)
        else:
            text = text.rstrip("\n") + f"\n{fact} = {{ {add} }}\n"
    return text


def update(on: datetime.date | None = None) -> tuple[int, int]:
    """Commit numbers for new options and register new codes; returns (numbers added, codes added)."""
    rules = checker.load_rules()
    new_numbers = {}
    for fact in rules.facts:
        keys = codes.missing(rules).get(fact.id, [])
        if keys:
            numbers = codes.table(rules, fact)
            new_numbers[fact.id] = {k: numbers[k] for k in keys}
    if new_numbers:
        NUMBERS.write_text(_with_numbers(NUMBERS.read_text(encoding="utf-8"), new_numbers), encoding="utf-8")
        rules = checker.load_rules()
    on = on or datetime.date.today()
    registry = read_registry()
    now = published(walks(rules, on))
    clash = [c for c in now if c in registry and registry[c] != now[c]]
    if clash:
        raise SystemExit(f"make codes: code {clash[0]} would change meaning ({registry[clash[0]]} -> "
                         f"{now[clash[0]]}): see docs-dev/codes.md")
    added = {c: a for c, a in now.items() if c not in registry}
    if added or not REGISTRY.exists():
        with REGISTRY.open("a", encoding="utf-8") as f:
            if f.tell() == 0:
                f.write(HEADER)
            for code in sorted(added, key=lambda c: (len(c), c)):
                f.write(f"{code}\t{added[code]}\n")
    return sum(len(v) for v in new_numbers.values()), len(added)


def main() -> None:
    numbers, added = update()
    print(f"make codes: {numbers} new option number(s) in {NUMBERS.relative_to(ROOT)}, "
          f"{added} new code(s) in {REGISTRY.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
