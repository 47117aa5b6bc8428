"""``make bench``: measurements of the site and the playground, each against a baseline of the same run."""
