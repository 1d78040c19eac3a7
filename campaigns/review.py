"""What happens when the funder's review ends (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved(workflow_state, user=None):
    """Publish what the last reviewer approved, logged as their action.

    Wagtail's default publishes with the approver's own permissions, which would force us to
    give funder reviewers the right to publish anything by any route. Approval is the permission
    here: the workflow has checked that ``user`` may act on its last task.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
