"""Our people in the API: the `Person` node, the `people` search and HR's mutations."""
