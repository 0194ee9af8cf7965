"""Team assembly in the API: proposals, candidates, and the solve, accept and what-if
mutations."""
