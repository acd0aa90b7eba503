"""An in-memory registry behind `httpx.MockTransport`, shaped like distribution 2.8.

It answers the v2 API the client uses (tags, manifests, blobs, uploads, mounts, deletes) with
distribution's quirks: no tag delete (400 DIGEST_INVALID), manifest delete by digest removes
every tag on it, tag lists unsorted and unpaginated. Optional htpasswd-style basic auth and
injected failures. Unit tests open no sockets.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

_PATH = re.compile(r"^/v2/(?P<repo>.+?)/(?P<kind>manifests|blobs|tags)/(?P<rest>.*)$")


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _error(status: int, code: str, message: str = "") -> httpx.Response:
    return httpx.Response(status, json={"errors": [{"code": code, "message": message}]})


@dataclass
class Repo:
    tags: dict[str, str] = field(default_factory=dict)  # tag -> digest
    manifests: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # digest -> raw, type
    blobs: dict[str, bytes] = field(default_factory=dict)


@dataclass
class FakeRegistry:
    host: str = "fake.test:5000"
    auth: tuple[str, str] | None = None
    repos: dict[str, Repo] = field(default_factory=dict)
    fail: list[int] = field(default_factory=list)  # statuses to answer first, in order
    broken: set[str] = field(default_factory=set)  # manifest refs that always answer 500
    requests: list[httpx.Request] = field(default_factory=list)
    uploads: dict[str, bytearray] = field(default_factory=dict)

    def repo(self, name: str) -> Repo:
        return self.repos.setdefault(name, Repo())

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    # -- seeding helpers --------------------------------------------------------------------
    def put_blob(self, repo: str, data: bytes) -> tuple[str, int]:
        d = digest_of(data)
        self.repo(repo).blobs[d] = data
        return d, len(data)

    def put_manifest(self, repo: str, tag: str, doc: dict[str, Any]) -> str:
        raw = json.dumps(doc).encode()
        d = digest_of(raw)
        self.repo(repo).manifests[d] = (raw, str(doc.get("mediaType", "")))
        self.repo(repo).tags[tag] = d
        return d

    # -- the handler ------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail:
            return _error(self.fail.pop(0), "UNAVAILABLE", "injected")
        if self.auth and not self._authorized(request):
            return httpx.Response(
                401,
                headers={"WWW-Authenticate": 'Basic realm="fake"'},
                json={"errors": [{"code": "UNAUTHORIZED"}]},
            )
        path = request.url.path
        if path == "/v2/":
            return httpx.Response(200, json={})
        match = _PATH.match(path)
        if not match:
            return _error(404, "NAME_UNKNOWN")
        repo, kind, rest = match["repo"], match["kind"], match["rest"]
        handler = getattr(self, f"_{kind}")
        response: httpx.Response = handler(request, repo, rest)
        return response

    def _authorized(self, request: httpx.Request) -> bool:
        assert self.auth is not None
        expected = "Basic " + base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
        return request.headers.get("authorization") == expected

    def _tags(self, request: httpx.Request, repo: str, rest: str) -> httpx.Response:
        if repo not in self.repos:
            return _error(404, "NAME_UNKNOWN")
        tags = list(reversed(list(self.repos[repo].tags)))  # unsorted, like distribution
        return httpx.Response(200, json={"name": repo, "tags": tags})

    def _manifests(self, request: httpx.Request, repo: str, ref: str) -> httpx.Response:
        r = self.repo(repo)
        if request.method == "PUT":
            return self._put_manifest(request, r, ref)
        if request.method == "DELETE":
            if not ref.startswith("sha256:"):
                return _error(400, "DIGEST_INVALID", "tag delete unsupported")
            if ref not in r.manifests:
                return _error(404, "MANIFEST_UNKNOWN")
            del r.manifests[ref]
            r.tags = {t: d for t, d in r.tags.items() if d != ref}
            return httpx.Response(202)
        if ref in self.broken:
            return _error(500, "UNKNOWN", "storage failure")
        digest = r.tags.get(ref, ref)
        if digest not in r.manifests:
            return _error(404, "MANIFEST_UNKNOWN")
        raw, media = r.manifests[digest]
        headers = {
            "Docker-Content-Digest": digest,
            "Content-Type": media,
            "Content-Length": str(len(raw)),
        }
        return httpx.Response(
            200, headers=headers, content=b"" if request.method == "HEAD" else raw
        )

    def _put_manifest(self, request: httpx.Request, r: Repo, ref: str) -> httpx.Response:
        raw = request.content
        doc = json.loads(raw)
        for desc in [doc.get("config") or {}, *(doc.get("layers") or [])]:
            if desc and desc["digest"] not in r.blobs:
                return _error(400, "MANIFEST_BLOB_UNKNOWN")
        d = digest_of(raw)
        r.manifests[d] = (raw, request.headers.get("content-type", ""))
        if not ref.startswith("sha256:"):
            r.tags[ref] = d
        return httpx.Response(201, headers={"Docker-Content-Digest": d})

    def _blobs(self, request: httpx.Request, repo: str, rest: str) -> httpx.Response:
        r = self.repo(repo)
        if rest.startswith("uploads"):
            return self._upload(request, repo, rest.removeprefix("uploads").strip("/"))
        if request.method == "DELETE":
            return httpx.Response(202 if r.blobs.pop(rest, None) is not None else 404)
        if rest not in r.blobs:
            return _error(404, "BLOB_UNKNOWN")
        data = r.blobs[rest]
        headers = {"Content-Length": str(len(data)), "Docker-Content-Digest": rest}
        return httpx.Response(
            200, headers=headers, content=b"" if request.method == "HEAD" else data
        )

    def _upload(self, request: httpx.Request, repo: str, session: str) -> httpx.Response:
        params = request.url.params
        if request.method == "POST":
            source = params.get("from")
            if (
                params.get("mount")
                and source in self.repos
                and params["mount"] in self.repos[source].blobs
            ):
                self.repo(repo).blobs[params["mount"]] = self.repos[source].blobs[params["mount"]]
                return httpx.Response(201)
            sid = uuid.uuid4().hex
            self.uploads[sid] = bytearray()
            return httpx.Response(
                202, headers={"Location": f"/v2/{repo}/blobs/uploads/{sid}?_state=x"}
            )
        if session not in self.uploads:
            return _error(404, "BLOB_UPLOAD_UNKNOWN")
        if request.method == "DELETE":
            del self.uploads[session]
            return httpx.Response(204)
        self.uploads[session] += request.content
        if request.method == "PATCH":
            end = len(self.uploads[session]) - 1
            loc = f"/v2/{repo}/blobs/uploads/{session}?_state=y"
            return httpx.Response(202, headers={"Location": loc, "Range": f"0-{end}"})
        data = bytes(self.uploads.pop(session))
        if digest_of(data) != params.get("digest"):
            return _error(400, "DIGEST_INVALID")
        self.repo(repo).blobs[digest_of(data)] = data
        return httpx.Response(201, headers={"Docker-Content-Digest": digest_of(data)})
