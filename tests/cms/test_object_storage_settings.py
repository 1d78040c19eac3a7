"""cms.settings.production with and without object storage, loaded in a subprocess as a
deployment loads it (tests/cms/test_production_settings.run): two buckets or none, signed URLs
on the private one only, documents always through Wagtail's view, check --deploy still clean."""

from tests.cms.test_production_settings import run, values

BUCKETS = {
    "AWS_STORAGE_BUCKET_NAME": "campaigns-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "campaigns-evidence",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_S3_REGION_NAME": "eu-west-3",
}


def test_without_buckets_media_stay_on_disk():
    found = values(["STORAGES", "WAGTAILDOCS_SERVE_METHOD"])
    assert found["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert found["STORAGES"]["private"]["BACKEND"].endswith("FileSystemStorage")
    assert found["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_buckets_put_media_on_object_storage():
    found = values(["STORAGES", "WAGTAILDOCS_SERVE_METHOD"], **BUCKETS)
    public, private = found["STORAGES"]["default"], found["STORAGES"]["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == "campaigns-media"
    assert private["OPTIONS"]["bucket_name"] == "campaigns-evidence"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 60
    assert private["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert found["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert found["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    code = (
        "from django.core.files.storage import storages\n"
        "print(type(storages['private']).__name__, storages['private'].bucket_name)"
    )
    result = run(code, **BUCKETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["S3Storage", "campaigns-evidence"]


def test_a_public_bucket_alone_is_refused():
    result = run("", AWS_STORAGE_BUCKET_NAME="campaigns-media")
    assert result.returncode != 0
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME must name a second, private bucket" in result.stderr


def test_check_deploy_stays_clean_on_object_storage():
    result = run(
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        **BUCKETS,
    )
    assert result.returncode == 0, result.stderr[-3000:]
