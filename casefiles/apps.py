"""Case files in and out: schema, checks, loader, writer, import page, commands."""

from django.apps import AppConfig


class CaseFilesConfig(AppConfig):
    name = "casefiles"
