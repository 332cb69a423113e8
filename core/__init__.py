"""Building blocks every app may use; imports no other app of the project (see README "Architecture")."""
