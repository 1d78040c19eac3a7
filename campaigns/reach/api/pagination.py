"""Page-numbered lists for partner systems: `?page=2&page_size=500` (at most 1,000 a page)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
