"""Shared constants for the checker tests (a unique module name: `conftest` is ambiguous when
other test folders have their own)."""
import datetime
import sys

IN_PYODIDE = sys.platform == "emscripten"
ON = datetime.date(2026, 11, 29)
