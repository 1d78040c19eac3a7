"""Admin URLs and Reach menu items of the spreadsheet import (imported by campaigns.wagtail_hooks)."""
