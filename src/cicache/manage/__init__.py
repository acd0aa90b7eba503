"""Registry cache management use cases: status, inspect, evict, prune.

Library functions over an `oci.RegistryClient` and a provider; they return data and never
print. The CLI modules render their results.
"""

from __future__ import annotations

__all__: list[str] = []
