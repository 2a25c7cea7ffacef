"""Performance benchmark, load and soak tests of the portal (see docs/performance.md)."""
