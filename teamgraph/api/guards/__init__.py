"""The endpoint's guards, applied before and around GraphQL: bearer-token authentication and the
request's session, the body size, the document limits, GitHub's node limit, and disclosure
(masked errors, no suggestions)."""
