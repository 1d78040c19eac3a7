"""factory_boy factories and builders, the one place tests get their objects from."""

import factory
from django.contrib.auth import get_user_model

from campaigns.demo.site import ensure_home_page

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


def home_page():
    """The site's home page, created (with the tree root and default site) if missing."""
    return ensure_home_page()
