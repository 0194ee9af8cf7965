"""Tells the logs and the metrics which operation a request runs and which codes it was
refused with: the operation's name once the document is parsed, and each top-level error's
`extensions.code` once it is answered."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from teamgraph.ops import logs, metrics


class OperationObserver(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        name = context.operation_name
        if name is None and context.graphql_document is not None:
            name = "anonymous"
        logs.name_operation(name or "unparsed")
        result = context.result
        errors = (result.errors if result is not None else None) or context.pre_execution_errors
        for error in errors or []:
            code = (error.extensions or {}).get("code") or "UNSPECIFIED"
            metrics.refused(str(code))
