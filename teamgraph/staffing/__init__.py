"""Team assembly: the store's plan -> a solver problem -> a stored, explained proposal."""
