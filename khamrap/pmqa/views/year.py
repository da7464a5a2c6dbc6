"""Placeholder until this module's pages are written (being built now)."""

from django.http import Http404


def year_list(request, **kwargs):
    raise Http404


def year_create(request, **kwargs):
    raise Http404


def year_detail(request, **kwargs):
    raise Http404


def plan_edit(request, **kwargs):
    raise Http404


def working_group_edit(request, **kwargs):
    raise Http404


def units_edit(request, **kwargs):
    raise Http404


def activity_edit(request, **kwargs):
    raise Http404


def year_move(request, **kwargs):
    raise Http404


def indicator_edit(request, **kwargs):
    raise Http404
