"""Form fields shared by every app, and what makes every form of the site speak Thai."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name
from django.utils.choices import BlankChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

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
# Django's empty choice of a select ("---------" of a model field's choices, of a ModelChoiceField).
_DJANGO_EMPTY_CHOICE = "---------"
FILE_INPUT_TEMPLATE = "web/widgets/file_input.html"


class FieldMaxLengthValidator(MaxLengthValidator):
    """Refuses a text over the limit with a message naming the field, the limit and the length.

    The browser's maxlength attribute is not used: it silently cuts a pasted text at the limit, so
    the person never learns that the end of what they pasted was lost.
    """

    message = ngettext_lazy(
        "“%(label)s” can be at most %(limit)s character long; this text has %(length)s.",
        "“%(label)s” can be at most %(limit)s characters long; this text has %(length)s.",
        "limit_value",
    )

    def __init__(self, limit_value: int, field: forms.Field, name: str):
        super().__init__(limit_value)
        self.field, self.name = field, name

    @property
    def label(self):
        # Read when the text is checked: a form may relabel its fields after friendly_errors.
        return self.field.label if self.field.label is not None else pretty_name(self.name)

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "label": self.label,
                    "limit_value": self.limit_value,
                    "limit": f"{self.limit_value:,}",
                    "length": f"{length:,}",
                    "value": value,
                },
            )


def _thai_messages(field: forms.Field, name: str) -> None:
    messages = dict(FRIENDLY_ERROR_MESSAGES)
    # A list is chosen from and a file chosen, not filled in.
    if isinstance(field, forms.ChoiceField):
        messages["required"] = _("Please choose from the list.")
    elif isinstance(field, forms.FileField):
        messages["required"] = _("Please choose a file.")
    for code, message in messages.items():
        current = field.error_messages.get(code)
        if current is not None and any(current is d.get(code) for d in _DJANGO_DEFAULTS):
            field.error_messages[code] = message
    field.validators = [
        FieldMaxLengthValidator(v.limit_value, field, name)
        if type(v) is MaxLengthValidator and v.message is MaxLengthValidator.message
        else v
        for v in field.validators
    ]


def _empty_choice_label(field: forms.Field):
    return _("— choose —") if field.required else _("— none —")


def _thai_empty_choice(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DJANGO_EMPTY_CHOICE:
            field.empty_label = _empty_choice_label(field)
    elif isinstance(field, forms.ChoiceField):
        choices = field.choices
        if isinstance(choices, BlankChoiceIterator):  # a model field's choices
            if list(choices.blank_choice) == [("", _DJANGO_EMPTY_CHOICE)]:
                blank = [("", _empty_choice_label(field))]
                field.choices = BlankChoiceIterator(choices.choices, blank)
        elif isinstance(choices, list) and choices and choices[0] == ("", _DJANGO_EMPTY_CHOICE):
            field.choices = [("", _empty_choice_label(field)), *choices[1:]]


def _thai_widget(field: forms.Field) -> None:
    widget = field.widget
    if widget.is_hidden:
        return
    limit = widget.attrs.pop("maxlength", None)
    if limit is not None:
        # khamrap.js counts the characters as they are typed and says when the text is too long.
        widget.attrs["data-maxlength"] = limit
        widget.attrs["data-maxlength-near"] = _("%(count)s of at most %(limit)s characters")
        widget.attrs["data-maxlength-over"] = _(
            "%(count)s characters, %(over)s over the limit of %(limit)s: shorten the text, "
            "or it will not be saved"
        )
    if isinstance(widget, forms.NumberInput):
        # The browser's number box answers in its own language ("Please enter a number.") and
        # silently empties Thai digits; a text box sends what was typed and the server answers.
        attrs = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
        whole = isinstance(field, forms.IntegerField) and not isinstance(
            field, forms.DecimalField | forms.FloatField
        )
        attrs.setdefault("inputmode", "numeric" if whole else "decimal")
        field.widget = forms.TextInput(attrs=attrs)
        field.widget.is_required = widget.is_required
    elif isinstance(widget, forms.FileInput):
        # The browser draws its own "Choose File / No file chosen" in its own language: a Thai
        # button (a label over the visually hidden input, so the keyboard and screen readers still
        # reach the real input) and the chosen file's name, shown by khamrap.js.
        widget.template_name = FILE_INPUT_TEMPLATE


def friendly_errors(form: forms.BaseForm) -> None:
    """Make every field of `form` answer in clear Thai and never lose or cut what was typed.

    The browser judges nothing: every form is sent as typed (khamrap.js sets novalidate on each)
    and the server answers at the field, in Thai, with the typed text kept. So: Django's default
    messages become the house's (a field's own messages stay); a text over its limit is refused
    with a message naming the field and the limit instead of being cut by the browser; the empty
    choice of a select reads "— choose —"; number boxes become text boxes; a file input gets a
    Thai button.
    """
    for name, field in form.fields.items():
        _thai_messages(field, name)
        _thai_empty_choice(field)
        _thai_widget(field)


class FriendlyForm(forms.Form):
    """A form whose messages and widgets speak Thai (friendly_errors)."""

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
