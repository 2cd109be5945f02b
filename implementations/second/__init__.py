"""A second, independent portal of the walkthrough, to prove the suite judges any deployment.

Stdlib HTTP server, a vanilla JavaScript single-page app, sqlite3; see README.md.
"""
