"""The site language: zh-Hans unless the person picked another one with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so an English-language browser would
get the English site by default. Here Chinese is the default for everyone; English is a choice, kept in the
language cookie that `set_language` writes.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
