"""Translators' tools: content as PO files (export and import), stale translations flagged, and
the public site's interface words translated in the CMS."""
