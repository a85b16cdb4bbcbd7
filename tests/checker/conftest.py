import datetime
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Inside Pyodide the tests are copied without the repo: the checker comes from the wheel.
ROOT = TESTS.parent.parent
if (ROOT / "checker" / "__init__.py").exists() and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import checker  # noqa: E402

IN_PYODIDE = sys.platform == "emscripten"
ON = datetime.date(2026, 11, 29)


@pytest.fixture(scope="session")
def rules():
    return checker.load_rules()
