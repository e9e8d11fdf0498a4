"""Drafting observations from a new article."""
