"""Fetch new answers from the Flemish Parliament's open data into sources/."""
