"""`forge compare`: the same API generated in each framework, measured under the same load.

Its parts import lazily from here: the rest of forge never pays for them.
"""

from __future__ import annotations

from generator.compare.options import CompareOptions, parse_duration, parse_frameworks
from generator.compare.results import SCENARIOS, Comparison, FrameworkResult, ScenarioResult
from generator.compare.runner import REPORT_FILES, Progress, compare, write_report
from generator.compare.table import comparison_rows, markdown_table

__all__ = [
    "REPORT_FILES",
    "SCENARIOS",
    "CompareOptions",
    "Comparison",
    "FrameworkResult",
    "Progress",
    "ScenarioResult",
    "compare",
    "comparison_rows",
    "markdown_table",
    "parse_duration",
    "parse_frameworks",
    "write_report",
]
