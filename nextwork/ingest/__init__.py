"""Getting an export in and keeping it: the contract, readers, checks, the database file and
its swaps, history and audit."""
