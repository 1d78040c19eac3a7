from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0008_private_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="reachimport",
            name="outcomes",
            field=models.JSONField(blank=True, default=list, verbose_name="reports and outcomes"),
        ),
    ]
