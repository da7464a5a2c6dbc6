"""Placeholder until this module's pages are written (being built now)."""

from django.http import Http404


def profile_edit(request, **kwargs):
    raise Http404


def assessment_list(request, **kwargs):
    raise Http404


def assessment_edit(request, **kwargs):
    raise Http404


def comparisons(request, **kwargs):
    raise Http404
