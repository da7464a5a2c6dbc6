"""Thai for django-treebeard's admin strings, which ship with no Thai catalogue.

Marking them here puts them in khamrap's catalogue; Django looks in LOCALE_PATHS first, so the
admin's tree form reads in Thai. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

TREEBEARD_STRINGS = [
    gettext_noop("Child of"),
    gettext_noop("Sibling of"),
    gettext_noop("First child of"),
    gettext_noop("Before"),
    gettext_noop("After"),
    gettext_noop("Position"),
    gettext_noop("Relative to"),
    gettext_noop("-- root --"),
    gettext_noop("Invalid form data provided"),
    gettext_noop("You do not have permission to change this object."),
]
