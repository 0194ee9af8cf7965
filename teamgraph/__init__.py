"""teamgraph: staff key-account teams from a talent map and a relationship web."""
