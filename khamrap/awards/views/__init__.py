"""Award pages, one module per side: the list and an application's page, the applicant's forms,
the assessors' sheets, and an organization's award history."""
