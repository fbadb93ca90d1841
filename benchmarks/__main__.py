"""`python -m benchmarks [--rows N] ...`: every benchmark module in turn, with the same options."""

import importlib
import sys

# Each module exposes main(argv) and ignores the options it does not use.
MODULES = [
    "benchmarks.extract",
    "benchmarks.scorecard",
]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    for name in MODULES:
        print(f"\n=== {name} ===", flush=True)
        status |= importlib.import_module(name).main(argv) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
