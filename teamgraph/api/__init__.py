"""The GraphQL API (strawberry): a package per domain, `core` for what they share, `guards`
for what the endpoint refuses, and `schema` composing them. See README's Layout."""
