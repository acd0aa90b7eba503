"""Templates for cache tags and native cache keys, and the values they draw on."""
