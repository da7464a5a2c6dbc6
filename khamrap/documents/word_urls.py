"""The Word version of a performance agreement.

Included from khamrap/urls.py as path("documents/word/", include("khamrap.documents.word_urls")).
"""

from django.urls import path

from . import word_views

app_name = "documents_word"

urlpatterns = [
    path("agreements/<int:pk>/", word_views.agreement_docx, name="agreement_docx"),
]
