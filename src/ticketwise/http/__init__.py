"""HTTP plumbing shared by the API and the web UI: who is asking, in which language, in which transaction."""
