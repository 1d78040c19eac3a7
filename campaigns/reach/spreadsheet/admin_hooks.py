"""Admin URLs and Reach menu items of the spreadsheet import (see campaigns.wagtail_hooks)."""
