import pytest

from generator.errors import InvalidFieldsError, UnknownFieldTypeError, UsageError
from generator.fields import FIELD_TYPES, Field, parse_fields


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
