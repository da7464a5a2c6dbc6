"""Placeholder until this module's pages are written (being built now)."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404
