"""What every API domain uses: the request context, global ids, the Node registry, cursor
connections, the error types, the mutation plumbing, loader factories and the GraphQL enums."""
