"""Joins the two reporting migrations made side by side (site counts, reporting settings)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_site_counts"),
        ("campaigns", "0012_reporting_settings"),
    ]

    operations = []
