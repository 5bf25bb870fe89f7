"""Text from callers, judged the same on every backend: PostgreSQL cannot store a NUL in a
text column where SQLite keeps it, and other control characters are never meant (they
hide text, or drive a terminal when a log or a force's system shows it).

Staff and force inputs (`PlainText`) are refused with a 422 naming the field; reporters'
texts are cleaned instead (`without_controls`), so a pasted byte does not cost an account.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

# C0 controls but tab, line feed and carriage return.
_C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What reporters' texts lose: those, DEL and the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_controls(value: str) -> str:
    found = _C0_CONTROLS.search(value)
    if found:
        raise ValueError(
            f"must not hold control characters (found U+{ord(found.group()):04X} at "
            f"{found.start()}); only tab, carriage return and line feed are allowed"
        )
    return value


class _DocumentedAsPlain:
    """Says so in the JSON schema, so the OpenAPI document (and clients generating
    requests from it) knows what is refused."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$"
        return schema


# A request body's text field: any text but C0 control characters (tab, CR, LF allowed).
PlainText = Annotated[str, AfterValidator(refuse_controls), _DocumentedAsPlain()]


def without_controls(value: Any) -> Any:
    """The value with control characters removed from every string inside it."""
    if isinstance(value, str):
        return _CONTROLS.sub("", value)
    if isinstance(value, dict):
        return {key: without_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_controls(item) for item in value]
    return value
