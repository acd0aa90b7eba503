"""Native directory caches: save and restore named paths under a key, outside Docker."""
