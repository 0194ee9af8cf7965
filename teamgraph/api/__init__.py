"""The GraphQL API: strawberry types, queries and mutations, one module per domain."""
