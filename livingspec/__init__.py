"""The living specification: a static French HTML report built from a saved run model."""
