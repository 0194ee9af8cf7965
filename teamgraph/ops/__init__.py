"""What an operator needs from a running server: structured logs carrying each request's id and
operation, Prometheus metrics, the health checks, and freed memory handed back to the system.
Shared by the app, the API and staffing (solver runs), so it imports nothing of theirs."""
