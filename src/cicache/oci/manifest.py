"""Manifests kept byte-exact: the digest is the sha256 of the bytes the registry served."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cicache.errors import RegistryError

__all__ = ["Descriptor", "Manifest", "sha256_digest"]


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Descriptor:
    media_type: str
    digest: str
    size: int
    annotations: dict[str, str]

    @classmethod
    def from_json(cls, doc: Any) -> Descriptor:
        if not isinstance(doc, dict):
            raise ValueError("descriptor is not an object")
        digest, size = doc.get("digest"), doc.get("size")
        if not isinstance(digest, str) or not isinstance(size, int) or isinstance(size, bool):
            raise ValueError("descriptor lacks a digest or size")
        notes = doc.get("annotations") or {}
        if not isinstance(notes, dict):
            raise ValueError("descriptor annotations are not an object")
        return cls(
            str(doc.get("mediaType", "")), digest, size, {str(k): str(v) for k, v in notes.items()}
        )


@dataclass(frozen=True)
class Manifest:
    raw: bytes
    media_type: str  # from the document, else the Content-Type header
    digest: str  # sha256 of raw

    @classmethod
    def from_bytes(cls, raw: bytes, content_type: str = "") -> Manifest:
        media_type = content_type.split(";", maxsplit=1)[0].strip()
        try:
            doc = json.loads(raw)
            if isinstance(doc, dict) and isinstance(doc.get("mediaType"), str):
                media_type = doc["mediaType"]
        except ValueError:
            pass
        return cls(raw, media_type, sha256_digest(raw))

    @property
    def size(self) -> int:
        return len(self.raw)

    def json(self, where: str = "manifest") -> dict[str, Any]:
        """The parsed document; a malformed one is a one-line RegistryError."""
        try:
            doc = json.loads(self.raw)
        except ValueError:
            raise RegistryError(f"malformed manifest at {where}: not JSON") from None
        if not isinstance(doc, dict):
            raise RegistryError(f"malformed manifest at {where}: not a JSON object")
        return doc
