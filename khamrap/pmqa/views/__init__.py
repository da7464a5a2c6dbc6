"""PMQA pages, one module per part of the year: the year and its plan, the work, the improvement plan, the dashboard."""
