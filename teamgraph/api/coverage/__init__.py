"""The relationship web in the API: an account's coverage, introduction paths, the talent map."""
