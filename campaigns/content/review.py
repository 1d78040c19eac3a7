"""What happens when the funder's review ends (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def approved_revision(workflow_state):
    """The revision the last task approved: its task state's, which is what its reviewers saw.

    A later revision (made while the item waited, by whoever the review's lock let through) was
    never approved: it stays a draft."""
    task_state = workflow_state.current_task_state
    if task_state is not None and task_state.revision_id is not None:
        return task_state.revision
    return workflow_state.content_object.get_latest_revision()


def publish_approved(workflow_state, user=None):
    """Publish what the last reviewer approved, logged as their action.

    Wagtail's default publishes the latest revision with the approver's own permissions, which
    would force us to give funder reviewers the right to publish anything by any route. Approval
    is the permission here: the workflow has checked that ``user`` may act on its last task.
    """
    approved_revision(workflow_state).publish(user=user, skip_permission_checks=True)
