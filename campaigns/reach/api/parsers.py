"""The API's JSON parser: DRF's, refusing with a 400 (``parse_error``) what would otherwise end
in a 500 further on.

- JSON nested deeper than the API's shapes ever are (`MAX_DEPTH`): a deeply nested body makes
  Python's parser (and anything walking the data) run out of stack.
- A NUL character (``\\u0000``) anywhere, keys included: PostgreSQL cannot store it in text.
- A lone surrogate (``\\ud800`` without its pair): it cannot be encoded in UTF-8, neither for
  the database nor for the answer that would quote it. A pair (``\\ud83d\\udcfb``) is one
  ordinary character and is accepted.
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 16  # a bulk body is [ {report} -> values -> {indicator} -> breakdown -> [cell] ]: 6
FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the body)"


def check_parsed(data) -> None:
    """Walk the parsed JSON without recursion; raise ParseError on what the API refuses."""
    stack = [(data, (), 1)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError(
                _("JSON parse error - nested deeper than %(depth)s levels at %(where)s.")
                % {"depth": MAX_DEPTH, "where": _path(where)}
            )
        if isinstance(item, str):
            if FORBIDDEN.search(item):
                raise ParseError(
                    _(
                        "JSON parse error - a text at %(where)s holds a NUL character or an "
                        "unpaired surrogate (\\u0000, \\ud800-\\udfff), which cannot be stored."
                    )
                    % {"where": _path(where)}
                )
        elif isinstance(item, dict):
            for key, value in item.items():
                if FORBIDDEN.search(key):
                    raise ParseError(
                        _(
                            "JSON parse error - a key at %(where)s holds a NUL character or an "
                            "unpaired surrogate (\\u0000, \\ud800-\\udfff)."
                        )
                        % {"where": _path(where)}
                    )
                stack.append((value, (*where, key), depth + 1))
        elif isinstance(item, list):
            stack.extend((value, (*where, index), depth + 1) for index, value in enumerate(item))


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON parse error - nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
            ) from None
        check_parsed(data)
        return data
