"""People: users and roles, teams, skills, organizations, contacts, sessions and tokens; access_* gates."""
