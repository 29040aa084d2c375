"""Accounts: creating and finding users, roles, password rules and authentication."""
