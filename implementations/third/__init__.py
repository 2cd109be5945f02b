"""A third portal of the walkthrough: web components, a toast, a modal dialog and hash routes.

Flask JSON API, stdlib sqlite3, argon2 passwords, an HTML-only quoted-printable email; see
README.md. A test fixture that keeps the suite honest on today's front ends, not a product.
"""
