"""Accounts in the API: the `Account` and `Contact` nodes, relationships, their queries and the
KAM's mutations (accounts, contacts, relationships, interactions)."""
