"""One shape for every refusal, in the reader's language (Thai first).

- 401 `{"detail": …}`: no token, or one revoked, expired or unknown;
- 403 `{"detail": …, "code": "forbidden"}`: an object the caller sees but may not change this way;
- 404 `{"detail": …}`: an object that does not exist or that the caller may not see (the same
  answer, so existence never leaks);
- 409 `{"detail": [...]}`: the result changed since the caller read it (`code: "stale"`);
- 422 `{"detail": [{"loc": [...], "msg": …, "code": …}]}`: bad input, with the field and why;
- 429 `{"detail": …}`: the token's rate limit, with Retry-After.

A service's coded ValidationError becomes 422 (409 when stale) with each field's messages.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError

CONFLICT_CODES = {"stale"}
# Every endpoint that takes a JSON body names its parameter so.
BODY_PARAMETER = "payload"


# A sentence for each of pydantic's error types (and the API's own), in the reader's language;
# `%(limit)s` and `%(choices)s` come from the error's context under the key beside them.
_NUMBER, _WHOLE, _DATE, _WHEN = (
    gettext_lazy("Enter a number."),
    gettext_lazy("Enter a whole number."),
    gettext_lazy("Enter a date as YYYY-MM-DD."),
    gettext_lazy("Enter a date and time in ISO 8601."),
)
_CHOOSE = gettext_lazy("Choose one of: %(choices)s.")
MESSAGES = {
    "missing": (gettext_lazy("This field is required."), None),
    "int_parsing": (_WHOLE, None),
    "int_type": (_WHOLE, None),
    "int_from_float": (_WHOLE, None),
    "float_parsing": (_NUMBER, None),
    "float_type": (_NUMBER, None),
    "decimal_parsing": (_NUMBER, None),
    "decimal_type": (_NUMBER, None),
    "bool_parsing": (gettext_lazy("Enter true or false."), None),
    "bool_type": (gettext_lazy("Enter true or false."), None),
    "string_type": (gettext_lazy("Enter text."), None),
    "list_type": (gettext_lazy("Enter a list."), None),
    "dict_type": (gettext_lazy("Enter an object."), None),
    "model_type": (gettext_lazy("Enter an object."), None),
    "model_attributes_type": (gettext_lazy("Enter an object."), None),
    "json_invalid": (gettext_lazy("The request body is not valid JSON."), None),
    "extra_forbidden": (gettext_lazy("This field is not known."), None),
    "enum": (_CHOOSE, ("choices", "expected")),
    "literal_error": (_CHOOSE, ("choices", "expected")),
    "string_too_long": (
        gettext_lazy("Enter at most %(limit)s characters."),
        ("limit", "max_length"),
    ),
    "string_too_short": (
        gettext_lazy("Enter at least %(limit)s characters."),
        ("limit", "min_length"),
    ),
    "greater_than_equal": (gettext_lazy("Enter a value of at least %(limit)s."), ("limit", "ge")),
    "greater_than": (gettext_lazy("Enter a value greater than %(limit)s."), ("limit", "gt")),
    "less_than_equal": (gettext_lazy("Enter a value of at most %(limit)s."), ("limit", "le")),
    "less_than": (gettext_lazy("Enter a value less than %(limit)s."), ("limit", "lt")),
    "decimal_max_digits": (gettext_lazy("Enter a number with fewer digits."), None),
    "decimal_max_places": (gettext_lazy("Enter a number with fewer decimal places."), None),
    "decimal_whole_digits": (
        gettext_lazy("Enter a number with fewer digits before the decimal point."),
        None,
    ),
    "finite_number": (gettext_lazy("Enter a finite number."), None),
    "date_parsing": (_DATE, None),
    "date_from_datetime_parsing": (_DATE, None),
    "date_type": (_DATE, None),
    "datetime_parsing": (_WHEN, None),
    "datetime_from_date_parsing": (_WHEN, None),
    "datetime_type": (_WHEN, None),
    "too_long": (gettext_lazy("Enter fewer items."), None),
    "too_short": (gettext_lazy("Enter more items."), None),
    "unknown_round": (
        gettext_lazy("This reporting round is not one of the agreement's fiscal year."),
        None,
    ),
}


def _pydantic_message(error: dict) -> str:
    """A Thai (or English) sentence for one of pydantic's error types."""
    message, placeholder = MESSAGES.get(error.get("type", ""), (None, None))
    if message is None:
        return _("This value is not valid.")
    if placeholder is None:
        return str(message)
    name, key = placeholder
    return str(message) % {name: (error.get("ctx") or {}).get(key, "")}


def _location(loc) -> list[str]:
    """Where the problem is, as a service says it: ["body", "value"], not django-ninja's
    ["body", "payload", "value"] (the name of the view's body parameter is no part of the API)."""
    parts = [str(part) for part in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == BODY_PARAMETER:
        del parts[1]
    return parts


def schema_errors(errors) -> list[dict]:
    return [
        {
            "loc": _location(error.get("loc", ())),
            "msg": _pydantic_message(error),
            "code": error.get("type", "invalid"),
        }
        for error in errors
    ]


def service_errors(error: ValidationError) -> list[dict]:
    """A service's ValidationError as located messages: each field of the body, or the whole."""
    found = []
    if hasattr(error, "error_dict"):
        for field, items in error.error_dict.items():
            loc = ["body"] if field == "__all__" else ["body", field]
            found.extend(
                {"loc": loc, "msg": " ".join(item.messages), "code": item.code or "invalid"}
                for item in items
            )
    else:
        found.extend(
            {"loc": ["body"], "msg": " ".join(item.messages), "code": item.code or "invalid"}
            for item in error.error_list
        )
    return found


def install(api: NinjaAPI) -> None:
    """The handlers of every refusal above."""

    @api.exception_handler(SchemaValidationError)
    def bad_input(request, exc):
        return api.create_response(request, {"detail": schema_errors(exc.errors)}, status=422)

    @api.exception_handler(ValidationError)
    def refused(request, exc):
        details = service_errors(exc)
        status = 409 if any(d["code"] in CONFLICT_CODES for d in details) else 422
        return api.create_response(request, {"detail": details}, status=status)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = _("You may not do this.")
        return api.create_response(request, {"detail": detail, "code": "forbidden"}, status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = _("Send a valid API token (Authorization: Bearer khr_…) or sign in.")
        return api.create_response(request, {"detail": detail}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # What django-ninja refuses itself: a body it cannot read, a session request without
        # its CSRF token.
        if exc.status_code == 400:
            problem = {
                "loc": ["body"],
                "msg": _("The request body could not be read."),
                "code": "parse",
            }
            return api.create_response(request, {"detail": [problem]}, status=422)
        if exc.status_code == 403:
            detail = _("The form's security token (CSRF) is missing or wrong: reload the page.")
            return api.create_response(request, {"detail": detail, "code": "csrf"}, status=403)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        response = api.create_response(
            request, {"detail": _("Too many requests: wait a little and try again.")}, status=429
        )
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response
