"""The routers: each does the work for one part of the API."""
