"""Planning: policy x refresh x entries -> per-entry cache-from, cache-to and build-args."""

from __future__ import annotations

from cicache.plan.compute import compute_plan
from cicache.plan.model import EntryPlan, Plan
from cicache.plan.planner import plan
from cicache.plan.policy import Access, decide
from cicache.plan.refresh import refresh_value

__all__ = ["Access", "EntryPlan", "Plan", "compute_plan", "decide", "plan", "refresh_value"]
