"""Form fields shared by every app."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khamrap.rules import thai

# Django's own Thai messages are terse or awkward ("ฟิลด์นี้จำเป็น"); these read as a Thai office writes.
FRIENDLY_ERROR_MESSAGES = {
    "required": _("Please fill in this field."),
    "invalid_choice": _("Please choose one of the options offered."),
    "invalid_list": _("Please choose one of the options offered."),
}
_DJANGO_DEFAULTS = [
    forms.Field.default_error_messages,
    forms.ChoiceField.default_error_messages,
    forms.MultipleChoiceField.default_error_messages,
    forms.ModelChoiceField.default_error_messages,
    forms.ModelMultipleChoiceField.default_error_messages,
]


def friendly_errors(form: forms.BaseForm) -> None:
    """Replace Django's default messages on every field of `form`; a field's own messages stay."""
    for field in form.fields.values():
        for code, message in FRIENDLY_ERROR_MESSAGES.items():
            current = field.error_messages.get(code)
            if current is not None and any(current is d.get(code) for d in _DJANGO_DEFAULTS):
                field.error_messages[code] = message


class FriendlyForm(forms.Form):
    """A form whose common error messages are clear Thai sentences."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        friendly_errors(self)


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


class ThaiDecimalField(forms.DecimalField):
    """A number the way Thai users type it: Thai digits (๘๕.๕), commas between thousands (1,234.5).

    A text box, not the browser's number box: a number box silently empties "3,2" or Thai digits
    and the person never learns why their result was not saved. "3,2" is refused with a message
    (a comma separates thousands in Thai), never read as 32.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "comma_decimal": _("Use a point for decimals, e.g. 3.2 (a comma separates thousands)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str):
            return super().to_python(value)
        try:
            number = thai.parse_number(value)
        except thai.ThaiNumberError as error:
            code = error.code if error.code == "comma_decimal" else "invalid"
            raise ValidationError(self.error_messages[code], code=code) from error
        return super().to_python(number)

    def widget_attrs(self, widget):
        # The number box's min/max/step attributes mean nothing to a text box.
        return {
            key: value
            for key, value in super().widget_attrs(widget).items()
            if key not in {"min", "max", "step"}
        }
