"""Thai first: the language is Thai unless the person chose English with the language switch;
and a database that cannot be reached answers a 503 page, not a 500."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class ThaiFirstLocaleMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    A civil servant's browser often says English; the system still speaks Thai until they choose
    otherwise (the choice is kept in Django's language cookie by the set_language view).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseUnavailableMiddleware:
    """The database down (or refusing connections) answers a Thai and English 503 page.

    Rendered without the request, so no context processor touches the database again; with
    Retry-After, so a browser or a proxy knows to come back. Nothing to recover by hand: Django
    closes the broken connection when the request ends (it has errors_occurred and fails its
    health check) and the next request opens a new one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            return database_unavailable_response(exception)
        return None


DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response(exception: BaseException) -> HttpResponse:
    """The 503 page, from a template that needs neither the request nor the database."""
    logger.error("The database is unavailable: %s", exception)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
