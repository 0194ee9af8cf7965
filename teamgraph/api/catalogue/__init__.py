"""The skills catalogue in the API: the `Skill` node, its queries and HR's mutations."""
