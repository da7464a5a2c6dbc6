"""The agreement linter: every problem of a draft performance agreement, found before it is signed.

Values in, values out: no Django, no database. The page that shows an agreement turns its rows into
the frozen drafts (`drafts`), calls `check_agreement` with the reform issues the agreements must
cover (`ReformIssues`: seed 001, which the agreements app keeps among its presets and passes in),
and lists the problems in the order they come: indicator by indicator (each indicator followed by
its sub-indicators), then the problems of the agreement as a whole. Every message is a Thai
sentence that names the indicator and says what to fix, with the same sentence in English beside it
(`Problem.message_en`) for pages read in English: the rules stay free of Django, and the page picks
the reader's language (`Problem.text`).

Decisions that the rules leave open:
- People on a composite: results of a composite are entered on its sub-indicators (the scoring
  engine refuses a result on the composite itself), so every sub-indicator must be reachable by a
  supervisor and a data collector. A sub-indicator without its own takes those of its composite;
  the error is reported on each sub-indicator that has neither. A composite without sub-indicators
  is checked on itself.
- Groups: a sub-indicator belongs to its composite's group, so only top-level indicators are checked
  against the framework's groups and counted in group weights. A draft with no groups at all (a
  framework without dimensions or components) skips the group checks.
- The top-level weight total is still checked when some weights are missing; the message says how
  many indicators it does not count yet.
- Sub-indicators of an indicator that is not composite are still checked one by one, besides the
  error on the indicator itself.

The modules, in the order a draft goes through them:
- `drafts`: the values in (`AgreementDraft`, `IndicatorDraft`, `StepDraft`, `GroupDraft`);
- `problems`: the values out (`Problem`, its severity, `has_errors`);
- `linter`: `check_agreement`, which runs the checks below in order and labels their problems;
- `indicators`: one indicator's number, name, kind, weight, group, sub-indicators and people;
- `criteria`: its targets and steps, in the scoring engine's terms;
- `agreement`: the weights of the agreement and of its groups;
- `issues`: the reform issues passed in (`ReformIssues`) and their coverage (`issue_coverage`);
- `wording`: the words the messages share, in Thai and in English.
"""

from .drafts import AgreementDraft, GroupDraft, IndicatorDraft, StepDraft
from .issues import IssueCoverage, ReformIssue, ReformIssues, issue_coverage
from .linter import check_agreement
from .problems import ERROR, WARNING, Problem, Severity, has_errors

__all__ = [
    "ERROR",
    "WARNING",
    "AgreementDraft",
    "GroupDraft",
    "IndicatorDraft",
    "IssueCoverage",
    "Problem",
    "ReformIssue",
    "ReformIssues",
    "Severity",
    "StepDraft",
    "check_agreement",
    "has_errors",
    "issue_coverage",
]
