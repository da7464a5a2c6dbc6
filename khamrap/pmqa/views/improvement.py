"""Placeholder until this module's pages are written (being built now)."""

from django.http import Http404


def plan_detail(request, **kwargs):
    raise Http404


def project_create(request, **kwargs):
    raise Http404


def project_edit(request, **kwargs):
    raise Http404


def project_report(request, **kwargs):
    raise Http404
