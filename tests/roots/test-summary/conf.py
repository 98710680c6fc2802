extensions = ["hub_evidence"]
myst_enable_extensions = ["colon_fence"]
