"""The error every attempt rule raises: a translated message for the counselor and a `code` for callers."""


class AttemptError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
