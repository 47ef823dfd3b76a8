"""Investment projects' resources (written by the projects' part of the app)."""
