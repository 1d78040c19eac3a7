import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0010_reach_report_field_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportingSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reports_due_day",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text=(
                            "Day of the next month by which each organisation submits its "
                            "reports for a month (1 to 28). An organisation that has submitted "
                            "nothing by then is shown as late."
                        ),
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(28),
                        ],
                        verbose_name="reports are due by day",
                    ),
                ),
            ],
            options={
                "verbose_name": "reporting settings",
                "verbose_name_plural": "reporting settings",
            },
        ),
    ]
