"""Admin screens of reach reports beyond the snippet views: entry grid, lifecycle, history."""
