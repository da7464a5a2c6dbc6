"""Form fields shared by every app."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khamrap.rules import thai


class ThaiDateInput(forms.TextInput):
    """A text box for a Buddhist Era date (31/03/2569); browsers' date pickers show CE years."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy (B.E.)"),
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return thai.input_format(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """Reads dates the way Thai users type them: 31/3/2569, 31 มี.ค. 2569, Thai digits."""

    widget = ThaiDateInput
    default_error_messages = {
        "format": _("Enter a date as day/month/year in the Buddhist Era, e.g. 31/03/2569."),
        "year": _("The year is out of range; write it in the Buddhist Era, e.g. 2569."),
        "invalid": _("This date does not exist in the calendar."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return thai.parse_date(str(value))
        except thai.ThaiDateError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from error
