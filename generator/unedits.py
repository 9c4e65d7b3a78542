"""The registrations of `edits.toml` taken out again, for `forge remove-endpoint`.

The reverse of `generator.edits`, by the code's structure too: the imported names go (and the
import with them when nothing is left), the statement inserted after the last call goes, and the
element added to a list goes. What is already gone is no error: the team may have removed it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from generator.edits import Edit
from generator.edits import alias_name as _alias_name
from generator.errors import EditFailedError

__all__ = ["revert_edit"]


def revert_edit(source: str, edit: Edit, resource: str) -> str:
    """`source` without what `edit` added; `resource` names the resource in error messages."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise EditFailedError(
            resource,
            edit.file,
            f"is not valid Python (line {error.raw_line})",
            "fix it first",
            action="remove",
        ) from error
    if edit.statement is not None:
        module = _without_statement(module, edit.statement)
    if edit.append_to_list is not None and edit.element is not None:
        module = _without_element(module, edit.append_to_list, edit.element)
    for statement in edit.imports:
        module = _without_import(module, statement)
    return module.code


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node).strip()


def _without_statement(module: cst.Module, statement: str) -> cst.Module:
    wanted = _code(cst.parse_statement(statement + "\n"))

    def matches(line: cst.CSTNode) -> bool:
        return isinstance(line, cst.SimpleStatementLine) and _code(line) == wanted

    module = _without_lines(module, matches)
    return cst.ensure_type(module.visit(_NestedRemover(matches)), cst.Module)


class _NestedRemover(cst.CSTTransformer):
    """Removes matching lines inside function bodies (a registration function's calls)."""

    def __init__(self, matches: Callable[[cst.CSTNode], bool]) -> None:
        self.matches = matches

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        return cst.RemoveFromParent() if self.matches(original_node) else updated_node


def _without_lines(module: cst.Module, removed: Callable[[cst.CSTNode], bool]) -> cst.Module:
    """The module without the top-level lines `removed` picks; the line after each takes over
    the blank lines and comments before it, so that sections stay spaced as they were."""
    body: list[cst.BaseStatement] = []
    carried: Sequence[cst.EmptyLine] | None = None
    for line in module.body:
        if removed(line):
            if carried is None:
                carried = line.leading_lines
            continue
        if carried is not None:
            line = line.with_changes(leading_lines=carried)
            carried = None
        body.append(line)
    return module.with_changes(body=body)


def _without_element(module: cst.Module, name: str, element: str) -> cst.Module:
    wanted = _code(cst.parse_expression(element))
    return cst.ensure_type(module.visit(_ElementRemover(name, wanted)), cst.Module)


class _ElementRemover(cst.CSTTransformer):
    """Drops `wanted` from the module-level list assigned to `name`, keeping the layout."""

    def __init__(self, name: str, wanted: str) -> None:
        self.name = name
        self.wanted = wanted

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        target = updated_node.targets[0].target if len(updated_node.targets) == 1 else None
        value = updated_node.value
        if not (isinstance(target, cst.Name) and target.value == self.name):
            return updated_node
        if not isinstance(value, cst.List):
            return updated_node
        items = list(value.elements)
        for index, item in enumerate(items):
            if _code(item.value) == self.wanted:
                if index > 0:
                    # The one before takes its separator back (with any comment that belongs
                    # to the next element), as it was before the element was added.
                    items[index - 1] = items[index - 1].with_changes(comma=item.comma)
                del items[index]
                return updated_node.with_changes(value=value.with_changes(elements=items))
        return updated_node


def _without_import(module: cst.Module, statement: str) -> cst.Module:
    new = cst.ensure_type(cst.parse_statement(statement + "\n"), cst.SimpleStatementLine)
    wanted = cst.ensure_type(new.body[0], cst.ImportFrom)
    source = _code(wanted.module) if wanted.module else ""
    names = {_alias_name(alias) for alias in _aliases(wanted)}

    def same_source(line: cst.CSTNode) -> cst.ImportFrom | None:
        node = _import_from(line)
        if node is None or (_code(node.module) if node.module else "") != source:
            return None
        return node

    def emptied(line: cst.CSTNode) -> bool:
        node = same_source(line)
        return node is not None and all(_alias_name(a) in names for a in _aliases(node))

    module = _without_lines(module, emptied)
    body = []
    for line in module.body:
        node = same_source(line)
        if node is not None:
            kept = [alias for alias in _aliases(node) if _alias_name(alias) not in names]
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            if node.lpar is None or len(kept) == 1:  # one name reads better on one line
                node = node.with_changes(names=kept, lpar=None, rpar=None)
            else:
                node = node.with_changes(names=kept)
            line = line.with_changes(body=[node])
        body.append(line)
    return module.with_changes(body=body)


def _import_from(line: cst.CSTNode) -> cst.ImportFrom | None:
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        statement = line.body[0]
        if isinstance(statement, cst.ImportFrom) and not isinstance(
            statement.names, cst.ImportStar
        ):
            return statement
    return None


def _aliases(node: cst.ImportFrom) -> list[cst.ImportAlias]:
    return [] if isinstance(node.names, cst.ImportStar) else list(node.names)
