"""Excel in and out: exports people read, templates they fill in, and imports that take all or nothing.

Out (openpyxl): an agreement's indicators and targets, a round's results with their scores, and a
roll-up of many organizations. In: the same sheets come back. Indicators become a
`rules.agreement_file.AgreementFile` and go through `agreements.file_import.agreement_import`, so the
database rules stay in one place; results go through `reporting.services.results_save_many`
(result_save's rules for every row, in bulk), with the uploading person's rights and the version
each result had when the file was downloaded. Every problem is reported with its sheet, row and
column, and a file with any problem writes nothing.

- `format`: the file format: sheet names, column headers, the labels of coded values, the columns
  of every table (`Column`, `Table`) and the limits an upload must keep.
- `writer`: a `Table` as a sheet (`write_table`) in Sarabun, fitted and set up for printing; the
  instructions and the hidden sheet that names a results file's round.
- `rows`: one row generator per table (`indicator_rows`, `result_rows`, `rollup_rows`, ...).
- `exports`: the workbooks people download (`agreement_indicators_xlsx`, `round_results_xlsx`, ...).
- `problems`: what is wrong with an upload (`SheetProblem`, `ExcelImportError`).
- `reader`: an upload opened and checked (`open_book`), its sheets read by header (`read_sheet`)
  and its cells by type (`Row`).
- `import_indicators`, `import_results`: the two imports (`indicators_import`, `results_import`,
  `results_import_many`).
"""
