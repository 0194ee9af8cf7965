"""Key accounts, their contacts and org chart, and our relationships with those contacts."""
