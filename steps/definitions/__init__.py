"""Step definitions: one module per area of features/, and common.py for the steps several share.

Each is registered by name in the root conftest.py (`pytest_plugins`); their helpers are in
steps/support/.
"""
