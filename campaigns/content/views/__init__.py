"""Admin views beyond the snippet viewsets: the translation status reports."""
