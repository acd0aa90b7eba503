"""`cicache inspect REF`: the manifest, layers and records of one cache tag."""

from __future__ import annotations

import json
from typing import Any

import click

from cicache import console
from cicache.cli.registry_opts import Where, human_size, open_repo, registry_options, repositories
from cicache.errors import CicacheError, UsageError
from cicache.manage.inspect import Inspection, inspect_ref
from cicache.oci.reference import ImageRef, parse_image_ref

__all__ = ["inspect_cmd"]


def _ref(text: str, where: Where) -> ImageRef:
    """A full `HOST/REPO:TAG`, or a bare TAG in `--registry` or the one configured repository."""
    if "/" in text:
        return parse_image_ref(text, default_tag=None)  # cache tags are never implied `latest`
    repos = repositories(where)
    if len(repos) != 1:
        raise UsageError(
            f"several cache repositories are configured; which one holds `{text}`?",
            hint="write `HOST[:PORT]/REPO:TAG` or pass --registry or --target",
        )
    repository = repos[0].repository if repos[0] else str(where.registry)
    return parse_image_ref(
        f"{repository}@{text}" if text.startswith("sha256:") else f"{repository}:{text}"
    )


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
def inspect_cmd(ref: str, as_json: bool, **options: Any) -> None:
    """Show the manifest, layers and cache records of REF.

    REF is `HOST[:PORT]/REPO:TAG`, or just a TAG of --registry (or of the configured repository).
    """
    where = Where(**options)
    image = _ref(ref, where)
    insecure = where.insecure or _configured_insecure(where, image)
    with open_repo(str(image.repo_ref), insecure, where.provider, where.concurrency) as session:
        ins = inspect_ref(session.client, image)
    if as_json:
        console.data(json.dumps(_json(ins), indent=2))
    else:
        _render(ins)


def _configured_insecure(where: Where, image: ImageRef) -> bool:
    if where.registry or where.insecure:
        return False
    try:
        repos = repositories(where)
    except CicacheError:
        return False
    return any(
        r is not None and r.insecure and r.repository.split("/", 1)[0] == image.repo_ref.host
        for r in repos
    )
