"""Eligibility checker for the RNA (law 50-17) and the artisans' AMO (law 98-15).

Standard library only, so the same code runs in CPython 3.11+ and in Pyodide. The engine knows
nothing of its callers: the CLI (`checker.cli`) and the browser glue (`checker.browser`) import it,
never the other way round.
"""
from .answers import AnswerError, parse_answers
from .engine import Report, SchemeReport, evaluate
from .load import load_rules, rules_from_json, rules_to_json
from .model import RuleSet, Text
from .schema import RulesError

__all__ = [
    "AnswerError", "Report", "RuleSet", "RulesError", "SchemeReport", "Text", "evaluate",
    "load_rules", "parse_answers", "rules_from_json", "rules_to_json",
]
__version__ = "0.1.0"
