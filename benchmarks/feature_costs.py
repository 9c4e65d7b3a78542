"""What each production feature of a skeleton costs on `GET /health`, in CPU time per request.

`health_overhead.py` says how far a skeleton is from a minimal app of its framework; this says
where the difference goes. For each framework, the default skeleton is generated, installed
(compiled to bytecode) and migrated, and `benchmarks/probes/<framework>_features.py` runs inside
it with its production settings. The probe builds the app as gunicorn does and calls it
in-process, thousands of times per variant: everything on, then each feature taken out in turn
(one middleware, one hook, one wrapper), plus a minimal app of the framework, interleaved and
repeated; the access line the server writes per request is timed through the server's own
logger. In-process CPU time leaves out the network and the server, so it is steady on a shared
machine where requests/s are not, and it adds up: what the features cost is what the skeleton
pays over the minimal app, less the work the framework does in both.

    uv run python benchmarks/feature_costs.py [--requests 2000] [--repeats 5]
        [--frameworks fastapi,flask,django]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from _common import (
    BenchmarkError,
    add_frameworks_option,
    clean_environment,
    machine_summary,
    new_installed_skeleton,
    print_table,
    run_checked,
    scratch_dir,
)

from generator.errors import ForgeError

PROBES = Path(__file__).resolve().parent / "probes"
SECRET_KEY = "benchmark-only-" + "k" * 48


def probe(framework: str, root: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    """The probe's figures for `framework`, run in a fresh default skeleton."""
    source = PROBES / f"{framework}_features.py"
    if not source.is_file():
        raise BenchmarkError(f"no probe for {framework}: {source} is missing")
    env = clean_environment(APP_ENV="production", SECRET_KEY=SECRET_KEY, LOG_LEVEL="INFO")
    project = new_installed_skeleton(framework, root, env)
    shutil.copy(source, project / source.name)
    output = run_checked(
        [
            project / ".venv" / "bin" / "python",
            source.name,
            *("--requests", str(arguments.requests), "--repeats", str(arguments.repeats)),
        ],
        cwd=project,
        env=env,
        timeout=1800,
    ).stdout
    lines = output.strip().splitlines()
    try:
        figures = json.loads(lines[-1])
    except (IndexError, ValueError):
        raise BenchmarkError(
            f"the {framework} probe printed no figures:\n{output[-2000:]}"
        ) from None
    if not isinstance(figures, dict) or not {"full_us", "minimal_us", "features"} <= set(figures):
        raise BenchmarkError(f"the {framework} probe printed {lines[-1][:300]}")
    return figures


def report(figures: dict[str, dict[str, Any]], arguments: argparse.Namespace) -> None:
    print()
    print(
        f"CPU time per GET /health, in-process, median of {arguments.repeats} repeats of "
        f"{arguments.requests} requests; share = cost / the skeleton's time per request."
    )
    rows = []
    for framework, found in figures.items():
        full, minimal = float(found["full_us"]), float(found["minimal_us"])
        rows.append([framework, "whole skeleton", f"{full:.1f}", "100%", "every feature on"])
        for feature in found["features"]:
            cost = float(feature["cost_us"])
            share = f"{cost / full:.0%}" if full else "n/a"
            rows.append([framework, feature["feature"], f"{cost:.1f}", share, feature["how"]])
        rows.append([framework, "minimal app", f"{minimal:.1f}", f"{minimal / full:.0%}", ""])
    print_table(["framework", "feature", "us per request", "share", "measured as"], rows)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per variant (default 2000)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats (default 5)")
    add_frameworks_option(parser)
    arguments = parser.parse_args(argv)
    for name in ("requests", "repeats"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    print(f"feature_costs: {machine_summary()}")
    figures: dict[str, dict[str, Any]] = {}
    try:
        with scratch_dir("forge-bench-features-") as scratch:
            for framework in arguments.frameworks:
                print(f"{framework}: generating, installing, probing ...", flush=True)
                figures[framework] = probe(framework, scratch, arguments)
    except (BenchmarkError, ForgeError) as error:
        print(f"feature_costs: error: {error}", file=sys.stderr)
        return 1
    report(figures, arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
