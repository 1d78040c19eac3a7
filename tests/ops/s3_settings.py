"""The test settings with media on object storage configured from the environment, as the
production settings configure it (cms.storage.object_storages): the restore subprocess of
tests/ops/test_object_storage_backup.py."""

from cms.settings.test import *  # noqa: F403
from cms.storage import object_storages

STORAGES = {**STORAGES, **object_storages()}  # noqa: F405
WAGTAILDOCS_SERVE_METHOD = "serve_view"
