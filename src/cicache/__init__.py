"""cicache: fast, safe, shared build caches for CI build matrices."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
