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
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError

CONFLICT_CODES = {"stale"}
# Every endpoint that takes a JSON body names its parameter so.
BODY_PARAMETER = "payload"


def _pydantic_message(error: dict) -> str:
    """A Thai (or English) sentence for one of pydantic's error types."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "model_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "json_invalid": _("The request body is not valid JSON."),
        "extra_forbidden": _("This field is not known."),
        "enum": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "literal_error": _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
        "string_too_long": _("Enter at most %(limit)s characters.")
        % {"limit": ctx.get("max_length", "")},
        "string_too_short": _("Enter at least %(limit)s characters.")
        % {"limit": ctx.get("min_length", "")},
        "greater_than_equal": _("Enter a value of at least %(limit)s.")
        % {"limit": ctx.get("ge", "")},
        "greater_than": _("Enter a value greater than %(limit)s.") % {"limit": ctx.get("gt", "")},
        "less_than_equal": _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le", "")},
        "less_than": _("Enter a value less than %(limit)s.") % {"limit": ctx.get("lt", "")},
        "decimal_max_digits": _("Enter a number with fewer digits."),
        "decimal_max_places": _("Enter a number with fewer decimal places."),
        "decimal_whole_digits": _("Enter a number with fewer digits before the decimal point."),
        "finite_number": _("Enter a finite number."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601."),
        "datetime_from_date_parsing": _("Enter a date and time in ISO 8601."),
        "datetime_type": _("Enter a date and time in ISO 8601."),
        "too_long": _("Enter fewer items."),
        "too_short": _("Enter more items."),
        "unknown_round": _("This reporting round is not one of the agreement's fiscal year."),
    }
    return messages.get(kind) or _("This value is not valid.")


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
