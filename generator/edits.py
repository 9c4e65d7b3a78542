"""Edits to a project's existing Python files, made by the code's structure (libcst), not by text.

An endpoint template lists its edits in `edits.toml`: imports to add, then a statement to insert
after the last call of a dotted name, or an element to add to a module-level list. A file whose
structure no longer has what the edit needs raises EditFailedError naming what is missing. The
result keeps the file's formatting, comments and style (one element per line stays so).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from generator.errors import EditFailedError

__all__ = ["Edit", "alias_name", "apply_edit"]

LINE_LENGTH = 100  # the skeletons' ruff line length


@dataclass(frozen=True)
class Edit:
    """One file's edit, its strings already rendered."""

    file: str
    imports: tuple[str, ...] = ()
    after_last_call: str | None = None
    statement: str | None = None
    append_to_list: str | None = None
    element: str | None = None


def apply_edit(source: str, edit: Edit, resource: str) -> str:
    """`source` with `edit` made; `resource` names the resource in error messages."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise EditFailedError(
            resource, edit.file, f"is not valid Python (line {error.raw_line})", "fix it first"
        ) from error
    for statement in edit.imports:
        module = _add_import(module, statement)
    if edit.after_last_call is not None and edit.statement is not None:
        module = _insert_after_last_call(module, edit, resource)
    if edit.append_to_list is not None and edit.element is not None:
        module = _add_to_list(module, edit, resource)
    return module.code


# Imports ------------------------------------------------------------------------------------


def _add_import(module: cst.Module, statement: str) -> cst.Module:
    new = cst.ensure_type(cst.parse_statement(statement), cst.SimpleStatementLine)
    wanted = cst.ensure_type(new.body[0], cst.ImportFrom)
    source = module.code_for_node(wanted.module) if wanted.module else ""
    names = [alias_name(alias) for alias in _aliases(wanted)]
    for index, line in enumerate(module.body):
        existing = _import_from(line)
        if existing is not None and _from_module(module, existing) == source:
            merged = _merged_import(module, existing, source, names)
            if merged is None:
                return module
            merged = merged.with_changes(leading_lines=line.leading_lines)
            return _replace_statement(module, index, merged)
    return _insert_import(module, new, source)


def _merged_import(
    module: cst.Module, existing: cst.ImportFrom, source: str, names: list[str]
) -> cst.SimpleStatementLine | None:
    """`from source import <existing names + names>`, sorted as ruff's isort sorts; None if
    every name is imported already."""
    have = [alias_name(alias) for alias in _aliases(existing)]
    have_names = {alias_name(alias) for alias in _aliases(existing)}
    added = [name for name in names if name not in have_names]
    if not added:
        return None
    everything = sorted([*have, *added], key=_isort_key)
    one_line = f"from {source} import {', '.join(everything)}"
    if len(one_line) <= LINE_LENGTH and existing.lpar is None:
        code = one_line
    else:
        listed = "".join(f"    {name},\n" for name in everything)
        code = f"from {source} import (\n{listed})"
    return cst.ensure_type(cst.parse_statement(code + "\n"), cst.SimpleStatementLine)


def _insert_import(module: cst.Module, new: cst.SimpleStatementLine, source: str) -> cst.Module:
    """Put a new `from` import among the module's top-level imports of the same package, in
    module order (as ruff's isort does); else after the last import, a section of its own."""
    package = source.split(".")[0]
    same = [
        (index, _from_module(module, node))
        for index, line in enumerate(module.body)
        if (node := _import_from(line)) is not None
        and _from_module(module, node).split(".")[0] == package
    ]
    body = list(module.body)
    if same:
        later = [index for index, other in same if other.lower() > source.lower()]
        if later:  # before it, taking over the blank lines that opened the section
            position = later[0]
            new = new.with_changes(leading_lines=body[position].leading_lines)
            body[position] = body[position].with_changes(leading_lines=[])
        else:
            position = same[-1][0] + 1
    else:
        position = _after_imports(module)
        if position:
            new = new.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, new)
    return module.with_changes(body=body)


def _after_imports(module: cst.Module) -> int:
    position = 0
    for index, line in enumerate(module.body):
        if _is_import(line):
            position = index + 1
    return position


def _is_import(line: cst.CSTNode) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and isinstance(
        line.body[0], cst.Import | cst.ImportFrom
    )


def _import_from(line: cst.CSTNode) -> cst.ImportFrom | None:
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        statement = line.body[0]
        if (
            isinstance(statement, cst.ImportFrom)
            and not statement.relative
            and not isinstance(statement.names, cst.ImportStar)
        ):
            return statement
    return None


def _from_module(module: cst.Module, node: cst.ImportFrom) -> str:
    return module.code_for_node(node.module) if node.module else ""


def _aliases(node: cst.ImportFrom) -> list[cst.ImportAlias]:
    return [] if isinstance(node.names, cst.ImportStar) else list(node.names)


def alias_name(alias: cst.ImportAlias) -> str:
    """`name` or `name as other`, as an import lists it."""
    name = cst.Module([]).code_for_node(alias.name)
    if alias.asname is not None:
        name += " as " + cst.Module([]).code_for_node(alias.asname.name)
    return name


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's isort order within one import: CONSTANTS, then Classes, then the rest."""
    bare = name.split(" as ")[0]
    if bare.isupper() and len(bare) > 1:
        return (0, bare)
    if bare[:1].isupper():
        return (1, bare)
    return (2, bare.lower())


def _replace_statement(module: cst.Module, index: int, line: cst.SimpleStatementLine) -> cst.Module:
    return module.with_changes(body=[*module.body[:index], line, *module.body[index + 1 :]])


# A statement after the last call ------------------------------------------------------------


def _insert_after_last_call(module: cst.Module, edit: Edit, resource: str) -> cst.Module:
    assert edit.after_last_call is not None and edit.statement is not None
    finder = _LastCallFinder(module, edit.after_last_call)
    module.visit(finder)
    # With none left (the last resource removed), the first goes after the object's creation.
    anchor = finder.last or _assignment(module, edit.after_last_call.split(".")[0])
    if anchor is None:
        raise EditFailedError(
            resource,
            edit.file,
            f"has no `{edit.after_last_call}(...)` call nor an assignment of its object any more",
            f"put one back, or add `{edit.statement}` there yourself",
        )
    new = cst.parse_statement(edit.statement + "\n")
    return cst.ensure_type(module.visit(_InsertAfter(anchor, new)), cst.Module)


def _assignment(module: cst.Module, name: str) -> cst.SimpleStatementLine | None:
    """The module-level line that assigns `name`, if any."""
    for line in module.body:
        if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
            statement = line.body[0]
            targets = statement.targets if isinstance(statement, cst.Assign) else ()
            if any(isinstance(t.target, cst.Name) and t.target.value == name for t in targets):
                return line
    return None


class _LastCallFinder(cst.CSTVisitor):
    """The last statement, in source order, that is a bare call of `dotted(...)`."""

    def __init__(self, module: cst.Module, dotted: str) -> None:
        self.module = module
        self.dotted = dotted
        self.last: cst.SimpleStatementLine | None = None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        statement = node.body[0]
        if (
            len(node.body) == 1
            and isinstance(statement, cst.Expr)
            and isinstance(statement.value, cst.Call)
            and self.module.code_for_node(statement.value.func) == self.dotted
        ):
            self.last = node


class _InsertAfter(cst.CSTTransformer):
    def __init__(self, target: cst.SimpleStatementLine, new: cst.BaseStatement) -> None:
        self.target = target
        self.new = new

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement]:
        if original_node is self.target:
            return cst.FlattenSentinel([updated_node, self.new])
        return updated_node


# An element in a module-level list ----------------------------------------------------------


def _add_to_list(module: cst.Module, edit: Edit, resource: str) -> cst.Module:
    assert edit.append_to_list is not None and edit.element is not None
    for index, line in enumerate(module.body):
        value = _assigned_list(line, edit.append_to_list)
        if value is not None:
            element = cst.parse_expression(edit.element)
            if any(_same_code(module, item.value, element) for item in value.elements):
                return module
            grown = _with_element(module, value, element)
            new_line = cst.ensure_type(line, cst.SimpleStatementLine)
            statement = new_line.body[0].with_changes(value=grown)
            return _replace_statement(module, index, new_line.with_changes(body=[statement]))
    raise EditFailedError(
        resource,
        edit.file,
        f"has no module-level `{edit.append_to_list} = [...]` list any more",
        f"put it back, or add {edit.element} to it yourself",
    )


def _assigned_list(line: cst.CSTNode, name: str) -> cst.List | None:
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    statement = line.body[0]
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target = statement.targets[0].target
    elif isinstance(statement, cst.AnnAssign):
        target = statement.target
    else:
        return None
    if isinstance(target, cst.Name) and target.value == name:
        return statement.value if isinstance(statement.value, cst.List) else None
    return None


def _with_element(module: cst.Module, value: cst.List, element: cst.BaseExpression) -> cst.List:
    """`value` with `element` after the last element of its kind (else last), spaced as the
    list's other elements are."""
    items = list(value.elements)
    kin = [i for i, item in enumerate(items) if _same_kind(module, item.value, element)]
    after = kin[-1] if kin else len(items) - 1
    multi_line = isinstance(value.lbracket.whitespace_after, cst.ParenthesizedWhitespace)
    space = value.lbracket.whitespace_after if multi_line else cst.SimpleWhitespace(" ")
    between = cst.Comma(whitespace_after=space)
    if after < 0:  # an empty list
        return value.with_changes(elements=[cst.Element(element)])
    # The new element takes over the separator that followed its predecessor (with any comment
    # belonging to the next element); the predecessor gets a plain one.
    new = cst.Element(element, comma=items[after].comma)
    items[after] = items[after].with_changes(comma=between)
    items.insert(after + 1, new)
    return value.with_changes(elements=items)


def _same_kind(module: cst.Module, item: cst.BaseExpression, new: cst.BaseExpression) -> bool:
    """Strings with the same first dotted segment ("app.tasks", "app.notes"); calls of the same
    function with the same first argument (path("api/", ...))."""
    if isinstance(item, cst.SimpleString) and isinstance(new, cst.SimpleString):
        return _first_segment(item) == _first_segment(new)
    if isinstance(item, cst.Call) and isinstance(new, cst.Call):
        return (
            _same_code(module, item.func, new.func)
            and bool(item.args)
            and bool(new.args)
            and (_same_code(module, item.args[0].value, new.args[0].value))
        )
    return False


def _first_segment(node: cst.SimpleString) -> str:
    value = node.evaluated_value
    text = value.decode() if isinstance(value, bytes) else value
    return text.split(".")[0]


def _same_code(module: cst.Module, left: cst.CSTNode, right: cst.CSTNode) -> bool:
    return module.code_for_node(left) == module.code_for_node(right)
