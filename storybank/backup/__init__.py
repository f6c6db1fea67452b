"""Backups of the whole database, restores that honour every withdrawal, and the withdrawal
ledger that makes that possible."""
