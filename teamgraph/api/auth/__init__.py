"""API tokens as HR keeps them: listed without their secret, revoked by id."""
