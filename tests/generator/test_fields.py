import pytest

from generator.errors import InvalidFieldsError, UnknownFieldTypeError, UsageError
from generator.fields import FIELD_TYPES, Field, check_references, parse_fields


def test_every_type_parses_and_a_question_mark_makes_a_field_optional() -> None:
    spec = " ".join(f"f_{type_}:{type_}" for type_ in FIELD_TYPES) + " note:text?"

    fields = parse_fields(spec)

    assert fields[:-1] == tuple(Field(f"f_{type_}", type_) for type_ in FIELD_TYPES)
    assert fields[-1] == Field("note", "text", optional=True)


BAD = [
    pytest.param("", "invalid --fields: no fields given", id="empty"),
    pytest.param("title", "invalid field 'title': it has no type", id="no-type"),
    pytest.param("Title:str", "invalid field 'Title': a name is lower-case", id="upper-case"),
    pytest.param("2nd:str", "invalid field '2nd': a name is lower-case", id="leading-digit"),
    pytest.param("a-b:str", "invalid field 'a-b': a name is lower-case", id="hyphen"),
    pytest.param("class:str", "invalid field 'class': it is a Python keyword", id="keyword"),
    pytest.param("id:int", "invalid field 'id': every resource has it already", id="id"),
    pytest.param(
        "page:int",
        "invalid field 'page': the list's pagination uses it as a query parameter",
        id="page",
    ),
    pytest.param(
        "per_page:int",
        "invalid field 'per_page': the list's pagination uses it as a query parameter",
        id="per-page",
    ),
    pytest.param("order:int", "invalid field 'order': it is an SQL reserved word", id="sql"),
    pytest.param("a:str a:int", "invalid field 'a': it is given twice", id="duplicate"),
    pytest.param(
        "json:str",
        "invalid field 'json': the generated models or modules use that name",
        id="pydantic-method",
    ),
    pytest.param("model_name:str", "invalid field 'model_name': the generated models", id="model_"),
    pytest.param(
        "metadata:text", "invalid field 'metadata': the generated models", id="sqlalchemy"
    ),
    pytest.param("objects:int", "invalid field 'objects': the generated models", id="django"),
    pytest.param("str:text", "invalid field 'str': the generated models", id="builtin-type"),
    pytest.param("l:int", "invalid field 'l': it reads like a digit", id="ambiguous"),
]


@pytest.mark.parametrize(("spec", "message"), BAD)
def test_bad_fields_are_usage_errors_naming_the_field(spec: str, message: str) -> None:
    with pytest.raises(InvalidFieldsError, match="^" + message.replace("(", r"\(")) as error:
        parse_fields(spec)

    assert error.value.exit_code == 2


def test_an_unknown_type_names_the_choices() -> None:
    with pytest.raises(UnknownFieldTypeError) as error:
        parse_fields("price:money")

    assert isinstance(error.value, UsageError)
    assert str(error.value) == (
        "unknown type 'money' for field 'price'; choose one of: "
        + ", ".join([*FIELD_TYPES, "ref", "enum"])
    )


# The field language (CONTRACT section 5): each form, and what it parses to.
FORMS = [
    pytest.param("author:ref(authors)", Field("author", "ref", target="authors"), id="ref"),
    pytest.param(
        "editor:ref(authors)?", Field("editor", "ref", True, target="authors"), id="optional-ref"
    ),
    pytest.param(
        "status:enum(draft,published)=draft",
        Field("status", "enum", choices=("draft", "published"), default="draft"),
        id="enum-with-default",
    ),
    pytest.param(
        "kind:enum(a,b-c,D_1)?",
        Field("kind", "enum", True, choices=("a", "b-c", "D_1")),
        id="optional-enum",
    ),
    pytest.param("isbn:str:unique", Field("isbn", "str", unique=True), id="unique"),
    pytest.param("title:str:index", Field("title", "str", index=True), id="index"),
    pytest.param("born:date?:index", Field("born", "date", True, index=True), id="optional-index"),
    pytest.param("pages:int=100", Field("pages", "int", default=100), id="int-default"),
    pytest.param("delta:int=-5", Field("delta", "int", default=-5), id="negative-default"),
    pytest.param("ratio:float=0.5", Field("ratio", "float", default=0.5), id="float-default"),
    pytest.param("price:decimal=9.5", Field("price", "decimal", default="9.50"), id="decimal"),
    pytest.param("flag:bool=false", Field("flag", "bool", default=False), id="bool-default"),
    pytest.param("label:str=hello", Field("label", "str", default="hello"), id="str-default"),
    pytest.param("pages:int?=5", Field("pages", "int", True, default=5), id="optional-default"),
]


@pytest.mark.parametrize(("spec", "expected"), FORMS)
def test_each_form_parses_and_is_written_back_the_same(spec: str, expected: Field) -> None:
    (field,) = parse_fields(spec)

    assert field == expected
    assert parse_fields(field.spec) == (field,)


def test_a_reference_is_sent_and_stored_under_its_id() -> None:
    author, status = parse_fields("author:ref(authors) status:enum(draft,published)=draft")

    assert (author.key, status.key) == ("author_id", "status")
    assert status.max_length == len("published")
    assert (status.default_python, status.default_json) == ('"draft"', '"draft"')
    assert parse_fields("price:decimal=9.5")[0].default_python == 'Decimal("9.50")'
    assert parse_fields("flag:bool=true")[0].default_json == "true"


BAD_FORMS = [
    pytest.param("a:ref", "ref needs its argument; write it as ref(authors)", id="ref-bare"),
    pytest.param("a:ref(x,y)", "ref(x,y) does not name one resource", id="ref-two"),
    pytest.param("a:ref(Authors)", "ref(Authors) does not name one resource", id="ref-case"),
    pytest.param("a:enum()", "its enum has no values", id="enum-empty"),
    pytest.param("a:enum(x,,y)", "its enum has an empty value", id="enum-empty-value"),
    pytest.param("a:enum(x,x)", "its enum has 'x' twice", id="enum-repeated"),
    pytest.param("a:enum(x y)", "enum(x has no closing parenthesis", id="enum-space"),
    pytest.param("a:enum(x,'y')", "its enum has value \"'y'\"", id="enum-quote"),
    pytest.param("a:int=x", "default 'x' is not a 64-bit integer", id="int-default"),
    pytest.param("a:int=9223372036854775808", "is not a 64-bit integer", id="int-overflow"),
    pytest.param("a:float=nan", "default 'nan' is not a finite number", id="float-nan"),
    pytest.param("a:decimal=1.234", "is not a decimal with up to 16", id="decimal-places"),
    pytest.param("a:bool=yes", "default 'yes' is not true or false", id="bool-default"),
    pytest.param("a:enum(x,y)=z", "default 'z' is not one of x, y", id="enum-default"),
    pytest.param("a:date=2026-01-01", "a date field takes no default", id="date-default"),
    pytest.param("a:ref(authors)=1", "a ref field takes no default", id="ref-default"),
    pytest.param("a:str:unique=x", "a unique field cannot have a default", id="unique-default"),
    pytest.param("a:text:unique", "unique does not fit a text field", id="unique-text"),
    pytest.param("a:bool:index", "index does not fit a bool field", id="index-bool"),
    pytest.param("a:ref(authors):index", "index does not fit a ref field", id="index-ref"),
    pytest.param("a:float:unique", "unique does not fit a float field", id="unique-float"),
    pytest.param("a:str:index:index", "index is given twice", id="modifier-twice"),
    pytest.param("a:str:unique:index", "a unique field is indexed already", id="unique-index"),
    pytest.param("a:str:sorted", "unknown modifier 'sorted'", id="unknown-modifier"),
    pytest.param(
        "author:ref(authors) author_id:int",
        "invalid field 'author_id': author:ref(...) sends its id under that name",
        id="ref-key-taken",
    ),
]


@pytest.mark.parametrize(("spec", "message"), BAD_FORMS)
def test_a_bad_form_is_one_line_naming_the_field(spec: str, message: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_fields(spec)

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert error.value.exit_code == 2


def test_references_must_name_another_resource_the_project_has() -> None:
    fields = parse_fields("author:ref(authors) task:ref(tasks)?")

    check_references(fields, "books", ["tasks", "authors"])
    with pytest.raises(InvalidFieldsError, match="the project has no resource 'authors'") as error:
        check_references(fields, "books", ["tasks"])
    assert "add it first (the project has: tasks)" in str(error.value)
    with pytest.raises(InvalidFieldsError, match="a resource cannot refer to itself"):
        check_references(fields, "authors", ["tasks", "authors"])
