"""`cicache inspect REF`: the manifest, layers and records of one cache tag."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.registry_opts import human_size, open_repo, registry_options
from cicache.manage.inspect import Inspection, inspect_ref
from cicache.oci.reference import ImageRef, parse_image_ref

__all__ = ["inspect_cmd"]


def _ref(text: str, registry: str | None) -> ImageRef:
    if registry and "/" not in text:
        return parse_image_ref(
            f"{registry}:{text}" if not text.startswith("sha256:") else f"{registry}@{text}"
        )
    return parse_image_ref(text)


def _json(ins: Inspection) -> dict[str, Any]:
    s = ins.summary
    cache = ins.cache
    return {
        "ref": str(ins.ref),
        "digest": s.digest,
        "kind": s.kind,
        "form": s.form or None,
        "media_type": s.media_type,
        "size": s.size,
        "config": {
            "digest": s.config.digest,
            "size": s.config.size,
            "media_type": s.config.media_type,
        }
        if s.config
        else None,
        "layers": [
            {
                "digest": d.digest,
                "size": d.size,
                "media_type": d.media_type,
                "annotations": d.annotations,
            }
            for d in ins.layers
        ],
        "records": [
            {
                "digest": r.digest,
                "layers": list(r.layers),
                "inputs": r.inputs,
                "created": r.created.isoformat() if r.created else None,
            }
            for r in (cache.records if cache else ())
        ],
        "manifest": ins.document,
        "warnings": ins.warnings,
    }


def _render(ins: Inspection) -> None:
    s = ins.summary
    console.data(
        f"{ins.ref}\n  digest  {s.digest}\n  kind    {s.kind}"
        + (f" ({s.form} form)" if s.form else "")
    )
    console.data(f"  size    {human_size(s.size)} in {s.layers} layers")
    if s.config:
        console.data(f"  config  {s.config.digest} ({human_size(s.config.size)})")
    rows = [
        [d.digest[:19], human_size(d.size), d.annotations.get("buildkit/createdat", "-")]
        for d in ins.layers
    ]
    console.table(["layer", "size", "created"], rows)
    if ins.cache:
        rows = [
            [
                r.digest[:19],
                ",".join(map(str, r.layers)) or "-",
                str(r.inputs),
                r.created.isoformat() if r.created else "-",
            ]
            for r in ins.cache.records
        ]
        console.table(
            ["record", "layers", "inputs", "created"], rows, title=f"{len(rows)} cache records"
        )
    for message in ins.warnings:
        console.warning(message)


@click.command("inspect")
@click.argument("ref")
@registry_options
def inspect_cmd(
    ref: str,
    registry: str | None,
    insecure: bool,
    provider: str | None,
    concurrency: int,
    as_json: bool,
) -> None:
    """Show the manifest, layers and cache records of REF.

    REF is `HOST[:PORT]/REPO:TAG`, or just a TAG with --registry.
    """
    image = _ref(ref, registry)
    with open_repo(str(image.repo_ref), insecure, provider, concurrency) as session:
        ins = inspect_ref(session.client, image)
    if as_json:
        console.data(json.dumps(_json(ins), indent=2))
    else:
        _render(ins)
