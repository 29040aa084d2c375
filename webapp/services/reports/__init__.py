"""Numbers for the admin: what counts as a sale (the ledger), report figures, overview, order search, date ranges."""
