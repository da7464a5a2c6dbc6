"""The agreement file: one organization's performance agreement for one fiscal year as YAML or JSON.

Pure: text in, frozen values out and back again, no Django, no database. The file lists the
indicators (ตัวชี้วัด) with their framework group, weight, scoring criteria, people and results.
Every number is read as a `Decimal` from the digits written in the file, so the four-decimal
figures printed are exactly the ones the arithmetic used. docs/agreement-file.md describes the
format field by field.

- `spec`: the values a file is read into (`AgreementFile`, `IndicatorSpec`, `PersonSpec`, ...).
- `yaml_json`: reading (`load`, `load_path`) and writing (`dump`, `to_data`) YAML and JSON text.
- `checks`, `criteria_checks`, `value_checks`: parsed data checked into specs (`from_data`),
  every fault a `Problem` (`problems`) with its place, said in Thai and in English.
- `report`: the file scored (`score_report`) and its figures for `--json` (`report_json`); the
  terminal table is `khamrap.cli_table`.

Callers use the names below as `agreement_file.X`; the modules are the package's own layout.
"""

from khamrap.rules.agreement_file.checks import from_data
from khamrap.rules.agreement_file.problems import AgreementFileError, Location, Problem
from khamrap.rules.agreement_file.report import (
    GroupLine,
    PartLine,
    ReportLine,
    ScoreReport,
    report_json,
    score_report,
)
from khamrap.rules.agreement_file.spec import (
    FORMAT,
    KIND_LABELS,
    AgreementFile,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    OrganizationSpec,
    PersonSpec,
    StepSpec,
)
from khamrap.rules.agreement_file.yaml_json import (
    MAX_NESTING,
    FileFormat,
    dump,
    load,
    load_path,
    to_data,
)

__all__ = [
    "FORMAT",
    "KIND_LABELS",
    "MAX_NESTING",
    "AgreementFile",
    "AgreementFileError",
    "FileFormat",
    "FrameworkSpec",
    "GroupLine",
    "GroupSpec",
    "IndicatorSpec",
    "Location",
    "OrganizationSpec",
    "PartLine",
    "PersonSpec",
    "Problem",
    "ReportLine",
    "ScoreReport",
    "StepSpec",
    "dump",
    "from_data",
    "load",
    "load_path",
    "report_json",
    "score_report",
    "to_data",
]
