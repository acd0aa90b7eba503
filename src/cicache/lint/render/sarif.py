"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (one run, every rule described)."""

from __future__ import annotations

import json
from typing import Any

from cicache import __version__
from cicache.lint.engine import CheckResult
from cicache.lint.rules import REGISTRY

__all__ = ["SCHEMA", "render"]

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_DOCS = "https://github.com/cicache/cicache/blob/main/docs/rules.md"


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale},
            "helpUri": f"{_DOCS}#{rule.code.lower()}-{rule.name}",
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in REGISTRY.values()
    ]


def render(result: CheckResult) -> str:
    index = {code: i for i, code in enumerate(REGISTRY)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in result.findings
    ]
    driver = {"name": "cicache", "version": __version__, "informationUri": _DOCS, "rules": _rules()}
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(doc, indent=2)
