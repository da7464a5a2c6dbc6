import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from .middleware import DATABASE_DOWN_ERRORS, database_unavailable_response
from .selectors import my_work


@login_required
def home(request):
    """My work: what the signed-in person is responsible for, and what is due."""
    today = timezone.localdate()
    return render(request, "web/home.html", {"work": my_work(request.user, today), "today": today})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the database or a context processor may be what failed.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN_ERRORS):
        # Failed outside a view (a middleware saving the session): the same 503 as in a view.
        return database_unavailable_response(error)
    return HttpResponseServerError(loader.get_template("500.html").render())
