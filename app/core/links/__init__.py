"""app/core/links."""
