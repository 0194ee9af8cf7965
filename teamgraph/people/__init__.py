"""Our people: who they are, what they can do, and how much time they have for account work."""
