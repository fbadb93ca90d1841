"""Benchmarks run by `make bench`: reports of speed and memory, not tests (they always exit 0).

Each benchmark module exposes `main(argv)`, ignores options it does not know, and runs every
measurement in a fresh child process so that its peak memory is its own. `harness` holds what
they share: child processes, throwaway databases and the printed table.
"""
