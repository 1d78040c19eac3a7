from wagtail.snippets.models import register_snippet

from campaigns.viewsets import ContentViewSetGroup

register_snippet(ContentViewSetGroup)
