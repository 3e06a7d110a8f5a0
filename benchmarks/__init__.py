"""careerkit's benchmark suite: how fast it opens for one person and for a full room.

Run it from the repository root with ``python -m benchmarks`` (``--quick`` for a short
check that the suite still works). Every figure is measured against a baseline in the
same run, alternating between the two, and reported as medians; see ``RESULTS.md``.
"""
