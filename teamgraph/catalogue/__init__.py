"""The skills catalogue HR keeps: a taxonomy of skills with aliases, merges and retirements."""
