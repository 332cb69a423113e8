"""Import of advisors from partner registers: read a CSV/JSON file, map its columns, check every
row (dry run), then create the good rows as unpublished drafts with an invitation to claim them."""
